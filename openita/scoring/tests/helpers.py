"""Frameworks for scoring tests: the shipped libraries, and the worked example of docs/scoring.md."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from openita.frameworks.library import SHIPPED_LIBRARY_DIR, canonical_library, read_library
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import load_library
from openita.scoring.engine import OitItemScore

if TYPE_CHECKING:
    from openita.surveys.models import Campaign


def shipped_library(urn: str) -> dict[str, Any]:
    library = read_library(SHIPPED_LIBRARY_DIR / f"{urn}.yaml")
    assert library.is_valid, library.errors
    return canonical_library(library.data)


def load_shipped(urn: str) -> FrameworkVersion:
    outcome = load_library(shipped_library(urn), loaded_from=f"{urn}.yaml")
    assert outcome.version is not None
    return outcome.version


def best_option(library: dict[str, Any], scale_code: str, reverse: bool) -> str:
    """The option a fully satisfied respondent picks: the highest score, or the lowest when reversed."""
    scale = next(scale for scale in library["scales"] if scale["code"] == scale_code)
    ranked = sorted(scale["options"], key=lambda option: option["score"])
    return str((ranked[0] if reverse else ranked[-1])["code"])


def best_answers(
    library: dict[str, Any], respondents: dict[str, int]
) -> dict[str, dict[str, dict[str, int]]]:
    """Tallies where each of ``respondents[instrument]`` people gives the best answer everywhere."""
    instrument_of = {i["number"]: i["instrument"] for i in library["indicators"]}
    tallies: dict[str, dict[str, dict[str, int]]] = {}
    for item in library["survey_items"]:
        instrument = instrument_of[item["indicator"]]
        count = respondents.get(instrument)
        if not count:
            continue
        for part in item.get("sub_items") or [item]:
            scale = part.get("scale", item["scale"])
            reverse = part.get("reverse", item.get("reverse", False))
            tallies.setdefault(instrument, {})[part["code"]] = {
                best_option(library, scale, reverse): count
            }
    return tallies


def worked_example_inputs(
    library: dict[str, Any],
) -> tuple[dict[str, dict[str, dict[str, int]]], dict[str, OitItemScore]]:
    """The data set of the worked example in docs/scoring.md (framework ita-2568-police)."""
    tallies = best_answers(library, {"IIT": 10, "EIT": 20})
    iit, eit = tallies["IIT"], tallies["EIT"]
    iit["i1.1"] = {"4": 6, "3": 3, "2": 1}
    iit["i4.2"] = {"yes": 1, "no": 9}
    iit["i9"] = {"1": 7, "2": 2, "4": 1}
    iit["i27"] = {"1": 10}
    eit["e10.1"] = {"yes": 15, "no": 5}
    eit["e13"] = {"3": 10, "4": 10}
    oit = {
        item["code"]: OitItemScore(
            score=Decimal(0 if item["code"] in {"O6", "O14", "O19"} else 100)
        )
        for item in library["oit_items"]
    }
    return tallies, oit


# The numbers computed by hand in docs/scoring.md.
WORKED_EXAMPLE: dict[str, Any] = {
    "items": {
        "i1.1": "83.33",
        "i1": "91.67",
        "i4.2": "90.00",
        "i4": "96.67",
        "i9": "83.33",
        "i27": "0.00",
        "e10.1": "75.00",
        "e10": "87.50",
        "e13": "83.34",
        "O6": "0.00",
        "O1": "100.00",
    },
    "indicators": {
        1: "98.06",
        2: "97.22",
        3: "100.00",
        4: "100.00",
        5: "83.33",
        6: "100.00",
        7: "97.50",
        8: "96.67",
        9: "87.50",
        10: "88.89",
    },
    "instruments": {"IIT": "95.72", "EIT": "98.06", "OIT": "88.20"},
    "total": "93.41",
    "grade": "A",
    "rating": "good",
    "passed": True,
}


def store_answers(
    assessment: Assessment,
    tallies: Mapping[str, Mapping[str, Mapping[str, int]]],
    *,
    lines: Mapping[str, Sequence[tuple[str, int]]] | None = None,
) -> dict[str, Campaign]:
    """Store tallies as real anonymous answers, as the surveys app keeps them: a campaign per instrument and
    one `SurveyResponse` per respondent (respondent k gives the k-th answer of each item's tally, so the
    database tallies them back to exactly ``tallies``). ``lines``: per instrument, (line code, how many)
    — the first respondents answer in that line's quota group, in order."""
    from openita.surveys import services as survey_services
    from openita.surveys.models import QuotaGroup, SurveyResponse

    campaigns: dict[str, Campaign] = {}
    # Closed yesterday: only a closed campaign's answers are tallied (docs/anonymity.md).
    today = timezone.localdate() - timedelta(days=1)
    for instrument, by_item in tallies.items():
        campaign = survey_services.find_campaign(
            assessment.unit, assessment.fiscal_year, instrument.lower()
        ) or survey_services.create_campaign(
            assessment.unit,
            assessment.fiscal_year,
            instrument.lower(),
            opens_on=today,
            closes_on=today,
            population=100,
        )
        campaigns[instrument] = campaign
        answers: list[dict[str, str]] = []
        for code, counts in by_item.items():
            chosen = [option for option, count in counts.items() for _ in range(count)]
            while len(answers) < len(chosen):
                answers.append({})
            for respondent, option in enumerate(chosen):
                answers[respondent][code] = option
        groups: list[QuotaGroup | None] = []
        for line_code, count in (lines or {}).get(instrument, ()):
            group = campaign.groups.filter(line__code=line_code).first()
            if group is None:
                survey_services.add_line_groups(campaign)
                group = campaign.groups.get(line__code=line_code)
            groups += [group] * count
        groups += [None] * (len(answers) - len(groups))
        SurveyResponse.objects.bulk_create(
            SurveyResponse(campaign=campaign, group=group, submitted_on=today, answers=answer)
            for answer, group in zip(answers, groups, strict=True)
        )
    return campaigns


def store_oit_scores(
    assessment: Assessment,
    scores: Mapping[str, OitItemScore | Decimal],
    *,
    status: str = "final",
    released: bool = True,
) -> None:
    """Give OIT items of the assessment a score in the OIT app's tables (in the state ``status``), the
    assessor's marks when elements are given, and release the scores unless ``released`` is False."""
    from openita.oit import services as oit_services
    from openita.oit.models import Disclosure, DisclosureElement

    oit_services.ensure_workspace(assessment)
    for code, given in scores.items():
        item = given if isinstance(given, OitItemScore) else OitItemScore(score=given)
        disclosure = Disclosure.objects.get(assessment=assessment, item__code=code)
        Disclosure.objects.filter(pk=disclosure.pk).update(status=status, score=item.score)
        elements = DisclosureElement.objects.filter(disclosure=disclosure)
        elements.update(met=None)
        if item.elements_met is not None:
            met = elements.order_by("position").values_list("pk", flat=True)[: item.elements_met]
            elements.filter(pk__in=list(met)).update(met=True)
            elements.filter(met__isnull=True).update(met=False)
    deadlines = oit_services.deadlines_of(assessment)
    type(deadlines).objects.filter(pk=deadlines.pk).update(
        scores_released_at=timezone.now() if released else None
    )
