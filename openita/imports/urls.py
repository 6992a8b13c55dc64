from django.urls import path

from openita.imports import views

app_name = "imports"
urlpatterns = [
    path("units/", views.upload, {"kind": "units"}, name="units"),
    path("lines/", views.upload, {"kind": "lines"}, name="lines"),
    path("people/", views.upload, {"kind": "people"}, name="people"),
    path("<slug:kind>/template.<slug:file_format>", views.template_file, name="template"),
    path("<slug:kind>/<str:token>/", views.preview, name="preview"),
    path("<slug:kind>/<str:token>/progress/", views.progress, name="progress"),
]
