from django.contrib import admin
from django.urls import include, path

from openita.accounts.home import home
from openita.core import urls as core_urls

# The landing page keeps its name `core:home`; its view asks accounts for the person's units (core may not).
core_patterns = ([path("", home, name="home"), *core_urls.urlpatterns], core_urls.app_name)

urlpatterns = [
    path("s/", include("openita.surveys.public_urls")),  # first: the busiest path, by far
    path("", include(core_patterns)),
    path("", include("openita.operations.urls")),
    path("accounts/", include("openita.accounts.urls")),
    path("units/", include("openita.accounts.unit_urls")),
    path("imports/", include("openita.imports.urls")),
    path("plan-import/", include("openita.plan_import.urls")),
    path("frameworks/", include("openita.frameworks.urls")),
    path("oit/", include("openita.oit.urls")),
    path("measures/", include("openita.measures.urls")),
    path("risks/", include("openita.risks.urls")),
    path("announcements/", include("openita.announcements.urls")),
    path("working-groups/", include("openita.working_groups.urls")),
    path("calendar/", include("openita.ita_calendar.urls")),
    path("audit/", include("openita.accounts.history_urls")),
    path("tasks/", include("openita.tasks.urls")),
    path("line/", include("openita.notifications.urls")),
    path("results/", include("openita.scoring.urls")),
    path("surveys/", include("openita.surveys.urls")),
    path("", include("openita.complaints.urls")),  # /c/<unit>/ (public) and /complaints/<unit>/
    path("documents/", include("openita.documents.urls")),
    path("", include("openita.participation.urls")),  # /p/<unit>/qa/ before the public site
    path("", include("openita.public_site.urls")),
    path("api/", include("openita.api.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

# No public media: every uploaded file is private (openita.core.uploads) and served by a view that checks who
# asks for it, with or without DEBUG.
