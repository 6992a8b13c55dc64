from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("s/", include("openita.surveys.public_urls")),  # first: the busiest path, by far
    path("", include("openita.core.urls")),
    path("accounts/", include("openita.accounts.urls")),
    path("units/", include("openita.units.urls")),
    path("imports/", include("openita.imports.urls")),
    path("frameworks/", include("openita.frameworks.urls")),
    path("oit/", include("openita.oit.urls")),
    path("measures/", include("openita.measures.urls")),
    path("working-groups/", include("openita.working_groups.urls")),
    path("calendar/", include("openita.ita_calendar.urls")),
    path("audit/", include("openita.audit.urls")),
    path("results/", include("openita.scoring.urls")),
    path("surveys/", include("openita.surveys.urls")),
    path("documents/", include("openita.documents.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

# No public media: every uploaded file is private (openita.core.uploads) and served by a view that checks who
# asks for it, with or without DEBUG.
