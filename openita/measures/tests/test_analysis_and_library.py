from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.frameworks.services import get_or_create_assessment
from openita.measures import services
from openita.measures.library import (
    LibraryError,
    load_library,
    query_words,
    read_library,
    search,
    suggest,
)
from openita.measures.models import IssueSource, LibraryMeasure, framework_family
from openita.scoring.weak_points import WeakPoint, weak_points

from .factories import indicator, plan_for, shipped_framework


def scoring_point(number: int, code: str | None, score: str, issue: str) -> WeakPoint:
    """A weak point as the scoring app gives it (an indicator when `code` is None)."""
    return WeakPoint(
        kind="item" if code else "indicator",
        code=code or str(number),
        indicator_number=number,
        instrument_code="",
        score=Decimal(score),
        benchmark=Decimal(85),
        below_benchmark=True,
        among_lowest=False,
        name_th="",
        name_en="",
        issue_th=issue,
        issue_en="",
    )


@pytest.fixture
def last_year(world: World, monkeypatch):
    """Last year's assessment, whose scores (as the scoring app reads them) have these weak points."""
    shipped_framework("ita-2567-police")
    shipped_framework("ita-2568-police")
    previous = get_or_create_assessment(world.station, 2567)
    points = [
        scoring_point(9, "O99", "0", "O99 ไม่มีในกรอบปีนี้"),  # an item this year's framework lacks
        scoring_point(2, "i12", "61.00", "i12 การให้บริการ"),
        scoring_point(1, None, "78.50", "ขั้นตอนการให้บริการ"),
    ]
    monkeypatch.setattr(
        services,
        "weak_points",
        lambda assessment, **options: points if assessment == previous else [],
    )
    return previous


def test_without_results_of_last_year_there_are_no_weak_points(world: World) -> None:
    plan = plan_for(world.station)
    assert weak_points(plan.assessment) == []
    assert services.draft_analysis_from_weak_points(plan) == []


def test_the_official_results_of_the_scoring_app_give_the_weak_points(world: World) -> None:
    from openita.scoring.services import OfficialScores, save_official_result

    shipped_framework("ita-2567-police")
    shipped_framework("ita-2568-police")
    previous = get_or_create_assessment(world.station, 2567)
    indicators = {number: Decimal("95.00") for number in range(1, 11)}
    indicators[2], indicators[9] = Decimal("71.50"), Decimal("80.00")
    save_official_result(
        world.station,
        OfficialScores(fiscal_year=2567, total=Decimal("90.00"), indicators=indicators),
    )
    points = weak_points(previous)
    assert {point.indicator_number for point in points} >= {2, 9}
    assert all(point.kind == "indicator" and point.issue_th for point in points)
    plan = services.plan_for(world.station, 2568)
    added = services.draft_analysis_from_weak_points(plan)
    scores = {issue.indicator.number: issue.score for issue in added}  # type: ignore[union-attr]
    assert scores[2] == Decimal("71.50") and scores[9] == Decimal("80.00")


def test_the_analysis_is_drafted_from_last_years_weak_points_once(world: World, last_year) -> None:
    plan = services.plan_for(world.station, 2568)
    added = services.draft_analysis_from_weak_points(plan)
    assert [(issue.indicator.number, issue.item_codes) for issue in added] == [  # type: ignore[union-attr]
        (1, []),
        (2, ["i12"]),
        (9, []),
    ]
    assert all(issue.source == IssueSource.WEAK_POINT for issue in added)
    assert added[1].score == Decimal("61.00")
    assert services.draft_analysis_from_weak_points(plan) == []
    edited = services.update_issue(
        added[0], text="ขั้นตอนและระยะเวลาไม่ชัดเจน", indicator=added[0].indicator
    )
    assert edited.text == "ขั้นตอนและระยะเวลาไม่ชัดเจน"


