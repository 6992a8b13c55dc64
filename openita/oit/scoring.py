"""OIT scores: an item's score from its elements, and the means stored for the scoring engine.

Rules (docs/scoring.md): an item scored ``pass_fail`` gets 100 when every element is met and 0 otherwise; an
item scored ``pro_rata`` gets 100 × elements met ÷ elements. A score given directly (offline scoring, an item
without elements) must be 0 or 100 for pass/fail and 0–100 pro rata. A sub-indicator's and an indicator's
score is the mean of the scores of its items that have one (``rollup.indicator: mean_of_items``); every
level is kept with two decimals, rounded half up.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from openita.frameworks.models import Assessment, OitScoringMode
from openita.scoring.engine import OitItemScore

from .models import (
    SCORED_STATUSES,
    Disclosure,
    OitDeadlines,
    OitScoreSummary,
    Status,
    SummaryLevel,
)

HUNDREDTH = Decimal("0.01")
HUNDRED = Decimal(100)


def round_half_up(value: Decimal) -> Decimal:
    return value.quantize(HUNDREDTH, rounding=ROUND_HALF_UP)


def mean(values: Iterable[Decimal]) -> Decimal | None:
    numbers = list(values)
    if not numbers:
        return None
    return round_half_up(sum(numbers, Decimal(0)) / len(numbers))


def score_from_elements(mode: str, met: int, total: int) -> Decimal:
    if total <= 0:
        raise ValidationError(_("This item has no elements: give its score directly."))
    if mode == OitScoringMode.PASS_FAIL:
        return HUNDRED if met == total else Decimal(0)
    return round_half_up(HUNDRED * met / total)


def check_given_score(mode: str, score: Decimal) -> Decimal:
    """A score typed by the assessor, checked against the item's scoring mode."""
    if score < 0 or score > HUNDRED:
        raise ValidationError(_("A score is from 0 to 100."))
    if mode == OitScoringMode.PASS_FAIL and score not in (Decimal(0), HUNDRED):
        raise ValidationError(_("This item is scored pass or fail: the score is 0 or 100."))
    return round_half_up(score)


# Assessments whose summaries are due, while `summaries_deferred` holds them back (else None).
_deferred: ContextVar[dict[int, Assessment] | None] = ContextVar("oit_deferred", default=None)


@contextmanager
def summaries_deferred() -> Iterator[None]:
    """Refresh the summaries once per assessment at the end of the block instead of after every score
    (many items scored in one go: the demo, imports)."""
    if _deferred.get() is not None:
        yield
        return
    token = _deferred.set({})
    try:
        yield
        due = _deferred.get() or {}
    finally:
        _deferred.reset(token)
    for assessment in due.values():
        refresh_summaries(assessment)


def refresh_summaries(assessment: Assessment) -> list[OitScoreSummary]:
    """Recompute the stored sub-indicator and indicator means of an assessment (one upsert per row)."""
    deferred = _deferred.get()
    if deferred is not None:
        deferred[assessment.pk] = assessment
        return []
    groups: dict[tuple[str, str], list[Disclosure]] = defaultdict(list)
    for disclosure in Disclosure.objects.filter(assessment=assessment).select_related(
        "item", "item__sub_indicator", "item__indicator"
    ):
        groups[(SummaryLevel.INDICATOR, str(disclosure.item.indicator.number))].append(disclosure)
        if disclosure.item.sub_indicator is not None:
            groups[(SummaryLevel.SUB_INDICATOR, disclosure.item.sub_indicator.code)].append(
                disclosure
            )
    kept: list[OitScoreSummary] = []
    for (level, code), disclosures in groups.items():
        scores = [d.score for d in disclosures if d.has_score and d.score is not None]
        summary, _created = OitScoreSummary.objects.update_or_create(
            assessment=assessment,
            level=level,
            code=code,
            defaults={
                "score": mean(scores),
                "scored_items": len(scores),
                "items": len(disclosures),
                "is_final": all(d.status == Status.FINAL for d in disclosures),
            },
        )
        kept.append(summary)
    OitScoreSummary.objects.filter(assessment=assessment).exclude(
        pk__in=[summary.pk for summary in kept]
    ).delete()
    return kept


def released_item_scores(assessments: Sequence[Assessment]) -> dict[int, dict[str, OitItemScore]]:
    """What scoring (`openita.scoring.inputs`, registered in `OitConfig.ready`) takes from the OIT: per
    assessment, item code → `OitItemScore` for every item whose score the unit may see — scored,
    appealed or re-scored once the assessor has released the scores, and final. With the elements met
    and checked when the assessor marked every element. Two queries for the whole batch."""
    ids = [assessment.pk for assessment in assessments]
    released = set(
        OitDeadlines.objects.filter(
            assessment_id__in=ids, scores_released_at__isnull=False
        ).values_list("assessment_id", flat=True)
    )
    rows = (
        Disclosure.objects.filter(
            assessment_id__in=ids, status__in=SCORED_STATUSES, score__isnull=False
        )
        .values("assessment_id", "item__code", "status", "score")
        .annotate(
            elements_total=Count("elements"),
            elements_met=Count("elements", filter=Q(elements__met=True)),
            elements_open=Count("elements", filter=Q(elements__met__isnull=True)),
        )
        .order_by()
    )
    found: dict[int, dict[str, OitItemScore]] = {}
    for row in rows:
        if row["status"] != Status.FINAL and row["assessment_id"] not in released:
            continue
        marked = row["elements_total"] and not row["elements_open"]
        found.setdefault(row["assessment_id"], {})[row["item__code"]] = OitItemScore(
            score=row["score"],
            elements_met=row["elements_met"] if marked else None,
            elements_total=row["elements_total"] if marked else None,
        )
    return found
