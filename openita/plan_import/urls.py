from django.urls import path

from . import views

app_name = "plan_import"

YEAR = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path(YEAR, views.upload, name="upload"),
    path(YEAR + "<int:import_id>/", views.preview, name="preview"),
    path(YEAR + "<int:import_id>/progress/", views.progress, name="progress"),
]
