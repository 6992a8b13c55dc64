from django.urls import path

from openita.measures import views, views_followup

app_name = "measures"

PLAN = "<str:unit_code>/<int:fiscal_year>/"

urlpatterns = [
    path("", views_followup.index, name="index"),
    path("notifications/", views_followup.notifications, name="notifications"),
    path("notifications/read/", views_followup.notifications_read, name="notifications_read"),
    path("library/", views_followup.library, name="library"),
    path("library/<slug:code>/", views_followup.library_entry, name="library_entry"),
    path(PLAN, views.plan_overview, name="plan"),
    path(PLAN + "start/", views.plan_start, name="plan_start"),
    path(PLAN + "settings/", views.plan_settings, name="plan_settings"),
    path(PLAN + "submit/", views.plan_submit, name="plan_submit"),
    path(PLAN + "approve/", views.plan_approve, name="plan_approve"),
    path(PLAN + "send-back/", views.plan_return, name="plan_return"),
    path(PLAN + "new-version/", views.plan_new_version, name="plan_new_version"),
    path(PLAN + "analysis/", views.analysis, name="analysis"),
    path(PLAN + "analysis/draft/", views.analysis_draft, name="analysis_draft"),
    path(PLAN + "analysis/remove/", views.analysis_remove, name="analysis_remove"),
    path(PLAN + "analysis/new/", views.issue_create, name="issue_create"),
    path(PLAN + "analysis/<int:issue_id>/", views.issue_edit, name="issue_edit"),
    path(PLAN + "analysis/<int:issue_id>/delete/", views.issue_delete, name="issue_delete"),
    path(
        PLAN + "analysis/<int:issue_id>/suggestions/",
        views.issue_suggestions,
        name="issue_suggestions",
    ),
    path(PLAN + "measures/new/", views.measure_create, name="measure_create"),
    path(PLAN + "measures/<int:measure_id>/", views.measure_detail, name="measure_detail"),
    path(PLAN + "measures/<int:measure_id>/edit/", views.measure_edit, name="measure_edit"),
    path(PLAN + "measures/<int:measure_id>/delete/", views.measure_delete, name="measure_delete"),
    path(PLAN + "measures/<int:measure_id>/progress/", views.progress_add, name="progress_add"),
    path(PLAN + "progress/<int:entry_id>/delete/", views.progress_delete, name="progress_delete"),
    path(
        PLAN + "progress/files/<int:attachment_id>/",
        views.progress_attachment,
        name="progress_attachment",
    ),
    path(PLAN + "by-person/", views_followup.by_person, name="by_person"),
    path(PLAN + "by-month/", views_followup.by_month, name="by_month"),
    path(PLAN + "follow-up/", views_followup.follow_up, name="follow_up"),
    path(PLAN + "versions/", views_followup.versions, name="versions"),
    path(PLAN + "versions/<int:number>/", views_followup.version_detail, name="version_detail"),
    path(PLAN + "acknowledgements/", views_followup.acknowledgements, name="acknowledgements"),
]
