from django.urls import path

from . import views, views_desk

app_name = "oit"

ITEM = "<str:unit_code>/<int:fiscal_year>/items/<str:code>/"
urlpatterns = [
    path("my/", views.my_items, name="my_items"),
    path("desk/", views_desk.desk, name="desk"),
    path("desk/export/", views_desk.export_scores, name="export_scores"),
    path("desk/import/", views_desk.import_scores, name="import_scores"),
    path("<str:unit_code>/<int:fiscal_year>/", views.board, name="board"),
    path("<str:unit_code>/<int:fiscal_year>/open/", views.open_workspace, name="open"),
    path("<str:unit_code>/<int:fiscal_year>/approvals/", views.approvals, name="approvals"),
    path("<str:unit_code>/<int:fiscal_year>/lock/", views.lock_all, name="lock_all"),
    path("<str:unit_code>/<int:fiscal_year>/results/", views.results, name="results"),
    path("<str:unit_code>/<int:fiscal_year>/assess/", views_desk.desk_unit, name="desk_unit"),
    path("<str:unit_code>/<int:fiscal_year>/release/", views_desk.release, name="release"),
    path(
        "<str:unit_code>/<int:fiscal_year>/finalize/", views_desk.finalize_all, name="finalize_all"
    ),
    path("<str:unit_code>/<int:fiscal_year>/deadlines/", views_desk.deadlines, name="deadlines"),
    path(ITEM, views.item, name="item"),
    path(ITEM + "assign/", views.assign, name="assign"),
    path(ITEM + "checklist/", views.save_elements, name="save_elements"),
    path(ITEM + "evidence/", views.add_evidence, name="add_evidence"),
    path(
        ITEM + "evidence/<int:evidence_id>/remove/", views.remove_evidence, name="remove_evidence"
    ),
    path(ITEM + "evidence/<int:evidence_id>/file/", views.evidence_file, name="evidence_file"),
    path(ITEM + "check-links/", views.check_links, name="check_links"),
    path(ITEM + "move/<str:action>/", views.move, name="move"),
    path(ITEM + "appeal/", views.appeal, name="appeal"),
    path(ITEM + "score/", views_desk.score_item, name="score"),
]
