from django.urls import path

from openita.scoring import views

app_name = "scoring"
urlpatterns = [
    path("<str:unit_code>/", views.unit_results, name="unit_results"),
    path("<str:unit_code>/official/", views.official_results, name="official_results"),
    path("<str:unit_code>/official/new/", views.official_entry, name="official_entry"),
    path("<str:unit_code>/official/import/", views.official_import, name="official_import"),
    path(
        "<str:unit_code>/official/<int:result_id>/delete/",
        views.official_delete,
        name="official_delete",
    ),
    path("<str:unit_code>/<int:fiscal_year>/", views.unit_result, name="unit_result"),
    path(
        "<str:unit_code>/<int:fiscal_year>/recompute/",
        views.recompute_unit,
        name="recompute_unit",
    ),
    path(
        "<str:unit_code>/<int:fiscal_year>/recompute/progress/",
        views.recompute_progress,
        name="recompute_progress",
    ),
    path("<str:unit_code>/<int:fiscal_year>/units/", views.units_overview, name="units_overview"),
    path(
        "<str:unit_code>/<int:fiscal_year>/units.xlsx",
        views.units_overview_xlsx,
        name="units_overview_xlsx",
    ),
]
