from django.urls import path

from . import views, views_year

app_name = "frameworks"

urlpatterns = [
    path("", views.version_list, name="list"),
    path("compare/", views.compare, name="compare"),
    path("year/<str:unit_code>/<int:fiscal_year>/", views_year.year, name="year"),
    path("<str:label>/", views.version_detail, name="detail"),
    path("<str:label>/export/", views.version_export, name="export"),
    path("<str:label>/oit-items.xlsx", views.items_spreadsheet, name="items_spreadsheet"),
    path("<str:label>/oit-items/import/", views.import_items, name="import_items"),
    path("<str:label>/clone/", views.clone, name="clone"),
    path("<str:label>/new-version/", views.new_version, name="new_version"),
    path("<str:label>/publish/", views.publish, name="publish"),
    path("<str:label>/edit/", views.edit_settings, name="edit_settings"),
    path("<str:label>/edit/scoring/", views.edit_scoring, name="edit_scoring"),
    path("<str:label>/indicators/<int:number>/edit/", views.edit_indicator, name="edit_indicator"),
    path("<str:label>/items/<str:code>/edit/", views.edit_survey_item, name="edit_survey_item"),
    path("<str:label>/oit/<str:code>/edit/", views.edit_oit_item, name="edit_oit_item"),
    path("<str:label>/samples/<str:code>/edit/", views.edit_sample_rule, name="edit_sample_rule"),
]
