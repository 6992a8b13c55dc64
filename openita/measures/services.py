"""Writes on measures plans. Every function runs in one transaction.

Versioning rules (docs/measures.md):
- a plan starts with version 1 as a draft; its issues, measures, texts and layout change only while the
  latest version is a draft (`PlanNotEditable` otherwise);
- submitting takes a snapshot of the plan; the head of unit approves it (frozen) or sends it back (draft);
- approving version n+1 supersedes version n; from then on, changes need a new version
  (`start_new_version`), whose differences from the approved one are shown;
- progress entries are not plan content: they are recorded at any time on measures of the plan.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, Role, User
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core import publication
from openita.core.links import web_link_lines
from openita.core.thai import fiscal_year_bounds, to_arabic_digits
from openita.core.uploads import check_upload
from openita.frameworks.models import Assessment, Indicator, OitItem, SurveyItem
from openita.frameworks.services import (
    NoFrameworkVersion,
    get_or_create_assessment,
    select_framework_version,
)
from openita.measures import line_notices
from openita.measures.layouts import Layout
from openita.measures.models import (
    Acknowledgement,
    AnalysisIssue,
    FollowUpFrequency,
    IssueSource,
    LibraryMeasure,
    Measure,
    MeasuresPlan,
    PeriodKind,
    PlanStatus,
    PlanVersion,
    ProgressAttachment,
    ProgressEntry,
)
from openita.measures.notifications import notify
from openita.measures.versioning import plan_snapshot
from openita.scoring.weak_points import WeakPoint, weak_points
from openita.units.models import Line, Unit

ACKNOWLEDGING_ROLES = (
    Role.UNIT_ADMIN,
    Role.EXECUTIVE,
    Role.OFFICER,
    Role.WORKING_GROUP_MEMBER,
)
MAX_EVIDENCE_BYTES = 20 * 1024 * 1024
# Checked by content; never SVG or HTML (a browser runs their scripts).
EVIDENCE_EXTENSIONS = (
    "pdf",
    "jpg",
    "jpeg",
    "png",
    "gif",
    "webp",
    "doc",
    "docx",
    "xls",
    "xlsx",
    "odt",
    "ods",
    "txt",
)


class PlanNotEditable(ValidationError):
    pass


class WrongPlanState(ValidationError):
    pass


class PlanIncomplete(ValidationError):
    """Measures lack what a plan needs; ``gaps`` lists them. Going ahead needs a written reason."""

    def __init__(self, gaps: list[MeasureGap]) -> None:
        self.gaps = gaps
        super().__init__([gap.text for gap in gaps])


@dataclass(frozen=True)
class MeasureGap:
    measure: Measure
    missing: tuple[str, ...]

    @property
    def text(self) -> str:
        return _("Measure %(number)s “%(title)s” has no %(missing)s.") % {
            "number": self.measure.label or self.measure.position + 1,
            "title": self.measure.title,
            "missing": ", ".join(self.missing),
        }


def plan_gaps(plan: MeasuresPlan) -> list[MeasureGap]:
    """What the plan's measures lack before it is submitted or approved: a responsible person (or line,
    or position as written), a due date (for a measure between dates) and a follow-up frequency."""
    gaps = []
    measures = (
        plan.measures.active()
        .annotate(
            people_count=Count("people", distinct=True), lines_count=Count("lines", distinct=True)
        )
        .order_by("position")
    )
    for measure in measures:
        missing = []
        if not (
            measure.owner_id
            or measure.responsible_text.strip()
            or measure.people_count  # type: ignore[attr-defined]
            or measure.lines_count  # type: ignore[attr-defined]
        ):
            missing.append(str(_("responsible person")))
        if measure.period_kind == PeriodKind.DATES and measure.due_date is None:
            missing.append(str(_("due date")))
        if measure.follow_up_frequency in ("", FollowUpFrequency.NONE):
            missing.append(str(_("follow-up frequency")))
        if missing:
            gaps.append(MeasureGap(measure, tuple(missing)))
    return gaps


def _check_gaps(
    plan: MeasuresPlan, version: PlanVersion, actor: User | None, step: str, override_reason: str
) -> None:
    """Refuse a plan with gaps, unless the person wrote why it goes ahead (recorded in the history)."""
    gaps = plan_gaps(plan)
    if not gaps:
        return
    reason = override_reason.strip()
    if not reason:
        raise PlanIncomplete(gaps)
    record(
        version,
        AuditAction.EVENT,
        message=f"{step} with missing details: {reason}",
        actor=actor,
        changes={"missing": [gap.text for gap in gaps], "reason": reason},
    )


# ---------------------------------------------------------------------------------------------
# Plans and versions


def latest_version(plan: MeasuresPlan) -> PlanVersion:
    version = plan.versions.order_by("-number").first()
    assert version is not None, "every plan has a first version"
    return version


def approved_version(plan: MeasuresPlan) -> PlanVersion | None:
    """The version in force: the latest approved one (a newer draft does not replace it until approved)."""
    return plan.versions.filter(status=PlanStatus.APPROVED).order_by("-number").first()


@transaction.atomic
def get_or_create_plan(assessment: Assessment, actor: User | None = None) -> MeasuresPlan:
    plan = MeasuresPlan.objects.filter(assessment=assessment).first()
    if plan is not None:
        return plan
    plan = MeasuresPlan.objects.create(assessment=assessment)
    PlanVersion.objects.create(plan=plan, number=1, created_by=actor)
    return plan


def plan_for(
    unit: Unit, fiscal_year: int, actor: User | None = None, *, provisional: bool = False
) -> MeasuresPlan:
    """The unit's plan of the year, creating its assessment (with an earlier framework only when
    ``provisional`` was chosen) and plan on first use."""
    return get_or_create_plan(
        get_or_create_assessment(unit, fiscal_year, provisional=provisional), actor
    )


def move_to_framework(assessment: Assessment, old: Any, new: Any) -> list[str]:
    """The plan's issues and measures follow the assessment onto another framework version
    (frameworks.move_to_framework): their indicators are rebound by number."""
    indicators = {indicator.number: indicator for indicator in new.indicators.all()}
    problems: list[str] = []
    for model in (AnalysisIssue, Measure):
        for row in model.objects.filter(
            plan__assessment=assessment, indicator__isnull=False
        ).select_related("indicator"):
            number = row.indicator.number if row.indicator is not None else None
            target = indicators.get(number) if number is not None else None
            if target is None:
                problems.append(
                    _("Indicator %(number)s of the plan is not in the new framework.")
                    % {"number": number}
                )
                continue
            row.indicator = target
            row.save(update_fields=["indicator"])
    return problems


def require_editable(plan: MeasuresPlan) -> PlanVersion:
    version = latest_version(plan)
    if not version.is_editable:
        if version.status == PlanStatus.SUBMITTED:
            message = _("The plan is waiting for approval: send it back to draft to change it.")
        else:
            message = _(
                "Version %(number)s is approved and frozen: start a new version to change it."
            )
        raise PlanNotEditable(message % {"number": version.number})
    return version


@transaction.atomic
def update_plan(
    plan: MeasuresPlan,
    *,
    title: str,
    introduction: str,
    reminder_lead_days: int | None = None,
) -> MeasuresPlan:
    require_editable(plan)
    plan.title = title
    plan.introduction = introduction
    fields = ["title", "introduction", "updated_at"]
    if reminder_lead_days is not None:
        plan.reminder_lead_days = reminder_lead_days
        fields.append("reminder_lead_days")
    plan.full_clean()
    plan.save(update_fields=fields)
    return plan


@transaction.atomic
def set_layout(plan: MeasuresPlan, layout: Layout) -> MeasuresPlan:
    """The column layout is presentation, not content: it may change at any time."""
    if not layout.columns:
        raise ValidationError(_("Choose at least one column."))
    plan.layout = layout.as_data()
    plan.save(update_fields=["layout", "updated_at"])
    return plan


def _plan_url(plan: MeasuresPlan, name: str = "measures:plan") -> str:
    return reverse(name, args=[plan.assessment.unit.code, plan.assessment.fiscal_year])


def _members_with(unit: Unit, roles: Iterable[str]) -> list[User]:
    ids = Membership.objects.filter(unit=unit, role__in=list(roles)).values_list("user", flat=True)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "pk"))


@transaction.atomic
def submit_plan(
    plan: MeasuresPlan, actor: User | None, note: str = "", override_reason: str = ""
) -> PlanVersion:
    """Send the draft to the head of unit; refused while measures lack a responsible person, a due date or a
    follow-up frequency (``plan_gaps``), unless ``override_reason`` says why (recorded)."""
    version = latest_version(plan)
    if version.status != PlanStatus.DRAFT:
        raise WrongPlanState(_("Only a draft can be submitted for approval."))
    if not plan.measures.active().exists():
        raise WrongPlanState(_("Add at least one measure before submitting the plan."))
    _check_gaps(plan, version, actor, "Submitted", override_reason)
    version.status = PlanStatus.SUBMITTED
    version.snapshot = plan_snapshot(plan)
    version.submitted_at = timezone.now()
    version.submitted_by = actor
    if note:
        version.change_note = note
    version.save()
    record(version, AuditAction.EVENT, message="Submitted for approval", actor=actor)
    unit = plan.assessment.unit
    for executive in _members_with(unit, [Role.EXECUTIVE]):
        notify(
            executive,
            kind="plan_submitted",
            title=_("The measures plan of %(unit)s, fiscal year %(year)s, waits for your approval")
            % {"unit": unit.name_th, "year": plan.assessment.fiscal_year},
            url=_plan_url(plan),
            unit=unit,
        )
    line_notices.tell_approval_waiting(plan, _members_with(unit, [Role.EXECUTIVE]), _plan_url(plan))
    return version


@transaction.atomic
def return_plan(plan: MeasuresPlan, actor: User | None, note: str) -> PlanVersion:
    """The head of unit sends a submitted plan back to draft, with what to change."""
    version = latest_version(plan)
    if version.status != PlanStatus.SUBMITTED:
        raise WrongPlanState(_("Only a plan waiting for approval can be sent back."))
    version.status = PlanStatus.DRAFT
    version.review_note = note
    version.save(update_fields=["status", "review_note"])
    record(version, AuditAction.EVENT, message="Sent back to draft", actor=actor)
    if version.submitted_by is not None:
        notify(
            version.submitted_by,
            kind="plan_returned",
            title=_("The measures plan was sent back: %(note)s") % {"note": note[:150]},
            url=_plan_url(plan),
            unit=plan.assessment.unit,
        )
    return version


@transaction.atomic
def approve_plan(
    plan: MeasuresPlan, actor: User | None, note: str = "", override_reason: str = ""
) -> PlanVersion:
    """Approve the submitted version: its snapshot is frozen and earlier approved versions are superseded.
    Refused while measures have gaps (``plan_gaps``), unless the approver writes ``override_reason``
    (recorded)."""
    version = latest_version(plan)
    if version.status != PlanStatus.SUBMITTED:
        raise WrongPlanState(_("Only a plan waiting for approval can be approved."))
    _check_gaps(plan, version, actor, "Approved", override_reason)
    plan.versions.filter(status=PlanStatus.APPROVED).update(status=PlanStatus.SUPERSEDED)
    version.status = PlanStatus.APPROVED
    version.approved_at = timezone.now()
    version.approved_by = actor
    version.review_note = note
    version.save()
    record(version, AuditAction.EVENT, message=f"Approved version {version.number}", actor=actor)
    publication.changed(plan.assessment.unit_id)
    unit = plan.assessment.unit
    for member in _members_with(unit, ACKNOWLEDGING_ROLES):
        if member != actor:
            notify(
                member,
                kind="plan_approved",
                title=_("Measures plan version %(number)s was approved: please acknowledge it")
                % {"number": version.number},
                url=_plan_url(plan, "measures:acknowledgements"),
                unit=unit,
            )
    return version


@transaction.atomic
def start_new_version(plan: MeasuresPlan, actor: User | None, note: str = "") -> PlanVersion:
    """Open a new draft after an approval; the approved version stays in force until the new one is."""
    version = latest_version(plan)
    if version.status != PlanStatus.APPROVED:
        raise WrongPlanState(_("A new version starts from an approved plan."))
    new = PlanVersion.objects.create(
        plan=plan, number=version.number + 1, created_by=actor, change_note=note
    )
    record(new, AuditAction.EVENT, message=f"Started version {new.number}", actor=actor)
    return new


# ---------------------------------------------------------------------------------------------
# Analysis: issues to improve


def _next_position(queryset: Any) -> int:
    return int(queryset.aggregate(top=Max("position"))["top"] or 0) + 1


def normalise_item_codes(codes: Iterable[str]) -> list[str]:
    """'i๒', ' O16 ', 'I2' → 'i2', 'O16' (lower-case survey codes, upper-case OIT codes), once each."""
    result: list[str] = []
    for raw in codes:
        code = to_arabic_digits(str(raw)).strip().replace(" ", "")
        if not code:
            continue
        code = code[0].upper() + code[1:] if code[0] in "oO" else code[0].lower() + code[1:]
        if code not in result:
            result.append(code)
    return result


def check_item_codes(assessment: Assessment, codes: Sequence[str]) -> list[str]:
    version = assessment.framework_version
    known = set(
        SurveyItem.objects.filter(version=version, code__in=codes).values_list("code", flat=True)
    ) | set(OitItem.objects.filter(version=version, code__in=codes).values_list("code", flat=True))
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {
                "item_codes": _("Not an item of this year's framework: %(codes)s")
                % {"codes": ", ".join(unknown)}
            }
        )
    return list(codes)


def _check_indicator(assessment: Assessment, indicator: Indicator | None) -> None:
    if indicator is not None and indicator.version_id != assessment.framework_version_id:
        raise ValidationError({"indicator": _("The indicator is not of this year's framework.")})


@transaction.atomic
def create_issue(
    plan: MeasuresPlan,
    *,
    text: str,
    indicator: Indicator | None = None,
    item_codes: Sequence[str] = (),
    score: Any = None,
    source: str = IssueSource.HAND,
) -> AnalysisIssue:
    require_editable(plan)
    _check_indicator(plan.assessment, indicator)
    codes = check_item_codes(plan.assessment, normalise_item_codes(item_codes))
    issue = AnalysisIssue(
        plan=plan,
        indicator=indicator,
        item_codes=codes,
        score=score,
        text=text.strip(),
        source=source,
        position=_next_position(plan.issues.filter(indicator=indicator)),
    )
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def update_issue(
    issue: AnalysisIssue,
    *,
    text: str,
    indicator: Indicator | None,
    item_codes: Sequence[str] = (),
    score: Any = None,
    position: int | None = None,
) -> AnalysisIssue:
    require_editable(issue.plan)
    _check_indicator(issue.plan.assessment, indicator)
    issue.item_codes = check_item_codes(issue.plan.assessment, normalise_item_codes(item_codes))
    issue.text = text.strip()
    issue.indicator = indicator
    issue.score = score
    if position is not None:
        issue.position = position
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def delete_issue(issue: AnalysisIssue) -> None:
    require_editable(issue.plan)
    issue.delete()


def previous_assessment(assessment: Assessment) -> Assessment | None:
    """Last year's assessment of the unit; when openita has none (the year was run elsewhere and only its
    official results were entered), an unsaved one on the framework that year would have used."""
    unit, year = assessment.unit, assessment.fiscal_year - 1
    existing = Assessment.objects.of(unit, year).first()
    if existing is not None:
        return existing
    try:
        version = select_framework_version(unit.unit_type, year)
    except NoFrameworkVersion:
        return None
    return Assessment(unit=unit, fiscal_year=year, framework_version=version)


DEFAULT_ITEMS_PER_INDICATOR = 3
MAX_ITEMS_PER_INDICATOR = 20


@dataclass(frozen=True)
class IssueProposal:
    """A weak point of last year offered as an issue of the analysis."""

    key: str  # "indicator:5" or "item:O6": what the draft form posts back
    point: WeakPoint
    indicator: Indicator | None
    text: str
    item_codes: list[str]
    drafted: bool  # the analysis already has this issue


def propose_issues(
    plan: MeasuresPlan, items_per_indicator: int = DEFAULT_ITEMS_PER_INDICATOR
) -> list[IssueProposal]:
    """Last year's weak points worth working on, indicator by indicator: the weak indicators (under the
    benchmark or among the lowest) and, for each indicator, only its ``items_per_indicator`` lowest items
    under the benchmark, never every item under it.

    Indicators are matched by number in this year's framework; item codes that this year's framework no
    longer has are dropped. Empty when scoring has no results for last year.
    """
    per_indicator = min(max(items_per_indicator, 0), MAX_ITEMS_PER_INDICATOR)
    version = plan.assessment.framework_version
    indicators = {indicator.number: indicator for indicator in version.indicators.all()}
    item_codes = set(
        SurveyItem.objects.filter(version=version).values_list("code", flat=True)
    ) | set(OitItem.objects.filter(version=version).values_list("code", flat=True))
    existing = {(issue.indicator_id, issue.text) for issue in plan.issues.all()}
    previous = previous_assessment(plan.assessment)
    # Items only under the benchmark (no "lowest items" over it); indicators as scoring finds them.
    points = weak_points(previous, lowest_items=0) if previous is not None else []
    # Indicator by indicator, each indicator before its items (lowest first), as the analysis reads.
    points = sorted(
        points, key=lambda point: (point.indicator_number, point.kind == "item", point.score)
    )
    taken: dict[int, int] = {}
    seen: set[tuple[int | None, str]] = set()
    proposals = []
    for point in points:
        if point.kind == "item":
            if not point.below_benchmark or taken.get(point.indicator_number, 0) >= per_indicator:
                continue
            taken[point.indicator_number] = taken.get(point.indicator_number, 0) + 1
        indicator = indicators.get(point.indicator_number)
        text = point.issue_th or (indicator.name_th if indicator else "")
        pair = (indicator.pk if indicator else None, text)
        if not text or pair in seen:
            continue
        seen.add(pair)
        codes = [point.code] if point.kind == "item" and point.code in item_codes else []
        proposals.append(
            IssueProposal(
                key=f"{point.kind}:{point.code}",
                point=point,
                indicator=indicator,
                text=text,
                item_codes=codes,
                drafted=pair in existing,
            )
        )
    return proposals


@transaction.atomic
def accept_proposals(
    plan: MeasuresPlan,
    keys: Iterable[str],
    items_per_indicator: int = DEFAULT_ITEMS_PER_INDICATOR,
) -> list[AnalysisIssue]:
    """Add the chosen proposals (by key) to the analysis; ones already there or no longer proposed are
    skipped. Returns the issues added."""
    require_editable(plan)
    chosen = set(keys)
    return [
        create_issue(
            plan,
            text=proposal.text,
            indicator=proposal.indicator,
            item_codes=proposal.item_codes,
            score=proposal.point.score,
            source=IssueSource.WEAK_POINT,
        )
        for proposal in propose_issues(plan, items_per_indicator)
        if proposal.key in chosen and not proposal.drafted
    ]


@transaction.atomic
def draft_analysis_from_weak_points(
    plan: MeasuresPlan, items_per_indicator: int = DEFAULT_ITEMS_PER_INDICATOR
) -> list[AnalysisIssue]:
    """Add every proposal (`propose_issues`) not yet in the analysis; returns the issues added."""
    proposals = propose_issues(plan, items_per_indicator)
    return accept_proposals(plan, [proposal.key for proposal in proposals], items_per_indicator)


@transaction.atomic
def delete_issues(plan: MeasuresPlan, issue_ids: Iterable[int]) -> int:
    """Remove several issues of the analysis at once (their measures stay, without an issue)."""
    require_editable(plan)
    deleted = 0
    for issue in plan.issues.filter(pk__in=list(issue_ids)):
        delete_issue(issue)
        deleted += 1
    return deleted


# ---------------------------------------------------------------------------------------------
# Measures


MEASURE_TEXT_FIELDS = (
    "label",
    "title",
    "activity",
    "steps",
    "expected_output",
    "awareness_note",
    "responsible_text",
    "period_note",
    "follow_up_note",
    "evaluation",
)
MEASURE_VALUE_FIELDS = (
    "issue",
    "indicator",
    "awareness_channels",
    "owner",
    "period_kind",
    "start_date",
    "due_date",
    "follow_up_frequency",
    "follow_up_by",
    "position",
)


def _normalise_period(measure: Measure, fiscal_year: int) -> None:
    """ "All year" and "every day" run over the whole fiscal year; dates must be in order."""
    if measure.period_kind in (PeriodKind.ALL_YEAR, PeriodKind.EVERY_DAY):
        measure.start_date, measure.due_date = fiscal_year_bounds(fiscal_year)
    elif measure.start_date and measure.due_date and measure.due_date < measure.start_date:
        raise ValidationError({"due_date": _("The due date is before the start.")})


def _check_people(unit: Unit, people: Iterable[User | None]) -> None:
    member_ids = set(Membership.objects.filter(unit=unit).values_list("user_id", flat=True))
    for person in people:
        if person is not None and person.pk not in member_ids:
            raise ValidationError(
                _("%(name)s has no role in this unit.") % {"name": person.display_name}
            )


def _apply_measure_values(
    measure: Measure,
    values: dict[str, Any],
    people: Sequence[User] | None,
    lines: Sequence[Line] | None,
) -> Measure:
    plan = measure.plan
    assessment = plan.assessment
    for name in MEASURE_TEXT_FIELDS:
        if name in values:
            setattr(measure, name, (values[name] or "").strip())
    for name in MEASURE_VALUE_FIELDS:
        if name in values and not (name == "position" and values[name] is None):
            setattr(measure, name, values[name])
    if "item_codes" in values:
        measure.item_codes = check_item_codes(
            assessment, normalise_item_codes(values["item_codes"])
        )
    if measure.issue is not None:
        if measure.issue.plan_id != plan.pk:
            raise ValidationError({"issue": _("The issue is not of this plan.")})
        if measure.indicator is None:
            measure.indicator = measure.issue.indicator
    _check_indicator(assessment, measure.indicator)
    _check_people(assessment.unit, [measure.owner, measure.follow_up_by, *(people or [])])
    if lines and any(line.unit_id != assessment.unit_id for line in lines):
        raise ValidationError({"lines": _("A line of work of another unit.")})
    _normalise_period(measure, assessment.fiscal_year)
    measure.full_clean(exclude=["plan"])
    measure.save()
    if people is not None:
        measure.people.set(people)
    if lines is not None:
        measure.lines.set(lines)
    return measure


@transaction.atomic
def create_measure(
    plan: MeasuresPlan,
    *,
    people: Sequence[User] = (),
    lines: Sequence[Line] = (),
    library_entry: LibraryMeasure | None = None,
    **values: Any,
) -> Measure:
    require_editable(plan)
    measure = Measure(plan=plan, library_entry=library_entry)
    if values.get("position") is None:
        values["position"] = _next_position(plan.measures.all())
    return _apply_measure_values(measure, values, list(people), list(lines))


@transaction.atomic
def update_measure(
    measure: Measure,
    *,
    people: Sequence[User] | None = None,
    lines: Sequence[Line] | None = None,
    **values: Any,
) -> Measure:
    require_editable(measure.plan)
    return _apply_measure_values(
        measure, values, list(people) if people is not None else None, lines
    )


def _in_an_approved_version(measure: Measure) -> bool:
    return any(
        any(row.get("id") == measure.pk for row in snapshot.get("measures", []))
        for snapshot in measure.plan.versions.filter(
            status__in=[PlanStatus.APPROVED, PlanStatus.SUPERSEDED]
        ).values_list("snapshot", flat=True)
    )


@transaction.atomic
def remove_measure(measure: Measure) -> None:
    """Delete a measure never approved; withdraw one that an approved version holds (kept for history)."""
    require_editable(measure.plan)
    if _in_an_approved_version(measure) or measure.progress_entries.exists():
        measure.is_withdrawn = True
        measure.save(update_fields=["is_withdrawn", "updated_at"])
    else:
        measure.delete()


def measure_values_from_library(entry: LibraryMeasure, plan: MeasuresPlan) -> dict[str, Any]:
    """The fields a library entry fills in a new measure (for the form, or to accept as is)."""
    version = plan.assessment.framework_version
    indicators = {item.number: item for item in version.indicators.all()}
    indicator = next(
        (indicators[number] for number in entry.indicator_numbers if number in indicators), None
    )
    codes = entry.item_codes_for(version.urn)
    known_codes = set(
        SurveyItem.objects.filter(version=version, code__in=codes).values_list("code", flat=True)
    ) | set(OitItem.objects.filter(version=version, code__in=codes).values_list("code", flat=True))
    return {
        "indicator": indicator,
        "item_codes": [code for code in codes if code in known_codes],
        "title": entry.title_th,
        "steps": entry.steps_th,
        "expected_output": entry.output_th,
        "evaluation": entry.evaluation_th,
        "awareness_channels": list(entry.awareness_channels),
        "follow_up_frequency": entry.follow_up_frequency,
        "period_kind": PeriodKind.ALL_YEAR,
    }


@transaction.atomic
def accept_library_measure(
    plan: MeasuresPlan, entry: LibraryMeasure, issue: AnalysisIssue | None = None
) -> Measure:
    """Create a measure from a library entry as it is (the user edits it afterwards if needed)."""
    values = measure_values_from_library(entry, plan)
    if issue is not None:
        values["issue"] = issue
        values["indicator"] = issue.indicator or values["indicator"]
    return create_measure(plan, library_entry=entry, **values)


# ---------------------------------------------------------------------------------------------
# Progress


def _refresh_progress(measure: Measure) -> None:
    latest = measure.progress_entries.order_by("-done_on", "-pk").first()
    measure.progress_percent = latest.percent if latest is not None else 0
    measure.last_progress_on = latest.done_on if latest is not None else None
    measure.save(update_fields=["progress_percent", "last_progress_on", "updated_at"])


def check_evidence_file(upload: UploadedFile) -> str:
    """Check a file by its content (`openita.core.uploads`); return its SHA-256 or raise ValidationError."""
    name = upload.name or ""
    try:
        checked = check_upload(
            upload,
            name,
            upload.size or 0,
            allowed=EVIDENCE_EXTENSIONS,
            max_bytes=MAX_EVIDENCE_BYTES,
        )
    except ValidationError as error:
        raise ValidationError(
            [f"{name}: {message}" for message in error.messages], code=error.code
        ) from error
    return checked.sha256


@transaction.atomic
def add_progress(
    measure: Measure,
    *,
    done_on: date,
    description: str,
    percent: int,
    actor: User | None = None,
    done_by_text: str = "",
    links: str = "",
    files: Sequence[UploadedFile] = (),
) -> ProgressEntry:
    """Record what was done; the measure's progress and status follow its latest entry."""
    if measure.is_withdrawn:
        raise ValidationError(_("This measure was withdrawn from the plan."))
    digests = [check_evidence_file(upload) for upload in files]
    entry = ProgressEntry(
        measure=measure,
        done_on=done_on,
        description=description.strip(),
        percent=percent,
        done_by_text=done_by_text.strip(),
        links="\n".join(web_link_lines(links)),
        recorded_by=actor,
    )
    entry.full_clean()
    entry.save()
    for upload, digest in zip(files, digests, strict=True):
        attachment = ProgressAttachment(
            entry=entry,
            original_name=(upload.name or "file")[:255],
            size=upload.size or 0,
            sha256=digest,
        )
        attachment.file.save(upload.name or "file", upload, save=False)
        attachment.save()
    _refresh_progress(measure)
    return entry


@transaction.atomic
def delete_progress(entry: ProgressEntry) -> None:
    measure = entry.measure
    for attachment in entry.attachments.all():
        attachment.file.delete(save=False)
    entry.delete()
    _refresh_progress(measure)


# ---------------------------------------------------------------------------------------------
# Acknowledgement (บัญชีลงชื่อรับทราบ)


def expected_acknowledgers(unit: Unit) -> list[User]:
    """Who should acknowledge the plan: every active person holding a role in the unit itself."""
    return _members_with(unit, ACKNOWLEDGING_ROLES)


@transaction.atomic
def acknowledge(plan: MeasuresPlan, user: User) -> Acknowledgement:
    version = approved_version(plan)
    if version is None:
        raise WrongPlanState(_("There is no approved plan to acknowledge yet."))
    existing = Acknowledgement.objects.filter(version=version, user=user).first()
    if existing is not None:
        return existing
    return Acknowledgement.objects.create(
        version=version, user=user, acknowledged_at=timezone.now()
    )
