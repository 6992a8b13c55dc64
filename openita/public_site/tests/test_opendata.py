"""Open data: the tables in three formats with a README, the DCAT-AP catalogue read by rdflib with openita's
own context (nothing fetched), and the CKAN read API against recorded CKAN 2.10 response shapes."""

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


def _shape(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_shape(value[0])] if value else []
    return type(value).__name__


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


@pytest.mark.parametrize(
    ("recorded", "address"),
    [
        ("package_list.json", "/api/3/action/package_list"),
        ("package_show.json", "/api/3/action/package_show?id=openita-tt-st1"),
        ("package_search.json", "/api/3/action/package_search?q=ทดสอบ"),
        ("package_show_not_found.json", "/api/3/action/package_show?id=nothing-here"),
    ],
)
def test_the_ckan_api_answers_in_ckan_2_10s_shape(
    world: World,
    published: Published,
    recorded: str,
    address: str,
) -> None:
    expected = json.loads((RECORDED / recorded).read_text())
    response = Client().get(address)
    ours = response.json()
    assert response.status_code == (200 if expected["success"] else 404)
    assert _same_shape(expected, ours) == []
    assert ours["help"].endswith(
        "help_show?name=" + recorded.split(".")[0].replace("_not_found", "")
    )


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
