"""Versioning: assessments pick their version, using it freezes it, edits go to new drafts."""

from decimal import Decimal

import pytest

from openita.frameworks import services
from openita.frameworks.export import version_library
from openita.frameworks.models import Assessment, FrameworkVersion, VersionStatus
from openita.frameworks.tests.factories import load_small, small_draft
from openita.units import services as unit_services
from openita.units.models import Unit

pytestmark = pytest.mark.django_db


def a_unit(unit_type: str = "police_station", code: str = "st-1") -> Unit:
    return unit_services.create_unit(code=code, name_th="สถานีทดสอบ", unit_type=unit_type)


def test_an_assessment_uses_the_version_of_its_unit_type_and_year() -> None:
    police_2567 = load_small()
    load_small(urn="test-2568", fiscal_year=2568)
    general = load_small(urn="general-2567", unit_types=["general", "school"])
    assert services.get_or_create_assessment(a_unit(), 2567).framework_version == police_2567
    school = a_unit("school", "school-1")
    assert services.get_or_create_assessment(school, 2567).framework_version == general


def test_without_a_version_of_the_year_the_latest_earlier_one_is_used_only_by_choice() -> None:
    load_small(urn="test-2566", fiscal_year=2566)
    latest_earlier = load_small(urn="test-2567", fiscal_year=2567)
    load_small(urn="test-2570", fiscal_year=2570)
    unit = a_unit()
    with pytest.raises(services.ProvisionalFrameworkNeeded):
        services.get_or_create_assessment(unit, 2569)
    assessment = services.get_or_create_assessment(unit, 2569, provisional=True)
    assert assessment.framework_version == latest_earlier
    assert assessment.is_provisional


def test_drafts_are_never_picked() -> None:
    published = load_small()
    draft = services.new_version_for_editing(published)
    assert draft.version == 2
    assert services.select_framework_version("police_station", 2567) == published


def test_the_highest_published_version_of_a_year_wins() -> None:
    first = load_small()
    second = services.publish_version(services.new_version_for_editing(first))
    assert services.select_framework_version("police_station", 2567) == second


def test_no_version_for_the_unit_type_is_a_clear_error() -> None:
    load_small()
    with pytest.raises(services.NoFrameworkVersion, match="immigration"):
        services.get_or_create_assessment(a_unit("immigration"), 2567)
    with pytest.raises(services.NoFrameworkVersion):
        services.get_or_create_assessment(a_unit(code="st-2"), 2566)
    assert Assessment.objects.count() == 0


def test_using_a_version_freezes_it_and_the_assessment_is_made_once() -> None:
    version = load_small()
    unit = a_unit()
    first = services.get_or_create_assessment(unit, 2567)
    again = services.get_or_create_assessment(unit, 2567)
    assert first == again
    assert Assessment.objects.count() == 1
    version.refresh_from_db()
    assert version.status == VersionStatus.FROZEN
    assert version.frozen_at is not None


def test_a_frozen_version_keeps_its_assessments_when_a_new_version_is_published() -> None:
    version = load_small()
    unit = a_unit()
    assessment = services.get_or_create_assessment(unit, 2567)
    version.refresh_from_db()
    draft = services.new_version_for_editing(version)
    services.update_part(draft.survey_items.get(code="e1"), text_th="ข้อความใหม่", text_en="New")
    services.publish_version(draft)
    assessment.refresh_from_db()
    assert assessment.framework_version == version
    assert version.survey_items.get(code="e1").text_en == "เท่าเทียม (en)"
    other = services.get_or_create_assessment(a_unit(code="st-2"), 2567)
    assert other.framework_version == draft


def test_only_drafts_can_be_edited() -> None:
    published = load_small()
    with pytest.raises(services.FrameworkNotEditable):
        services.update_part(published.indicators.get(number=1), name_th="x", name_en="x")
    with pytest.raises(services.FrameworkNotEditable):
        services.publish_version(published)


def test_a_clone_copies_the_whole_tree_into_a_new_fiscal_year() -> None:
    source = load_small()
    clone = services.clone_version(
        source, urn="test-2569", fiscal_year=2569, name_th="ทดสอบ 2569", name_en="Test 2569"
    )
    assert (clone.status, clone.version, clone.parent) == (VersionStatus.DRAFT, 1, source)
    cloned = version_library(clone)
    original = version_library(source)
    for key in ("urn", "fiscal_year", "name"):
        cloned.pop(key), original.pop(key)
    assert cloned == original


