from django.urls import path

from openita.measures import views

app_name = "measures"

PLAN = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path(PLAN, views.plan_overview, name="plan"),
    path(PLAN + "acknowledgements/", views.plan_overview, name="acknowledgements"),
    path(PLAN + "measures/<int:measure_id>/", views.plan_overview, name="measure_detail"),
]
