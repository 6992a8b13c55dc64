"""Open data: the tables in three formats with a README, the DCAT-AP catalogue read by rdflib with openita's
own context (nothing fetched), and the CKAN read API against responses recorded from live CKAN sites (ckan/README.md)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.test import Client
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF

from openita.conftest import World
from openita.public_site.tests.factories import YEAR, Published, publish_world

pytestmark = pytest.mark.django_db
RECORDED = Path(__file__).parent / "ckan"


@pytest.fixture
def published(world: World) -> Published:
    return publish_world(world)


def test_each_table_comes_as_csv_excel_and_json_with_the_same_rows(
    world: World, published: Published
) -> None:
    client = Client()
    base = f"/opendata/{world.station.code}/oit-items"
    rows = list(csv.reader(io.StringIO(client.get(base + ".csv").content.decode("utf-8-sig"))))
    records = json.loads(client.get(base + ".json").content)
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(base + ".xlsx").content)).active
    cells = [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]
    assert rows[0] == list(records[0]) == cells[0]
    assert len(rows) == len(records) + 1 == len(cells) == 3  # O1: one link, one file
    assert {record["item_code"] for record in records} == {"O1"}
    assert {record["evidence_kind"] for record in records} == {"url", "file"}
    results = json.loads(client.get(f"/opendata/{world.station.code}/results.json").content)
    assert [(r["fiscal_year"], r["total"], r["iit"]) for r in results] == [
        (YEAR - 1, "88.25", "90.00")
    ]
    progress = json.loads(client.get(f"/opendata/{world.station.code}/progress.json").content)
    assert progress[0]["percent"] == 40 and "PUBLIC-PROGRESS" in progress[0]["description"]


def test_the_readme_describes_every_column(world: World, published: Published) -> None:
    from openita.public_site.datasets import TABLES

    readme = Client().get("/opendata/README.md").content.decode()
    for table in TABLES.values():
        for column in table.columns:
            assert f"`{column.name}`" in readme


def test_the_catalogue_is_dcat_read_with_openitas_own_context(
    world: World, published: Published
) -> None:
    client = Client()
    document = json.loads(client.get("/opendata/catalog.jsonld").content)
    assert document["@context"] == "http://testserver/opendata/context.jsonld"
    context = json.loads(client.get("/opendata/context.jsonld").content)
    document["@context"] = context["@context"]  # as a processor would, from openita itself
    graph = Graph().parse(data=json.dumps(document), format="json-ld")
    catalogues = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogues) == 1
    datasets = list(graph.objects(catalogues[0], DCAT.dataset))
    assert len(datasets) == 1  # the station: the other units publish nothing
    dataset = datasets[0]
    assert graph.value(dataset, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    distributions = list(graph.objects(dataset, DCAT.distribution))
    assert len(distributions) == 12  # four tables, three formats
    urls = {str(graph.value(d, DCAT.downloadURL)) for d in distributions}
    assert f"http://testserver/opendata/{world.station.code}/results.csv" in urls
    titles = {str(t) for t in graph.objects(dataset, DCTERMS.title)}
    assert any(world.station.name_th in title for title in titles)

    turtle = Graph().parse(data=client.get("/opendata/catalog.ttl").content, format="turtle")
    assert len(turtle) == len(graph)
    assert (None, RDF.type, DCAT.Dataset) in turtle


def _same_shape(recorded: Any, ours: Any, path: str = "") -> list[str]:
    """Where ``ours`` lacks a key of ``recorded`` or holds another JSON type (null matches anything)."""
    problems: list[str] = []
    if isinstance(recorded, dict):
        if not isinstance(ours, dict):
            return [f"{path}: not an object"]
        for key, value in recorded.items():
            if key not in ours:
                problems.append(f"{path}.{key}: missing")
            else:
                problems += _same_shape(value, ours[key], f"{path}.{key}")
    elif isinstance(recorded, list):
        if not isinstance(ours, list):
            return [f"{path}: not a list"]
        if recorded and ours:
            problems += _same_shape(recorded[0], ours[0], f"{path}[0]")
    elif recorded is not None and ours is not None:
        numbers = (int, float)
        if not (isinstance(recorded, numbers) and isinstance(ours, numbers)) and type(
            recorded
        ) is not type(ours):
            problems.append(f"{path}: {type(ours).__name__} instead of {type(recorded).__name__}")
    return problems


def _recorded(name: str) -> Any:
    """A CKAN response recorded from a live CKAN; where each comes from: ``ckan/README.md``.

    - package_search.json: demo.ckan.org (2023), kept in mjanez/ckan-docker README.md;
    - package_show.json: Transport Data Commons' CKAN (2.10 or 2.11), kept in transport-data/portal
      docs/sdmx/README.md;
    - package_list.json: ridl.unhcr.org, a vcr cassette in dickoa/ridl
      tests/fixtures/ridl_dataset_list.yml;
    - package_show_not_found.json: the NotFound answer printed in ckan/ckan doc/api/index.rst.
    """
    return json.loads((RECORDED / name).read_text())


def _core(package: dict[str, Any]) -> dict[str, Any]:
    """The recorded package without the site's extension fields: only the keys CKAN core gives every
    package, i.e. those both recorded packages (two sites, two schemas) share, and ``extras``."""
    search = _recorded("package_search.json")["result"]["results"][0]
    show = _recorded("package_show.json")["result"]
    core = (search.keys() & show.keys()) | {"extras"}
    resource_core = search["resources"][0].keys() & show["resources"][0].keys()
    kept = {key: value for key, value in package.items() if key in core}
    kept["resources"] = [
        {key: value for key, value in resource.items() if key in resource_core}
        for resource in package["resources"]
    ]
    return kept


def _envelope_problems(recorded: dict[str, Any], ours: dict[str, Any]) -> list[str]:
    problems = []
    if set(ours) != set(recorded):
        problems.append(f"keys {sorted(ours)} instead of {sorted(recorded)}")
    for key in ("help", "success"):
        problems += _same_shape(recorded[key], ours.get(key), key)
    return problems


@pytest.fixture
def ckan(world: World, published: Published) -> Client:
    return Client()


def test_package_list_answers_as_a_recorded_ckan_does(ckan: Client) -> None:
    recorded = _recorded("package_list.json")
    ours = ckan.get("/api/3/action/package_list").json()
    assert _envelope_problems(recorded, ours) == []
    assert ours["help"].endswith("/api/3/action/help_show?name=package_list")
    assert _same_shape(recorded["result"], ours["result"]) == []
    assert ours["result"] and all(isinstance(name, str) for name in ours["result"])


def test_package_search_answers_as_a_recorded_ckan_does(ckan: Client) -> None:
    recorded = _recorded("package_search.json")
    ours = ckan.get("/api/3/action/package_search", {"q": "ทดสอบ"}).json()
    assert _envelope_problems(recorded, ours) == []
    assert set(ours["result"]) == set(recorded["result"])  # count, facets, results, sort, ...
    found = dict(recorded["result"], results=[])
    assert _same_shape(found, ours["result"]) == []
    assert ours["result"]["count"] == len(ours["result"]["results"]) == 1
    assert _same_shape(_core(recorded["result"]["results"][0]), ours["result"]["results"][0]) == []


def test_package_show_answers_as_recorded_ckans_do(ckan: Client) -> None:
    ours = ckan.get("/api/3/action/package_show", {"id": "openita-tt-st1"}).json()
    for recorded in (
        _recorded("package_show.json"),
        # package_show and package_search give the same package dictionary
        dict(
            _recorded("package_search.json"),
            result=_recorded("package_search.json")["result"]["results"][0],
        ),
    ):
        assert _envelope_problems(recorded, ours) == []
        assert _same_shape(_core(recorded["result"]), ours["result"]) == []
    package = ours["result"]
    # what harvesters read, level by level (ckanext-harvest's CKAN harvester, ckanext-dcat)
    assert {"name", "title", "notes", "license_id", "owner_org", "metadata_modified"} <= set(
        package
    )
    assert package["organization"]["is_organization"] is True
    assert {resource["package_id"] for resource in package["resources"]} == {package["id"]}
    assert package["num_tags"] == len(package["tags"])
    assert package["extras"] and all(set(extra) == {"key", "value"} for extra in package["extras"])
    assert all(isinstance(extra["value"], str) for extra in package["extras"])


def test_package_show_of_an_unknown_package_answers_as_ckan_does(ckan: Client) -> None:
    recorded = _recorded("package_show_not_found.json")
    response = ckan.get("/api/3/action/package_show", {"id": "nothing-here"})
    ours = response.json()
    assert response.status_code == 404
    assert _envelope_problems(recorded, ours) == []
    assert ours["success"] is False and ours["error"] == recorded["error"]


def test_ckan_lists_searches_and_shows_the_units_that_publish(
    world: World, published: Published
) -> None:
    client = Client()
    assert client.get("/api/3/action/package_list").json()["result"] == ["openita-tt-st1"]
    search = client.get("/api/3/action/package_search", {"q": "ทดสอบหนึ่ง"}).json()["result"]
    assert search["count"] == 1 and search["results"][0]["name"] == "openita-tt-st1"
    assert (
        client.get("/api/3/action/package_search", {"q": "ไม่มีหน่วยงานนี้"}).json()["result"]["count"]
        == 0
    )
    package = client.get("/api/3/action/package_show", {"id": "openita-tt-st1"}).json()["result"]
    assert package["license_id"] == "cc-by"
    assert package["num_resources"] == len(package["resources"]) == 12
    assert {resource["format"] for resource in package["resources"]} == {"CSV", "XLSX", "JSON"}


def test_each_unit_chooses_the_licence_of_its_open_data(
    world: World, published: Published, django_capture_on_commit_callbacks: Any
) -> None:
    from openita.public_site import services as public_services

    client = Client()
    unit_page = f"/p/{world.station.code}/"
    assert "CC BY 4.0" in client.get(unit_page).content.decode()  # the default
    with django_capture_on_commit_callbacks(execute=True):
        public_services.update_settings(
            world.station, world.user("unit_admin"), show_officer_names=False, licence="cc0-1.0"
        )
    package = client.get("/api/3/action/package_show", {"id": "openita-tt-st1"}).json()["result"]
    assert package["license_id"] == "cc-zero" and package["isopen"] is True
    graph = Graph().parse(data=client.get("/opendata/catalog.ttl").content, format="turtle")
    dataset = next(iter(graph.subjects(RDF.type, DCAT.Dataset)))
    assert "publicdomain/zero/1.0" in str(graph.value(dataset, DCTERMS.license))
    assert "CC BY 4.0" not in client.get(unit_page).content.decode()


def test_a_ckan_harvester_pages_through_the_search_and_asks_for_changes_only(
    ckan: Client,
) -> None:
    """What ckanext-harvest's CKAN harvester does (its `_search_for_datasets`): pages of `rows` sorted by id,
    `start` moving on until an empty page, a page never repeated; then, next time, `fq` asks for the datasets
    modified since the last harvest, and for organizations."""
    search = "/api/3/action/package_search"
    found, previous, start = [], None, 0
    while True:
        content = ckan.get(search, {"rows": "1", "start": str(start), "sort": "id asc"}).content
        assert content != previous  # the harvester stops with "The paging doesn't seem to work"
        page = json.loads(content)["result"]["results"]
        if not page:
            break
        found += [package["id"] for package in page]
        previous, start = content, start + 1
    assert found == ckan.get("/api/3/action/package_list").json()["result"] == ["openita-tt-st1"]

    def names(fq: str) -> list[str]:
        result = ckan.get(search, {"fq": fq, "rows": "100", "start": "0"}).json()["result"]
        return [package["name"] for package in result["results"]]

    assert names("metadata_modified:[2024-01-01T00:00:00Z TO *]") == ["openita-tt-st1"]
    assert names("metadata_modified:[2099-01-01T00:00:00Z TO *]") == []
    assert names("organization:unit-tt-st1 OR organization:unit-tt-st2") == ["openita-tt-st1"]
    assert names("-organization:unit-tt-st1") == []
    assert names("tags:ITA") == ["openita-tt-st1"]  # not understood: more, never less


def test_ckan_clients_may_post_json_to_the_unversioned_address(ckan: Client) -> None:
    """As ckanapi's RemoteCKAN does: POST a JSON object to /api/action/<name> (no CSRF token, no cookie)."""
    client = Client(enforce_csrf_checks=True)

    def call(action: str, data: dict[str, Any]) -> Any:
        return client.post(f"/api/action/{action}", json.dumps(data), "application/json")

    assert call("package_list", {}).json()["result"] == ["openita-tt-st1"]
    shown = call("package_show", {"id": "openita-tt-st1"}).json()
    assert shown["success"] is True and shown["result"]["name"] == "openita-tt-st1"
    found = call("package_search", {"q": "ทดสอบหนึ่ง", "rows": 5}).json()["result"]
    assert found["count"] == 1
    missing = call("package_show", {"id": "nothing-here"})
    assert missing.status_code == 404 and missing.json()["error"]["__type"] == "Not Found Error"
    assert (
        client.get("/api/action/package_list").json()
        == ckan.get("/api/3/action/package_list").json()
    )
