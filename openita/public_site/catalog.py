"""The open-data catalogue: one dataset per unit (its published tables as distributions), described in
DCAT-AP 3 (JSON-LD with a context served by openita itself, and Turtle) and as CKAN 2.10 packages.

A unit is in the catalogue once it has published something (an approved OIT item, an approved plan or a
released result). Its licence is its own choice (`PublicProfile.licence`), CC BY 4.0 by default.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Max
from django.urls import reverse

from openita.measures.models import PlanStatus, PlanVersion
from openita.oit import published as oit_published
from openita.units.models import Unit

from . import datasets, queries
from .models import Licence

DCAT_AP = "http://data.europa.eu/r5r/"
FORMAT_TYPES = {
    "csv": "http://publications.europa.eu/resource/authority/file-type/CSV",
    "xlsx": "http://publications.europa.eu/resource/authority/file-type/XLSX",
    "json": "http://publications.europa.eu/resource/authority/file-type/JSON",
}
CKAN_LICENCES = {
    Licence.CC_BY_4: ("cc-by", "Creative Commons Attribution"),
    Licence.CC0: ("cc-zero", "Creative Commons CCZero"),
    Licence.OGL_TH: ("ogl-th", "Open Government Licence - Thailand"),
}

# The JSON-LD context, served at /opendata/context.jsonld (never fetched from another site).
CONTEXT: dict[str, Any] = {
    "@context": {
        "dcat": "http://www.w3.org/ns/dcat#",
        "dct": "http://purl.org/dc/terms/",
        "foaf": "http://xmlns.com/foaf/0.1/",
        "vcard": "http://www.w3.org/2006/vcard/ns#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
        "Catalog": "dcat:Catalog",
        "Dataset": "dcat:Dataset",
        "Distribution": "dcat:Distribution",
        "Agent": "foaf:Agent",
        "title": {"@id": "dct:title", "@container": "@language"},
        "description": {"@id": "dct:description", "@container": "@language"},
        "name": {"@id": "foaf:name", "@container": "@language"},
        "identifier": "dct:identifier",
        "keyword": {"@id": "dcat:keyword", "@container": "@language"},
        "dataset": {"@id": "dcat:dataset", "@type": "@id"},
        "distribution": {"@id": "dcat:distribution", "@type": "@id"},
        "publisher": {"@id": "dct:publisher", "@type": "@id"},
        "license": {"@id": "dct:license", "@type": "@id"},
        "accessURL": {"@id": "dcat:accessURL", "@type": "@id"},
        "downloadURL": {"@id": "dcat:downloadURL", "@type": "@id"},
        "landingPage": {"@id": "dcat:landingPage", "@type": "@id"},
        "homepage": {"@id": "foaf:homepage", "@type": "@id"},
        "format": {"@id": "dct:format", "@type": "@id"},
        "mediaType": "dcat:mediaType",
        "modified": {"@id": "dct:modified", "@type": "xsd:date"},
        "issued": {"@id": "dct:issued", "@type": "xsd:date"},
        "conformsTo": {"@id": "dct:conformsTo", "@type": "@id"},
        "language": {"@id": "dct:language", "@type": "@id"},
    }
}


@dataclass(frozen=True)
class Entry:
    unit: Unit
    modified: datetime.date | None

    @property
    def name(self) -> str:
        return f"openita-{self.unit.code.lower()}"


def catalogue_entries(query: str = "") -> list[Entry]:
    """Every active unit that publishes something, with the date of its latest approval."""
    approvals = dict(
        oit_published.published_everywhere()
        .values("assessment__unit")
        .annotate(latest=Max("approved_at"))
        .values_list("assessment__unit", "latest")
    )
    plans = dict(
        PlanVersion.objects.filter(status=PlanStatus.APPROVED)
        .values("plan__assessment__unit")
        .annotate(latest=Max("approved_at"))
        .values_list("plan__assessment__unit", "latest")
    )
    unit_ids = set(approvals) | set(plans)
    units = Unit.objects.active().filter(pk__in=unit_ids)
    results = {result.unit_id for result in oit_published.released_results(Unit.objects.active())}
    units = Unit.objects.active().filter(pk__in=unit_ids | results).order_by("code")
    if query:
        from django.db.models import Q

        units = units.filter(
            Q(name_th__icontains=query) | Q(name_en__icontains=query) | Q(code__icontains=query)
        )
    entries = []
    for unit in units:
        stamps = [stamp for stamp in (approvals.get(unit.pk), plans.get(unit.pk)) if stamp]
        entries.append(Entry(unit, max(stamps).date() if stamps else None))
    return entries


_RANGE = re.compile(r"^metadata_modified:\[(?P<start>\S+) TO (?P<end>\S+)\]$")
_ORGANIZATION = re.compile(r"^(?P<not>-?)organization:(?P<name>[\w-]+)$")


def _day(value: str) -> datetime.date | None:
    if value == "*":
        return None
    return datetime.datetime.fromisoformat(value.replace("Z", "+00:00")).date()


def filter_entries(entries: list[Entry], fq: str) -> list[Entry]:
    """The entries a CKAN filter query keeps, for the terms harvesters send (ckanext-harvest's CKAN harvester):
    ``metadata_modified:[<since> TO *]`` (a day is kept when it may hold a change since then) and
    ``organization:<name>`` or ``-organization:<name>``; other terms keep everything (a harvester then gets
    more than it asked for, never less)."""
    included: set[str] = set()  # "organization:a OR organization:b"
    excluded: set[str] = set()
    for term in re.findall(r"-?\w+:\[[^\]]*\]|\S+", fq):
        if match := _RANGE.match(term):
            try:
                start, end = _day(match["start"]), _day(match["end"])
            except ValueError:
                continue
            entries = [
                entry
                for entry in entries
                if (start is None or _modified(entry) >= start)
                and (end is None or _modified(entry) <= end)
            ]
        elif match := _ORGANIZATION.match(term):
            (excluded if match["not"] else included).add(match["name"])
    return [
        entry
        for entry in entries
        if (not included or _organization(entry.unit) in included)
        and _organization(entry.unit) not in excluded
    ]


def _modified(entry: Entry) -> datetime.date:
    """The day of the package's ``metadata_modified``."""
    return entry.modified or entry.unit.updated_at.date()


def _organization(unit: Unit) -> str:
    """The unit's CKAN organization name."""
    return f"unit-{unit.code.lower()}"


def entry_for(name: str) -> Entry | None:
    for entry in catalogue_entries():
        if entry.name == name or entry.unit.code == name:
            return entry
    return None


def _download(base: str, unit: Unit, table: str, file_format: str) -> str:
    return base + reverse("public_site:dataset", args=[unit.code, table, file_format])


def _texts(th: Any, en: Any) -> dict[str, str]:
    from django.utils import translation

    with translation.override("th"):
        thai = str(th)
    with translation.override("en"):
        english = str(en)
    return {"th": thai, "en": english}


def dataset_node(base: str, entry: Entry) -> dict[str, Any]:
    unit = entry.unit
    settings = queries.settings_of(unit)
    page = base + reverse("public_site:unit", args=[unit.code])
    distributions = []
    for table in datasets.TABLES.values():
        for file_format, media_type in datasets.FORMATS.items():
            url = _download(base, unit, table.code, file_format)
            distributions.append(
                {
                    "@id": url,
                    "@type": "Distribution",
                    "title": _texts(table.title, table.title),
                    "accessURL": url,
                    "downloadURL": url,
                    "mediaType": media_type.split(";")[0],
                    "format": FORMAT_TYPES[file_format],
                    "license": settings.licence_url,
                }
            )
    node: dict[str, Any] = {
        "@id": f"{page}#dataset",
        "@type": "Dataset",
        "identifier": entry.name,
        "title": {
            "th": f"ข้อมูลเปิดด้านคุณธรรมและความโปร่งใสของ{unit.name_th}",
            "en": f"Integrity and transparency open data of {unit.name_en or unit.name_th}",
        },
        "description": _texts(
            "OIT items, measures, progress and ITA results published by the unit.",
            "OIT items, measures, progress and ITA results published by the unit.",
        ),
        "publisher": {
            "@id": f"{page}#publisher",
            "@type": "Agent",
            "name": {"th": unit.name_th, "en": unit.name_en or unit.name_th},
        },
        "landingPage": page,
        "license": settings.licence_url,
        "keyword": {"th": "ITA", "en": "ITA"},
        "distribution": distributions,
    }
    if entry.modified:
        node["modified"] = entry.modified.isoformat()
    return node


def catalogue(base: str) -> dict[str, Any]:
    return {
        "@context": base + reverse("public_site:context"),
        "@id": base + reverse("public_site:catalog_jsonld"),
        "@type": "Catalog",
        "title": {"th": "ข้อมูลเปิดของ openita", "en": "openita open data"},
        "description": {
            "th": "ข้อมูลที่หน่วยงานเผยแพร่ผ่าน openita",
            "en": "What units publish through openita",
        },
        "homepage": base + reverse("public_site:index"),
        "conformsTo": DCAT_AP,
        "dataset": [dataset_node(base, entry) for entry in catalogue_entries()],
    }


def catalogue_graph(base: str) -> Any:
    """The catalogue as an rdflib graph, its context given inline (nothing fetched)."""
    import json

    from rdflib import Graph

    document = catalogue(base)
    document["@context"] = CONTEXT["@context"]
    graph = Graph()
    graph.parse(data=json.dumps(document), format="json-ld")
    graph.bind("dcat", "http://www.w3.org/ns/dcat#")
    graph.bind("dct", "http://purl.org/dc/terms/")
    graph.bind("foaf", "http://xmlns.com/foaf/0.1/")
    return graph


# ---------------------------------------------------------------------------------------------
# CKAN 2.10 action API shapes


def _ckan_time(moment: datetime.datetime) -> str:
    """CKAN's timestamps: UTC, without an offset (``2024-10-02T12:38:25.719989``)."""
    return moment.astimezone(datetime.UTC).replace(tzinfo=None).isoformat()


def ckan_package(base: str, entry: Entry) -> dict[str, Any]:
    unit = entry.unit
    settings = queries.settings_of(unit)
    licence_id, licence_title = CKAN_LICENCES[Licence(settings.licence)]
    modified = entry.modified.isoformat() + "T00:00:00" if entry.modified else None
    resources = []
    position = 0
    for table in datasets.TABLES.values():
        for file_format, media_type in datasets.FORMATS.items():
            resources.append(
                {
                    "id": f"{entry.name}-{table.code}-{file_format}",
                    "package_id": entry.name,
                    "name": f"{table.code}.{file_format}",
                    "description": str(table.description),
                    "format": file_format.upper(),
                    "mimetype": media_type.split(";")[0],
                    "url": _download(base, unit, table.code, file_format),
                    "url_type": None,
                    "state": "active",
                    "position": position,
                    "created": modified,
                    "last_modified": modified,
                    "metadata_modified": modified,
                    "size": None,
                    "hash": "",
                    "cache_url": None,
                    "cache_last_updated": None,
                    "datastore_active": False,
                    "mimetype_inner": None,
                    "resource_type": None,
                }
            )
            position += 1
    organization = {
        "id": _organization(unit),
        "name": _organization(unit),
        "title": unit.name_th,
        "type": "organization",
        "description": "",
        "image_url": "",
        "created": _ckan_time(unit.created_at),
        "is_organization": True,
        "approval_status": "approved",
        "state": "active",
    }
    return {
        "id": entry.name,
        "name": entry.name,
        "title": f"ข้อมูลเปิดด้านคุณธรรมและความโปร่งใสของ{unit.name_th}",
        "notes": "OIT items, measures, progress and ITA results published by the unit.",
        "type": "dataset",
        "state": "active",
        "private": False,
        "isopen": settings.licence != Licence.OGL_TH,
        "license_id": licence_id,
        "license_title": licence_title,
        "license_url": settings.licence_url,
        "author": unit.name_th,
        "author_email": unit.email or None,
        "maintainer": unit.name_th,
        "maintainer_email": unit.email or None,
        "url": base + reverse("public_site:unit", args=[unit.code]),
        "version": None,
        "metadata_created": _ckan_time(unit.created_at),
        "metadata_modified": modified or _ckan_time(unit.updated_at),
        "creator_user_id": None,
        "owner_org": organization["id"],
        "organization": organization,
        "num_resources": len(resources),
        "num_tags": 2,
        "tags": [
            {
                "id": "ita",
                "name": "ITA",
                "display_name": "ITA",
                "state": "active",
                "vocabulary_id": None,
            },
            {
                "id": "oit",
                "name": "OIT",
                "display_name": "OIT",
                "state": "active",
                "vocabulary_id": None,
            },
        ],
        "groups": [],
        # CKAN's extras: a list of {key, value} strings (what harvesters copy as they are)
        "extras": [
            {"key": "unit_code", "value": unit.code},
            {"key": "language", "value": "th"},
            {"key": "publisher_uri", "value": base + reverse("public_site:unit", args=[unit.code])},
        ],
        "relationships_as_object": [],
        "relationships_as_subject": [],
        "resources": resources,
    }
