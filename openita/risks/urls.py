from django.urls import path

from . import views

app_name = "risks"

YEAR = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path("matrices/", views.matrices, name="matrices"),
    path("matrices/new/", views.matrix_new, name="matrix_new"),
    path("matrices/<str:code>/<int:version>/", views.matrix_detail, name="matrix_detail"),
    path(YEAR, views.register, name="register"),
    path(YEAR + "start/", views.start, name="start"),
    path(YEAR + "approve/", views.approve, name="approve"),
    path(YEAR + "new-version/", views.new_version, name="new_version"),
    path(YEAR + "processes/new/", views.process_form, name="process_create"),
    path(YEAR + "processes/<int:process_id>/", views.process_form, name="process_edit"),
    path(YEAR + "processes/<int:process_id>/risks/new/", views.risk_form, name="risk_create"),
    path(YEAR + "risks/<int:risk_id>/", views.risk_form, name="risk_edit"),
    path(YEAR + "risks/<int:risk_id>/to-plan/", views.to_measure, name="to_measure"),
    path(YEAR + "to-oit/", views.attach_to_oit, name="attach_to_oit"),
]
