"""The FY2569 libraries and FY2568 version 2 at work: loaded by setupdata, chosen for units of their
types, scored by the scoring engine, found by purpose, and printed in every document kind without
placeholder text; an item no source confirms never reaches a document."""

from __future__ import annotations

import re
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from openita.conftest import World
from openita.core.thai import to_arabic_digits
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, all_kinds, build
from openita.documents.quality import document_text
from openita.frameworks.library import canonical_library, read_library, shipped_library_paths
from openita.frameworks.models import Assessment, FrameworkVersion, OitItem
from openita.frameworks.services import get_or_create_assessment, matching_item
from openita.oit import services as oit_services
from openita.scoring.engine import OitItemScore
from openita.scoring.services import compute_and_store
from openita.scoring.tests.helpers import best_answers
from openita.units import services as unit_services

pytestmark = pytest.mark.django_db

PLACEHOLDER = re.compile(r"not known|ยังไม่ทราบ|โปรดแก้ไขตามคู่มือ|TODO|placeholder", re.IGNORECASE)


def setupdata() -> str:
    out = StringIO()
    call_command("setupdata", stdout=out, stderr=StringIO())
    return out.getvalue()


def library_of(version: FrameworkVersion) -> dict:
    path = next(
        path
        for path in shipped_library_paths()
        if (data := read_library(path).data)["urn"] == version.urn
        and data["version"] == version.version
    )
    return canonical_library(read_library(path).data)


def documents_of(unit, year: int) -> dict[str, str]:
    """Every document kind the unit can have for the year, as text (digits read as ASCII: documents write
    item codes in the document's digits, O๑๖ as well as O16)."""
    texts: dict[str, str] = {}
    for kind in all_kinds():
        try:
            texts[kind.code] = to_arabic_digits(
                document_text(build(kind, DocumentRequest(unit=unit, fiscal_year=year)))
            )
        except DocumentUnavailable:
            continue
    return texts


def test_setupdata_loads_every_shipped_library_and_stays_idempotent() -> None:
    first = setupdata()
    assert first.count(": created") == len(shipped_library_paths())
    counts = FrameworkVersion.objects.count(), OitItem.objects.count()
    second = setupdata()
    assert ": created" not in second and ": updated" not in second
    assert (FrameworkVersion.objects.count(), OitItem.objects.count()) == counts


@pytest.mark.parametrize(
    ("unit_type", "year", "label"),
    [
        ("police_station", 2569, "ita-2569-police@1"),
        ("immigration", 2569, "ita-2569-police@1"),
        ("general", 2569, "ita-2569-general@1"),
        ("local_admin", 2569, "ita-2569-general@1"),
        ("school", 2569, "ita-2569-general@1"),
        ("police_station", 2568, "ita-2568-police@2"),
        ("police_station", 2570, "ita-2569-police@1"),
    ],
)
def test_units_get_the_library_of_their_type_and_year_scored_and_printed(
    world: World, unit_type: str, year: int, label: str
) -> None:
    setupdata()
    unit = unit_services.create_unit(
        code=f"u-{unit_type}-{year}", name_th="หน่วยทดสอบการพิมพ์", unit_type=unit_type
    )
    # FY2570 has no library of its own: the latest one is used provisionally, by choice (ADR 0016).
    assessment = get_or_create_assessment(unit, year, provisional=year == 2570)
    assert assessment.framework_version.label == label
    assert assessment.is_provisional == (year == 2570)
    library = library_of(assessment.framework_version)
    # The scoring engine scores the version: everyone gives the best answer, every item but one passes.
    tallies = best_answers(library, {"IIT": 10, "EIT": 20})
    codes = [item["code"] for item in library["oit_items"]]
    oit = {code: OitItemScore(score=Decimal(0 if code == codes[0] else 100)) for code in codes}
    result = compute_and_store(assessment, tallies, oit)
    scores = {row.code: row.score for row in result.instrument_scores.all()}
    assert scores["IIT"] == scores["EIT"] == Decimal(100)
    oit_score = scores["OIT"]
    assert oit_score is not None and Decimal(0) < oit_score < Decimal(100)
    assert result.framework_label == label and result.total is not None and result.grade
    # Every document kind it can make is free of placeholder text.
    oit_services.ensure_workspace(assessment)
    texts = documents_of(unit, year)
    assert {"oit-assignments", "results-report"} <= set(texts)
    for code, text in texts.items():
        assert not PLACEHOLDER.search(text), code
    # The features that produce evidence find their item by purpose, whatever its number.
    channel = matching_item(assessment, "complaint-channel")
    assert channel is not None and channel.code in texts["oit-assignments"]


def test_an_unconfirmed_item_is_shown_on_screens_but_never_printed(world: World) -> None:
    """FY2568 police version 1 keeps its O25 placeholder (marked unconfirmed) for the assessments that
    use it: its title never reaches a document, and unconfirmed elements are left out too."""
    setupdata()
    first = FrameworkVersion.objects.get(urn="ita-2568-police", version=1)
    assessment = Assessment.objects.create(
        unit=world.station, fiscal_year=2568, framework_version=first
    )
    o25 = first.oit_items.get(code="O25")
    assert o25.is_unconfirmed and "title not known" in o25.title_en
    o20 = first.oit_items.get(code="O20")
    unconfirmed_element = next(e for e in o20.elements.all() if e.is_unconfirmed_in(o20))
    oit_services.ensure_workspace(assessment)
    texts = documents_of(world.station, 2568)
    assert "oit-assignments" in texts
    for code, text in texts.items():
        assert "O25" not in text and not PLACEHOLDER.search(text), code
        assert unconfirmed_element.text_th not in text, code
    assert "O24" in texts["oit-assignments"]


