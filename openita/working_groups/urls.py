from django.urls import path

from openita.working_groups import views

app_name = "working_groups"

YEAR = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path(YEAR, views.overview, name="overview"),
    path(YEAR + "orders/new/", views.order_create, name="order_create"),
    path(YEAR + "orders/<int:order_id>/", views.order_detail, name="order_detail"),
    path(YEAR + "orders/<int:order_id>/edit/", views.order_edit, name="order_edit"),
    path(YEAR + "meetings/new/", views.meeting_create, name="meeting_create"),
    path(YEAR + "meetings/<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path(YEAR + "meetings/<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path(YEAR + "assignments/new/", views.assignment_create, name="assignment_create"),
    path(
        YEAR + "assignments/<int:assignment_id>/edit/",
        views.assignment_edit,
        name="assignment_edit",
    ),
    path(
        YEAR + "assignments/<int:assignment_id>/delete/",
        views.assignment_delete,
        name="assignment_delete",
    ),
]
