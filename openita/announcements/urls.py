from django.urls import path

from . import views

app_name = "announcements"

YEAR = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path(YEAR, views.index, name="index"),
    path(YEAR + "new/<str:kind>/", views.announcement_form, name="create"),
    path(YEAR + "<int:announcement_id>/", views.announcement_form, name="edit"),
    path(YEAR + "<int:announcement_id>/issue/", views.issue, name="issue"),
    path(YEAR + "<int:announcement_id>/publish/", views.publish, name="publish"),
    path(
        YEAR + "<int:announcement_id>/file.<str:file_format>", views.announcement_file, name="file"
    ),
    path(YEAR + "posters/<str:kind>/<str:size>.<str:file_format>", views.poster, name="poster"),
    path(YEAR + "posters/for-measure/", views.poster_for_measure, name="poster_for_measure"),
    path(YEAR + "budget/", views.budget, name="budget"),
    path("<str:unit_code>/services/new/", views.service_form, name="service_create"),
    path("<str:unit_code>/services/<int:service_id>/", views.service_form, name="service_edit"),
    path("<str:unit_code>/colours/", views.colours, name="colours"),
]