def test_matching_item_finds_the_same_purpose_under_other_numbers() -> None:
    setupdata()
    versions = {v.label: v for v in FrameworkVersion.objects.all()}
    found = {
        label: matching_item(versions[label], "complaint-channel").code  # type: ignore[union-attr]
        for label in ("ita-2566-general@1", "ita-2567-police@1", "ita-2569-general@1")
    }
    assert found == {
        "ita-2566-general@1": "O28",
        "ita-2567-police@1": "O16",
        "ita-2569-general@1": "O17",
    }
    police = versions["ita-2569-police@1"]
    assert matching_item(police, "bribery-risk-assessment").code == "O19"  # type: ignore[union-attr]
    assert matching_item(police, "privacy-policy") is None
    with pytest.raises(ValueError, match="unknown purpose"):
        matching_item(police, "complaints")


def test_a_frozen_version_takes_new_sources_and_purposes_but_no_other_change(tmp_path) -> None:
    """Units assessed under FY2568 version 1 keep it; its new marks and purposes still reach them."""
    from openita.frameworks import services
    from openita.frameworks.library import SHIPPED_LIBRARY_DIR
    from openita.frameworks.services import load_library, load_library_file

    path = SHIPPED_LIBRARY_DIR / "ita-2568-police.yaml"
    library = canonical_library(read_library(path).data)
    old = {**library, "oit_items": [dict(item) for item in library["oit_items"]]}
    for item in old["oit_items"]:
        item.pop("purposes", None)
        item["confidence"] = "unconfirmed"
    version = load_library(old).version
    assert version is not None
    services.freeze_version(version)
    assert matching_item(version, "complaint-channel") is None

    outcome = load_library_file(path)
    assert outcome.status == services.ANNOTATED
    assert matching_item(version, "complaint-channel").code == "O16"  # type: ignore[union-attr]
    assert version.oit_items.get(code="O1").confidence == "inferred"
    assert load_library_file(path).status == services.UNCHANGED

    reworded = {**library, "oit_items": [dict(item) for item in library["oit_items"]]}
    reworded["oit_items"][0]["title"] = {"th": "โครงสร้างใหม่", "en": "New structure"}
    assert load_library(reworded).status == services.KEPT_FROZEN
    assert version.oit_items.get(code="O1").title_en != "New structure"


def test_screens_mark_inferred_and_unconfirmed_items(world: World) -> None:
    from django.conf import settings
    from django.urls import reverse

    from openita.conftest import client_for

    setupdata()
    assessment = get_or_create_assessment(world.station, 2569)
    oit_services.ensure_workspace(assessment)
    client = client_for(world, "unit_admin")
    board = client.get(reverse("oit:board", args=[world.station.code, 2569])).content.decode()
    assert board.count('data-mark="inferred"') == 24
    item = client.get(reverse("oit:item", args=[world.station.code, 2569, "O16"])).content.decode()
    assert 'data-mark="inferred"' in item
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    first = FrameworkVersion.objects.get(urn="ita-2568-police", version=1)
    detail = client.get(reverse("frameworks:detail", args=[first.label])).content.decode()
    assert "24 OIT items are carried over from another year" in detail
    assert "1 OIT item is confirmed by no source" in detail
    changed = client.get(reverse("frameworks:detail", args=["ita-2569-police@1"])).content.decode()
    assert reverse("frameworks:compare") + "?old=ita-2568-police%402" in changed


@pytest.mark.parametrize("label", ["ita-2568-police@2", "ita-2569-police@1"])
def test_the_worked_example_of_docs_scoring_on_the_24_item_police_lists(
    world: World, label: str
) -> None:
    """The data set of docs/scoring.md (O6, O14, O19 fail) without O25: indicator 10 is 7 of 8 items,
    (87.50 + 87.50) / 2 = 87.50 for the OIT and (30 × 95.72 + 30 × 98.06 + 40 × 87.50) / 100 = 93.134."""
    from openita.scoring.tests.helpers import worked_example_inputs

    setupdata()
    urn, number = label.split("@")
    version = FrameworkVersion.objects.get(urn=urn, version=int(number))
    assessment = Assessment.objects.create(
        unit=world.station, fiscal_year=version.fiscal_year, framework_version=version
    )
    tallies, oit = worked_example_inputs(library_of(version))
    result = compute_and_store(assessment, tallies, oit)
    scores = {row.code: row.score for row in result.instrument_scores.all()}
    assert scores == {"IIT": Decimal("95.72"), "EIT": Decimal("98.06"), "OIT": Decimal("87.50")}
    assert (result.total, result.grade, result.rating_code) == (Decimal("93.13"), "A", "good")
