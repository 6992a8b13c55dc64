"""The `units:` URL names, kept; the pages are in `accounts.unit_views`."""

from django.urls import path

from openita.accounts import unit_views as views

app_name = "units"
urlpatterns = [
    path("", views.unit_list, name="list"),
    path("new/", views.unit_create, name="create"),
    path("<str:unit_code>/<int:fiscal_year>/", views.unit_detail, name="detail"),
    path("<str:unit_code>/", views.unit_detail, name="detail"),  # the working year
    path("<str:unit_code>/edit/", views.unit_edit, name="edit"),
    path("<str:unit_code>/history/", views.unit_history, name="history"),
    path("<str:unit_code>/letterhead/", views.letterhead, name="letterhead"),
    path("<str:unit_code>/lines/new/", views.line_create, name="line_create"),
    path("<str:unit_code>/lines/<int:line_id>/edit/", views.line_edit, name="line_edit"),
    path("<str:unit_code>/lines/<int:line_id>/delete/", views.line_delete, name="line_delete"),
]
