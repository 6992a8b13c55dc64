"""The public board and participation page under /p/<unit_code>/ (before the public site's own paths), and the
staff's screens under /qa/<unit_code>/ and /participation/<unit_code>/<fiscal_year>/."""

from django.urls import path

from . import views

app_name = "participation"

PUBLIC = "p/<str:unit_code>/"
QA = "qa/<str:unit_code>/"
POST = QA + "<int:post_id>/"
YEAR = "participation/<str:unit_code>/<int:fiscal_year>/"
RECORD = YEAR + "<int:record_id>/"

urlpatterns = [
    path(PUBLIC + "qa/", views.board, name="board"),
    path(PUBLIC + "qa/complaint/", views.to_complaint, name="to_complaint"),
    path(PUBLIC + "<int:fiscal_year>/participation/", views.participation, name="public_records"),
    path(
        PUBLIC + "<int:fiscal_year>/participation/photos/<int:photo_id>/",
        views.public_photo,
        name="public_photo",
    ),
    path(QA, views.queue, name="queue"),
    path(QA + "settings/", views.qa_settings, name="settings"),
    path(POST, views.post_detail, name="post"),
    path(POST + "moderate/", views.moderate, name="moderate"),
    path(POST + "assign/", views.assign, name="assign"),
    path(POST + "answer/", views.answer, name="answer"),
    path(POST + "faq/", views.faq, name="faq"),
    path(POST + "block/", views.block, name="block"),
    path(YEAR, views.records, name="records"),
    path(YEAR + "new/", views.record_form, name="record_new"),
    path(RECORD, views.record_form, name="record_edit"),
    path(RECORD + "publish/", views.record_publish, name="record_publish"),
    path(RECORD + "delete/", views.record_delete, name="record_delete"),
    path(RECORD + "photos/", views.photo_add, name="photo_add"),
    path(RECORD + "photos/<int:photo_id>/", views.photo_file, name="photo"),
    path(RECORD + "photos/<int:photo_id>/delete/", views.photo_remove, name="photo_remove"),
]
