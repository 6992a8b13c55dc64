from django.urls import path

from openita.core import views

app_name = "core"
# `core:home` (the landing page) is added to this namespace by openita/urls.py: its view is in accounts.
urlpatterns = [
    path("health/", views.health, name="health"),
    path("fiscal-year/", views.select_fiscal_year, name="select_fiscal_year"),
    path("help/<slug:area>/", views.help_page, name="help"),
]
