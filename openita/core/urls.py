from django.urls import path

from openita.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("fiscal-year/", views.select_fiscal_year, name="select_fiscal_year"),
]
