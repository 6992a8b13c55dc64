from django.urls import path, re_path

from . import views

app_name = "surveys"
urlpatterns = [
    # A unit's pages of one fiscal year carry it (ADR 0016); without it, they go to the working year's URL.
    path("<str:unit_code>/<int:fiscal_year>/", views.unit_campaigns, name="unit_campaigns"),
    path("<str:unit_code>/<int:fiscal_year>/overview/", views.overview, name="overview"),
    path(
        "<str:unit_code>/<int:fiscal_year>/new/<str:kind>/",
        views.campaign_create,
        name="campaign_create",
    ),
    path(
        "<str:unit_code>/<int:fiscal_year>/paper/<str:kind>/",
        views.paper_import,
        name="paper_import",
    ),
    path("<str:unit_code>/", views.unit_campaigns, name="unit_campaigns"),
    path("<str:unit_code>/overview/", views.overview, name="overview"),
    path("<str:unit_code>/new/<str:kind>/", views.campaign_create, name="campaign_create"),
    path("<str:unit_code>/paper/<str:kind>/", views.paper_import, name="paper_import"),
    path("<str:unit_code>/c/<str:code>/", views.campaign_detail, name="campaign_detail"),
    path("<str:unit_code>/c/<str:code>/edit/", views.campaign_edit, name="campaign_edit"),
    path("<str:unit_code>/c/<str:code>/groups/add/", views.group_add, name="group_add"),
    path(
        "<str:unit_code>/c/<str:code>/groups/<int:group_id>/remove/",
        views.group_remove,
        name="group_remove",
    ),
    re_path(
        r"^(?P<unit_code>[^/]+)/c/(?P<code>[^/]+)/qr\.(?P<image_format>png|svg)$",
        views.qr_code,
        name="qr_code",
    ),
    path("<str:unit_code>/c/<str:code>/poster/", views.poster, name="poster"),
    re_path(
        r"^(?P<unit_code>[^/]+)/c/(?P<code>[^/]+)/answers\.(?P<file_format>csv|xlsx)$",
        views.export_answers,
        name="export_answers",
    ),
    path("<str:unit_code>/c/<str:code>/access-codes/", views.access_codes, name="access_codes"),
    path("<str:unit_code>/c/<str:code>/contacts/", views.contacts, name="contacts"),
    path(
        "<str:unit_code>/c/<str:code>/contacts/invite/",
        views.contacts_invite,
        name="contacts_invite",
    ),
    path(
        "<str:unit_code>/c/<str:code>/contacts/delete/",
        views.contacts_delete,
        name="contacts_delete",
    ),
]