def test_the_analysis_can_be_entered_by_hand(world: World) -> None:
    plan = plan_for(world.station)
    issue = services.create_issue(
        plan, text="การยืมทรัพย์สินของราชการ", indicator=indicator(plan, 4), item_codes=["i20"]
    )
    assert (issue.source, issue.item_codes) == (IssueSource.HAND, ["i20"])
    free = services.create_issue(plan, text="(๑) กระบวนการปฏิบัติงานที่โปร่งใส")
    assert free.indicator is None


@pytest.fixture
def library(db: None) -> None:
    load_library()


def test_the_shipped_library_loads_idempotently_with_about_twenty_entries(library) -> None:
    count = LibraryMeasure.objects.count()
    assert 20 <= count <= 40
    assert load_library() == {"created": 0, "updated": 0, "unchanged": count}
    for entry in LibraryMeasure.objects.all():
        assert entry.title_th and entry.title_en and entry.steps_th and entry.steps_en
        assert entry.indicator_numbers, entry.code
    output = StringIO()
    call_command("measures", "load-library", stdout=output)
    assert f"{count} unchanged" in output.getvalue()


def test_a_bad_library_file_is_refused_with_a_reason(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: openita-measures-library/1\nversion: 1\nmeasures:\n  - code: X\n")
    with pytest.raises(LibraryError, match="code"):
        read_library(bad)


def test_thai_search_works_without_spaces_between_words(library) -> None:
    assert "ของขวัญ" in query_words("นโยบายไม่รับของขวัญ")
    titles = [entry.code for entry in search("ไม่รับของขวัญ")]
    assert titles[0] == "no-gift-policy"
    assert next(entry.code for entry in search("ของขวัญนโยบาย")) == "no-gift-policy"
    assert "property-borrowing-rules" in [entry.code for entry in search("ยืมทรัพย์สิน")]
    assert "complaint-channel" in [entry.code for entry in search("ช่องทางร้องเรียน")]
    assert "e-service" in [entry.code for entry in search("บริการออนไลน์")]
    assert next(entry.code for entry in search("infographic")) == "budget-infographic"


def test_search_tolerates_a_misspelling_by_trigrams(library) -> None:
    found = [entry.code for entry in search("ผลประโยชน์ทับซ้อนน")]
    assert "conflict-of-interest-training" in found


def test_suggestions_for_a_weak_point_put_shared_items_first(world: World, library) -> None:
    shipped_framework("ita-2568-police")
    plan = services.plan_for(world.station, 2568)
    suggestions = suggest(plan, indicator_number=4, item_codes=["i20", "i21"], text="การยืมทรัพย์สิน")
    assert suggestions[0].entry.code == "property-borrowing-rules"
    assert any("i20" in reason for reason in suggestions[0].reasons)
    oit = suggest(plan, indicator_number=9, item_codes=["O16"])
    assert oit[0].entry.code == "complaint-channel"


def test_accepting_a_suggestion_creates_a_measure_from_the_entry(world: World, library) -> None:
    shipped_framework("ita-2568-police")
    plan = services.plan_for(world.station, 2568)
    issue = services.create_issue(
        plan,
        text="ไม่มีประกาศ No Gift Policy",
        indicator=plan.assessment.framework_version.indicators.get(number=10),
    )
    entry = LibraryMeasure.objects.get(code="no-gift-policy")
    measure = services.accept_library_measure(plan, entry, issue)
    assert measure.title == entry.title_th
    assert measure.steps.startswith("๑. จัดทำประกาศเจตนารมณ์")
    assert measure.issue == issue and measure.indicator.number == 10  # type: ignore[union-attr]
    assert measure.item_codes == ["i4", "i5", "i6", "e4", "O17"]
    assert measure.library_entry == entry
    again = suggest(plan, indicator_number=10, item_codes=["O17"])
    assert next(s for s in again if s.entry == entry).already_in_plan


def test_oit_codes_of_the_library_depend_on_the_framework_family() -> None:
    assert framework_family("ita-2568-police") == "ita-police"
    assert framework_family("ita-2566-general") == "ita-general"
    assert framework_family("ita-2567-police-fy2566") == "ita-police-fy2566"


def item_point(number: int, code: str, score: str, benchmark: str = "85") -> WeakPoint:
    point = scoring_point(number, code, score, f"{code} ต้องปรับปรุง")
    return WeakPoint(
        **{
            **point.__dict__,
            "benchmark": Decimal(benchmark),
            "below_benchmark": Decimal(score) < Decimal(benchmark),
        }
    )


@pytest.fixture
def many_weak_items(world: World, monkeypatch):
    """Last year: indicator 1 weak, with six items under the benchmark and one over it."""
    shipped_framework("ita-2567-police")
    shipped_framework("ita-2568-police")
    previous = get_or_create_assessment(world.station, 2567)
    points = [scoring_point(1, None, "70.00", "ขั้นตอนการให้บริการ")] + [
        item_point(1, f"i{n}", score)
        for n, score in zip(range(1, 8), ("60", "20", "50", "40", "30", "10", "90"), strict=True)
    ]
    monkeypatch.setattr(
        services,
        "weak_points",
        lambda assessment, **options: points if assessment == previous else [],
    )
    return previous


def test_only_the_weakest_items_of_each_indicator_are_proposed(
    world: World, many_weak_items
) -> None:
    plan = services.plan_for(world.station, 2568)
    proposals = services.propose_issues(plan)
    assert [proposal.key for proposal in proposals] == [
        "indicator:1",
        "item:i6",
        "item:i2",
        "item:i5",
    ]
    wider = services.propose_issues(plan, items_per_indicator=10)
    assert len(wider) == 7  # every item under the benchmark, never i7 (90 is over it)
    assert [proposal.key for proposal in services.propose_issues(plan, 0)] == ["indicator:1"]


def test_the_chosen_proposals_are_accepted_and_removed_in_bulk(
    world: World, many_weak_items
) -> None:
    plan = services.plan_for(world.station, 2568)
    admin = client_for(world, "unit_admin")
    draft_url = reverse("measures:analysis_draft", args=[world.station.code, 2568])
    page = admin.get(draft_url + "?per_indicator=2").content.decode()
    assert page.count('name="point"') == 3 and 'data-select-all="point"' in page
    assert page.count("checked") >= 3
    none = admin.get(draft_url + "?per_indicator=2&select=none").content.decode()
    assert 'value="item:i6" id="point-1-2">' in none.replace(" checked", "")
    assert 'value="item:i6" id="point-1-2" checked' not in none
    response = admin.post(draft_url, {"point": ["item:i6", "item:i2"], "per_indicator": "2"})
    assert response.status_code == 302
    assert sorted(issue.text for issue in plan.issues.all()) == [
        "i2 ต้องปรับปรุง",
        "i6 ต้องปรับปรุง",
    ]
    again = admin.get(draft_url).content.decode()
    assert "อยู่ในการวิเคราะห์แล้ว" in again
    ids = list(plan.issues.values_list("pk", flat=True))
    analysis = admin.get(
        reverse("measures:analysis", args=[world.station.code, 2568]) + "?select=all"
    )
    assert analysis.content.decode().count('form="remove-issues"') == 2
    response = admin.post(
        reverse("measures:analysis_remove", args=[world.station.code, 2568]), {"issue": ids}
    )
    assert response.status_code == 302 and plan.issues.count() == 0


def test_drafting_everything_takes_the_default_number_per_indicator(
    world: World, many_weak_items
) -> None:
    plan = services.plan_for(world.station, 2568)
    added = services.draft_analysis_from_weak_points(plan)
    assert len(added) == 1 + services.DEFAULT_ITEMS_PER_INDICATOR
    assert services.draft_analysis_from_weak_points(plan) == []
