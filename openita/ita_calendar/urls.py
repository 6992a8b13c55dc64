from django.urls import path

from openita.ita_calendar import views

app_name = "ita_calendar"

YEAR = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path(YEAR, views.timeline, name="timeline"),
    path(YEAR + "setup/", views.setup, name="setup"),
    path(YEAR + "phases/new/", views.phase_create, name="phase_create"),
    path(YEAR + "phases/<int:phase_id>/", views.phase_edit, name="phase_edit"),
]