def test_a_clone_with_an_unknown_unit_type_is_refused() -> None:
    source = load_small()
    with pytest.raises(services.LibraryProblems) as error:
        services.clone_version(
            source, urn="x-2569", fiscal_year=2569, name_th="x", name_en="x", unit_types=["zoo"]
        )
    assert "unknown unit type 'zoo'" in str(error.value)
    assert FrameworkVersion.objects.count() == 1


def test_an_edit_that_breaks_the_library_is_rolled_back() -> None:
    draft = small_draft()
    with pytest.raises(services.LibraryProblems) as error:
        services.update_scoring(draft, weights={"IIT": Decimal(50)})
    assert "instrument weights add up to 120, not 100" in str(error.value)
    assert draft.instruments.get(code="IIT").weight == 30


def test_scoring_edits_change_weights_bands_and_ratings_together() -> None:
    draft = small_draft()
    services.update_scoring(
        draft,
        weights={"IIT": Decimal(25), "EIT": Decimal(25), "OIT": Decimal(50)},
        band_minimums={"A": Decimal(90)},
        rating_minimums={"good": (Decimal(90), {"IIT": 90.0, "OIT": 90.0})},
    )
    library = version_library(draft)
    assert [i["weight"] for i in library["instruments"]] == [25, 25, 50]
    assert library["grade_bands"][0]["min_score"] == 90
    assert library["rating_levels"][0]["instrument_minimums"] == {"IIT": 90, "OIT": 90}


def test_oit_elements_are_replaced_in_order() -> None:
    draft = small_draft()
    item = draft.oit_items.get(code="O1")
    services.update_oit_item(
        item,
        elements=[
            {"code": "2", "text_th": "ผู้บริหาร", "text_en": "Heads"},
            {"code": "", "text_th": "ใหม่", "text_en": "New"},
        ],
        formats=["pdf"],
        scoring_mode="pro_rata",
    )
    item.refresh_from_db()
    assert [(e.code, e.text_en) for e in item.elements.all()] == [("2", "Heads"), ("3", "New")]
    assert (item.formats, item.scoring_mode) == (["pdf"], "pro_rata")
    exported = version_library(draft)["oit_items"][0]
    assert exported["elements"][0]["code"] == "2"
    assert exported["scoring"] == "pro_rata"


def test_sample_rules_compute_their_minimum() -> None:
    version = load_small()
    rule = version.sample_rules.get()
    assert rule.required_count() == 100
    rule.minimum_count, rule.population_share_percent = 100, Decimal(80)
    rule.combine, rule.cap_at_population = "lesser", True
    assert rule.required_count(60) == 48
    assert rule.required_count(500) == 100
    rule.minimum_count, rule.population_share_percent, rule.combine = 30, Decimal(10), "greater"
    rule.maximum_count, rule.cap_at_population = 400, False
    assert rule.required_count(200) == 30
    assert rule.required_count(1000) == 100
    assert rule.required_count(9000) == 400


def test_rating_levels_check_the_total_and_each_instrument() -> None:
    version = load_small()
    good = version.rating_levels.get(code="good")
    assert good.is_met_by(90, {"IIT": 88, "EIT": 70, "OIT": 100})
    assert not good.is_met_by(90, {"IIT": 80, "EIT": 99, "OIT": 100})
    assert not good.is_met_by(84.99, {"IIT": 100})


def test_survey_items_score_answers_with_reverse_scoring() -> None:
    version = load_small()
    normal = version.survey_items.get(code="i1.1")
    reverse = version.survey_items.get(code="i1.2")
    most = normal.scale.options.get(code="4")
    assert normal.score_for(most) == Decimal(100)
    assert reverse.score_for(most) == Decimal(0)
    assert list(version.survey_items.answerable().values_list("code", flat=True)) == [
        "i1.1",
        "i1.2",
        "e1",
    ]


def test_an_assessment_made_meanwhile_by_someone_else_is_returned(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    version = load_small()
    unit = a_unit()
    made_meanwhile = Assessment.objects.create(
        unit=unit, fiscal_year=2567, framework_version=version
    )
    real_filter = Assessment.objects.filter

    class NotYetVisible:
        def select_related(self, *args: object) -> "NotYetVisible":
            return self

        def of(self, unit: object, fiscal_year: int) -> "NotYetVisible":
            return self

        def first(self) -> None:
            return None

    monkeypatch.setattr(Assessment.objects, "select_related", lambda *a: NotYetVisible())
    assert services.get_or_create_assessment(unit, 2567).pk == made_meanwhile.pk
    assert real_filter(unit=unit).count() == 1
