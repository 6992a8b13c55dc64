from django.urls import path

from openita.documents import views

app_name = "documents"

urlpatterns = [
    path("<str:unit_code>/<int:fiscal_year>/", views.unit_documents, name="unit_documents"),
    path(
        "<str:unit_code>/<int:fiscal_year>/<slug:kind_code>.<str:file_format>",
        views.download,
        name="download",
    ),
    path("<str:unit_code>/batches/", views.batches, name="batches"),
    path("<str:unit_code>/batches/<int:batch_id>/", views.batch_detail, name="batch"),
    path(
        "<str:unit_code>/batches/<int:batch_id>/progress/",
        views.batch_progress,
        name="batch_progress",
    ),
    path(
        "<str:unit_code>/batches/<int:batch_id>/zip/", views.batch_download, name="batch_download"
    ),
    path("<str:unit_code>/batches/<int:batch_id>/again/", views.batch_rerun, name="batch_rerun"),
]
