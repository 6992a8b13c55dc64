"""The public channel under /c/<unit_code>/ and the handlers' screens under /complaints/<unit_code>/."""

from django.urls import path

from openita.complaints import views

app_name = "complaints"

urlpatterns = [
    path("c/<str:unit_code>/", views.intake, name="intake"),
    path("c/<str:unit_code>/follow/", views.follow, name="follow"),
    path("complaints/<str:unit_code>/", views.cases, name="cases"),
    path("complaints/<str:unit_code>/unlock/", views.unlock, name="unlock"),
    path("complaints/<str:unit_code>/new/", views.staff_entry, name="new"),
    path("complaints/<str:unit_code>/manage/", views.manage, name="manage"),
    path("complaints/<str:unit_code>/statistics/", views.statistics, name="statistics"),
    path(
        "complaints/<str:unit_code>/statistics/<int:fiscal_year>/",
        views.statistics,
        name="statistics_year",
    ),
    path("complaints/<str:unit_code>/<int:case_id>/", views.case_detail, name="case"),
    path("complaints/<str:unit_code>/<int:case_id>/act/", views.case_act, name="case_act"),
    path("complaints/<str:unit_code>/<int:case_id>/pdf/", views.case_pdf, name="case_pdf"),
    path(
        "complaints/<str:unit_code>/<int:case_id>/files/<int:file_id>/",
        views.case_file,
        name="case_file",
    ),
]
