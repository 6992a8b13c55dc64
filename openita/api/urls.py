"""/api/: the versioned API (v1), its schema and documentation, and the screens of tokens and webhooks."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from . import screens, views

app_name = "api"

v1 = [
    path("units/", views.UnitList.as_view(), name="units"),
    path("units/<str:unit_code>/", views.UnitDetail.as_view(), name="unit"),
    path("units/<str:unit_code>/people/", views.PeopleList.as_view(), name="people"),
    path("units/<str:unit_code>/campaigns/", views.CampaignList.as_view(), name="campaigns"),
    path(
        "units/<str:unit_code>/documents/<int:fiscal_year>/<slug:kind_code>.<str:file_format>",
        views.DocumentDownload.as_view(),
        name="document",
    ),
    path("frameworks/", views.FrameworkList.as_view(), name="frameworks"),
    path("frameworks/<int:pk>/", views.FrameworkDetail.as_view(), name="framework"),
    path("assessments/", views.AssessmentList.as_view(), name="assessments"),
    path("results/", views.ResultList.as_view(), name="results"),
    path("results/<int:pk>/", views.ResultDetail.as_view(), name="result"),
    path("oit/items/", views.OitItemList.as_view(), name="oit_items"),
    path("oit/items/<int:pk>/", views.OitItemDetail.as_view(), name="oit_item"),
    path("oit/items/<int:pk>/links/", views.OitEvidenceLink.as_view(), name="oit_links"),
    path("oit/items/<int:pk>/files/", views.OitEvidenceFile.as_view(), name="oit_files"),
    path("measures/plans/", views.PlanList.as_view(), name="plans"),
    path("measures/", views.MeasureList.as_view(), name="measures"),
    path("measures/<int:pk>/progress/", views.ProgressList.as_view(), name="progress"),
    path("documents/kinds/", views.DocumentKindList.as_view(), name="document_kinds"),
    path("document-batches/", views.BatchCreate.as_view(), name="batches"),
    path("document-batches/<int:pk>/", views.BatchDetail.as_view(), name="batch"),
    path("document-batches/<int:pk>/file/", views.BatchFile.as_view(), name="batch_file"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(
            url_name="api:schema", template_name="api/swagger_ui.html"
        ),
        name="docs",
    ),
    path("tokens/", screens.tokens, name="tokens"),
    path("tokens/<int:token_id>/revoke/", screens.token_revoke, name="token_revoke"),
    path("units/<str:unit_code>/webhooks/", screens.webhooks, name="webhooks"),
    path(
        "units/<str:unit_code>/webhooks/<int:webhook_id>/remove/",
        screens.webhook_remove,
        name="webhook_remove",
    ),
]
