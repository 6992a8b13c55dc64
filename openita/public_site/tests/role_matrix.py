"""The public site in the role matrix: every persona, anonymous included, reads the same public pages."""

from typing import Any

from openita.conftest import PERSONAS, World
from openita.public_site.tests.factories import YEAR, publish_small
from openita_testing.role_matrix import (
    MISSING,
    OK,
    Case,
    everyone,
    station_managers,
    station_read_only,
)

everyone_reads = dict.fromkeys(PERSONAS, OK)


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_year(world: World) -> dict[str, Any]:
    publish_small(world)
    return {"unit_code": world.station.code, "fiscal_year": YEAR}


def item(world: World) -> dict[str, Any]:
    return {**station_year(world), "item_code": "O1"}


def evidence(world: World) -> dict[str, Any]:
    small = publish_small(world)
    return {
        "unit_code": world.station.code,
        "fiscal_year": YEAR,
        "item_code": "O1",
        "evidence_id": small.evidence_id,
    }


def attachment(world: World) -> dict[str, Any]:
    small = publish_small(world)
    return {
        "unit_code": world.station.code,
        "fiscal_year": YEAR,
        "attachment_id": small.attachment_id,
    }


def risk_year(world: World) -> dict[str, Any]:
    from openita.risks.tests.role_matrix import approved_year

    publish_small(world)
    return approved_year(world)


def dataset(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "table": "oit-items", "file_format": "csv"}


CASES = [
    Case(
        "public_site:settings",
        station,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"licence": "cc0-1.0"},
    ),
    Case("public_site:index", get=everyone_reads),
    Case(
        "public_site:language", lambda world: {"language": "en"}, get=dict.fromkeys(PERSONAS, 303)
    ),
    Case("public_site:unit", station, get=everyone_reads),
    Case("public_site:results", station, get=everyone_reads),
    Case("public_site:feed", station, get=everyone_reads),
    Case("public_site:oit", station_year, get=everyone_reads),
    Case(
        "public_site:oit_urls",
        lambda world: {**station_year(world), "file_format": "xlsx"},
        get=everyone_reads,
    ),
    Case("public_site:oit_item", item, get=everyone_reads),
    Case("public_site:evidence_file", evidence, get=everyone_reads),
    Case("public_site:measures", station_year, get=everyone_reads),
    Case("public_site:progress_file", attachment, get=everyone_reads),
    Case("public_site:risks", risk_year, get=everyone_reads),
    Case(
        "public_site:document",
        lambda world: {**station_year(world), "name": "missing-kind"},
        get=dict.fromkeys(PERSONAS, 404),
    ),
    Case("public_site:sitemap", get=everyone_reads),
    Case("public_site:opendata", get=everyone_reads),
    Case("public_site:readme", get=everyone_reads),
    Case("public_site:context", get=everyone_reads),
    Case("public_site:catalog_jsonld", get=everyone_reads),
    Case("public_site:catalog_ttl", get=everyone_reads),
    Case("public_site:dataset", dataset, get=everyone_reads),
    *(
        case
        for prefix in ("", "action_")
        for case in (
            Case(f"public_site:{prefix}package_list", get=everyone_reads, post=everyone_reads),
            Case(
                f"public_site:{prefix}package_show",
                get=dict.fromkeys(PERSONAS, 409),  # no id
                post=dict.fromkeys(PERSONAS, 409),
            ),
            Case(f"public_site:{prefix}package_search", get=everyone_reads, post=everyone_reads),
        )
    ),
]
