from django.urls import path, register_converter

from . import views, views_opendata, views_settings


class FormatConverter:
    regex = "csv|xlsx|json"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SheetConverter(FormatConverter):
    regex = "csv|xlsx"


register_converter(FormatConverter, "data_format")
register_converter(SheetConverter, "sheet_format")

app_name = "public_site"

unit = "p/<str:unit_code>/"
year = unit + "<int:fiscal_year>/"
urlpatterns = [
    path("p/", views.index, name="index"),
    # under /i18n/ like Django's language switch (openita/urls.py tries that one first)
    path("i18n/public/<str:language>/", views.language, name="language"),
    path("public-site/<str:unit_code>/settings/", views_settings.settings, name="settings"),
    path(unit, views.unit, name="unit"),
    path(unit + "results/", views.results, name="results"),
    path(unit + "feed.atom", views.feed, name="feed"),
    path(year + "oit/", views.oit, name="oit"),
    path(year + "oit-urls.<sheet_format:file_format>", views.oit_urls, name="oit_urls"),
    path(year + "oit/<str:item_code>/", views.oit_item, name="oit_item"),
    path(
        year + "oit/<str:item_code>/files/<int:evidence_id>/",
        views.evidence_file,
        name="evidence_file",
    ),
    path(year + "measures/", views.measures, name="measures"),
    path(year + "measures/files/<int:attachment_id>/", views.progress_file, name="progress_file"),
    path(year + "documents/<str:name>.pdf", views.document, name="document"),
    path(year + "risks/", views.risks, name="risks"),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    path("opendata/", views_opendata.opendata, name="opendata"),
    path("opendata/README.md", views_opendata.readme, name="readme"),
    path("opendata/context.jsonld", views_opendata.context, name="context"),
    path("opendata/catalog.jsonld", views_opendata.catalog_jsonld, name="catalog_jsonld"),
    path("opendata/catalog.ttl", views_opendata.catalog_ttl, name="catalog_ttl"),
    path(
        "opendata/<str:unit_code>/<str:table>.<data_format:file_format>",
        views_opendata.dataset,
        name="dataset",
    ),
    path("api/3/action/package_list", views_opendata.package_list, name="package_list"),
    path("api/3/action/package_show", views_opendata.package_show, name="package_show"),
    path("api/3/action/package_search", views_opendata.package_search, name="package_search"),
    # the same actions at CKAN's unversioned address (ckanapi's default)
    path("api/action/package_list", views_opendata.package_list, name="action_package_list"),
    path("api/action/package_show", views_opendata.package_show, name="action_package_show"),
    path("api/action/package_search", views_opendata.package_search, name="action_package_search"),
]
