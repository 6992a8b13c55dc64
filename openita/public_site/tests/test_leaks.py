"""Nothing unpublished in any public response: every page, feed, file, dataset, catalogue and search answer is
read, following every link of the public site, and none holds the text of an item, plan or result that the
head of unit did not approve (or that was not released)."""

from __future__ import annotations

import io
import re
import zipfile
from collections import deque

import openpyxl
import pytest
from django.test import Client

from openita.conftest import World
from openita.public_site.tests.factories import YEAR, publish_world

PUBLIC_PREFIXES = ("/p/", "/opendata/", "/api/3/", "/sitemap.xml")
LINK = re.compile(
    r"""(?:href|src)="([^"#]+)"|<loc>([^<]+)</loc>|"(?:url|downloadURL|@id)": "([^"]+)\""""
)


def _text(response: object) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
    if content.startswith(b"PK"):
        parts = []
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            for name in archive.namelist():
                parts.append(archive.read(name).decode("utf-8", "replace"))
        if any(name.startswith("xl/") for name in zipfile.ZipFile(io.BytesIO(content)).namelist()):
            book = openpyxl.load_workbook(io.BytesIO(content))
            for sheet in book.worksheets:
                for row in sheet.iter_rows(values_only=True):
                    parts.append(" ".join(str(cell) for cell in row if cell is not None))
        return "\n".join(parts)
    return content.decode("utf-8", "replace")


def crawl(client: Client, start: list[str], host: str = "http://testserver") -> dict[str, str]:
    seen: dict[str, str] = {}
    queue = deque(start)
    while queue:
        address = queue.popleft()
        if address.startswith(host):
            address = address[len(host) :]
        if not address.startswith(PUBLIC_PREFIXES) or address in seen:
            continue
        response = client.get(address)
        assert response.status_code in (200, 404), address
        if response.status_code != 200:
            seen[address] = ""
            continue
        body = _text(response)
        if "?q=" in address:  # the search form shows the query itself back
            query = address.split("?q=", 1)[1]
            body = body.replace(f'value="{query}"', "").replace(f"?q={query}", "")
        seen[address] = body
        for match in LINK.finditer(body):
            link = next(group for group in match.groups() if group)
            queue.append(link.replace("&amp;", "&"))
    return seen


@pytest.mark.django_db
def test_no_public_response_holds_unpublished_content(world: World) -> None:
    data = publish_world(world)
    client = Client()
    start = [
        "/p/",
        "/sitemap.xml",
        "/opendata/",
        "/opendata/catalog.jsonld",
        "/opendata/catalog.ttl",
        "/api/3/action/package_list",
        "/api/3/action/package_search?q=",
    ]
    for unit in (world.province, world.station, world.other_station):
        start += [
            f"/p/{unit.code}/",
            f"/p/{unit.code}/results/",
            f"/p/{unit.code}/feed.atom",
            f"/p/{unit.code}/{YEAR}/oit/",
            f"/p/{unit.code}/{YEAR}/measures/",
            f"/p/{unit.code}/{YEAR}/risks/",
            f"/p/{unit.code}/{YEAR}/oit-urls.csv",
            f"/p/{unit.code}/{YEAR}/oit-urls.xlsx",
            f"/api/3/action/package_show?id=openita-{unit.code}",
        ]
        for table in ("oit-items", "measures", "progress", "results"):
            for file_format in ("csv", "xlsx", "json"):
                start.append(f"/opendata/{unit.code}/{table}.{file_format}")
        for code in ("O1", "O2", "O3", "O4", "O5"):
            start.append(f"/p/{unit.code}/{YEAR}/oit/{code}/")
    for secret in data.secret_texts:
        start.append(f"/p/?q={secret}")
        start.append(f"/api/3/action/package_search?q={secret}")
    pages = crawl(client, start)

    everything = "\n".join(pages.values())
    for text in data.public_texts:
        assert text in everything, text
    # The published file itself was served (its content, not only its name).
    assert "PUBLIC-O1-CONTENT" in everything
    leaks = {
        secret: [address for address, body in pages.items() if secret in body]
        for secret in data.secret_texts
    }
    assert {secret: where for secret, where in leaks.items() if where} == {}
    # The approved risk assessment is on the station's year page, with the progress of its treatment
    # in the approved plan; the other station's (never approved) has no page.
    risk_page = pages[f"/p/{world.station.code}/{YEAR}/risks/"]
    assert "PUBLIC-RISK-EVENT" in risk_page and "PUBLIC-PROGRESS" in risk_page
    assert pages[f"/p/{world.other_station.code}/{YEAR}/risks/"] == ""
    assert f"/p/{world.station.code}/{YEAR}/documents/bribery-risk-report.pdf" in pages
    unapproved = f"/p/{world.other_station.code}/{YEAR}/documents/bribery-risk-assessment.pdf"
    assert client.get(unapproved).status_code == 404
    # Officers' names stay hidden by default.
    assert world.user("officer").display_name not in everything
    assert len(pages) > 60


@pytest.mark.django_db
def test_an_appeal_and_the_assessors_scores_stay_private(world: World) -> None:
    """A published item that is scored and appealed: still public as approved; its appeal, new evidence,
    score and observation never show."""
    import datetime
    from decimal import Decimal

    import time_machine

    from openita.oit import services
    from openita.oit.tests.factories import make_workspace
    from openita.public_site.tests.factories import BEFORE_DEADLINE, _prepare

    bangkok = datetime.timezone(datetime.timedelta(hours=7))
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        space = make_workspace(world.station, YEAR)
        disclosure = space.item("O1")
        _prepare(world, disclosure, "PUBLIC-O1")
        services.submit(disclosure, world.user("officer"))
        services.check(disclosure, world.user("unit_admin"))
        services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    assessor = world.user("assessor")
    with time_machine.travel(datetime.datetime(2025, 5, 20, 10, tzinfo=bangkok), tick=False):
        services.lock_assessment(space.assessment, assessor)
        for code in ("O1", "O2", "O3", "O4", "O5"):
            services.score(
                space.item(code),
                assessor,
                score=Decimal(0),
                observation="SECRET-OBSERVATION",
            )
        services.release_scores(space.assessment, assessor)
    with time_machine.travel(datetime.datetime(2025, 6, 25, 10, tzinfo=bangkok), tick=False):
        services.file_appeal(
            space.item("O1"),
            world.user("unit_admin"),
            explanation="SECRET-APPEAL-EXPLANATION",
            urls=["https://station.example.go.th/SECRET-APPEAL-LINK"],
        )
    pages = crawl(
        Client(),
        [
            f"/p/{world.station.code}/{YEAR}/oit/",
            f"/p/{world.station.code}/{YEAR}/oit/O1/",
            f"/opendata/{world.station.code}/oit-items.json",
            f"/p/{world.station.code}/feed.atom",
        ],
    )
    everything = "\n".join(pages.values())
    assert "PUBLIC-O1" in everything
    for secret in ("SECRET-APPEAL", "SECRET-OBSERVATION"):
        assert secret not in everything, secret
