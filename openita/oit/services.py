"""Writes on the OIT: workspace, assignment, evidence, and the workflow as an explicit state machine.

Every write is one transaction, checks the actor's permission (openita.accounts.authz capabilities), and
leaves an audit entry: field changes through the audit registry, status moves as named events. A move out of
order raises `TransitionRefused` with a sentence that says why; a missing permission raises
`PermissionDenied`.

    draft ──submit──▶ submitted ──check──▶ checked ──approve──▶ approved ──lock──▶ locked
      ▲                  │                   │                    │                  │ score
      └──── send back (with a comment) ──────┴────────────────────┘                  ▼
                                                        final ◀──finalize── scored ──appeal──▶ appealed
                                                          ▲                                      │ re-score
                                                          └──────────────finalize──── re-scored ◀┘

Who: submit and evidence — the unit admin or a responsible officer of the item (CONTRIBUTE); check — the unit
admin (MANAGE_UNIT) or the item's reviewer; approve and send back from checked — the executive (APPROVE); lock —
the unit admin or the executive for approved items, the assessor (ASSESS) for every item once the submission
deadline has passed; score, release, re-score, finalize — the assessor; appeal — the unit admin, the executive
or a responsible officer, once per item, while the appeal window is open.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openita.accounts.authz import AnyUser, Capability, capabilities_in, is_site_admin
from openita.accounts.models import User
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core import publication
from openita.core.links import validate_web_link
from openita.frameworks.models import Assessment
from openita.frameworks.services import get_or_create_assessment
from openita.ita_calendar import services as calendar
from openita.oit import line_notices
from openita.units.models import Unit

from . import scoring
from .files import check_upload
from .models import (
    SCORED_STATUSES,
    UNIT_STATUSES,
    Appeal,
    Disclosure,
    DisclosureElement,
    Evidence,
    EvidenceKind,
    OitDeadlines,
    Status,
    default_deadlines,
)
from .storage import evidence_file_name, private_storage


class TransitionRefused(ValidationError):
    """A workflow move that the item's state, a deadline or a rule does not allow."""


class ChecklistIncomplete(ValidationError):
    """Approving an item whose checklist is not all ticked: the approver confirms, and it is recorded."""

    def __init__(self, disclosure: Disclosure, unticked: list[DisclosureElement]) -> None:
        self.disclosure = disclosure
        self.unticked = unticked
        super().__init__(
            _(
                "%(count)s of the %(total)s elements of %(item)s are not ticked in its checklist. "
                "Confirm to approve it anyway."
            )
            % {
                "count": len(unticked),
                "total": disclosure.elements.count(),
                "item": disclosure.item.code,
            }
        )


def unticked_elements(disclosure: Disclosure) -> list[DisclosureElement]:
    """The checklist elements the officer has not ticked."""
    return list(
        disclosure.elements.filter(self_checked=False)
        .select_related("element")
        .order_by("position")
    )


ACTION_NAMES = {
    "submit": gettext_lazy("submit"),
    "check": gettext_lazy("check"),
    "approve": gettext_lazy("approve"),
    "send_back": gettext_lazy("send back"),
    "lock": gettext_lazy("lock for assessment"),
    "score": gettext_lazy("score"),
    "appeal": gettext_lazy("appeal"),
    "rescore": gettext_lazy("re-score"),
    "finalize": gettext_lazy("make final"),
    "edit": gettext_lazy("change"),
}


# ---------------------------------------------------------------------------------------------
# Permissions


def _capabilities(actor: AnyUser, disclosure: Disclosure) -> frozenset[Capability]:
    return capabilities_in(actor, disclosure.assessment.unit)


def is_responsible(actor: AnyUser, disclosure: Disclosure) -> bool:
    return bool(
        actor.is_authenticated
        and any(person.pk == actor.pk for person in disclosure.responsible.all())
    )


def may_edit(actor: AnyUser, disclosure: Disclosure) -> bool:
    """The unit admin, or a responsible officer of the item who may contribute in the unit."""
    granted = _capabilities(actor, disclosure)
    if Capability.MANAGE_UNIT in granted:
        return True
    return Capability.CONTRIBUTE in granted and is_responsible(actor, disclosure)


def may_check(actor: AnyUser, disclosure: Disclosure) -> bool:
    granted = _capabilities(actor, disclosure)
    is_reviewer = (
        actor.is_authenticated
        and disclosure.reviewer_id is not None
        and disclosure.reviewer_id == actor.pk
        and Capability.VIEW in granted
    )
    return Capability.MANAGE_UNIT in granted or is_reviewer


def may_approve(actor: AnyUser, disclosure: Disclosure) -> bool:
    return Capability.APPROVE in _capabilities(actor, disclosure)


def may_assess(actor: AnyUser, unit: Unit) -> bool:
    return Capability.ASSESS in capabilities_in(actor, unit)


def may_appeal(actor: AnyUser, disclosure: Disclosure) -> bool:
    return may_edit(actor, disclosure) or may_approve(actor, disclosure)


def may_lock(actor: AnyUser, disclosure: Disclosure) -> bool:
    granted = _capabilities(actor, disclosure)
    return bool(granted & {Capability.MANAGE_UNIT, Capability.APPROVE, Capability.ASSESS})


def _deny(actor: AnyUser, action: str) -> PermissionDenied:
    return PermissionDenied(
        _("You may not %(action)s this item.") % {"action": ACTION_NAMES[action]}
    )


def scores_visible_to(actor: AnyUser, assessment: Assessment) -> bool:
    """Assessors see scores as they give them; the unit sees them once released."""
    if may_assess(actor, assessment.unit):
        return True
    return deadlines_of(assessment).scores_released


# ---------------------------------------------------------------------------------------------
# Workspace and deadlines


# The phases of the ITA calendar (openita/ita_calendar/data/calendar.yaml) the OIT deadlines follow.
SUBMISSION_PHASE = "oit_submission"
APPEAL_PHASE = "appeal"


def calendar_deadlines(assessment: Assessment) -> dict[str, datetime.date]:
    """The OIT deadlines the fiscal year's ITA calendar gives: the end of its OIT submission phase and its
    appeal phase (the usual cycle's dates where the calendar lacks a phase)."""
    dates = default_deadlines(assessment.fiscal_year)
    submission = calendar.phase_deadline(assessment, SUBMISSION_PHASE)
    if submission is not None:
        dates["submission_deadline"] = submission
    appeal = calendar.phase_window(assessment, APPEAL_PHASE)
    if appeal is not None:
        dates["appeal_opens"], dates["appeal_closes"] = appeal
    return dates


def deadlines_of(assessment: Assessment) -> OitDeadlines:
    """The assessment's deadlines, taken from its ITA calendar on first use."""
    existing = OitDeadlines.objects.filter(assessment=assessment).first()
    if existing is not None:
        return existing
    deadlines, _created = OitDeadlines.objects.get_or_create(
        assessment=assessment, defaults=calendar_deadlines(assessment)
    )
    return deadlines


def follow_calendar(assessment: Assessment) -> None:
    """Listener of the ITA calendar: the OIT deadlines follow its OIT submission and appeal phases."""
    deadlines = OitDeadlines.objects.filter(assessment=assessment).first()
    if deadlines is None:
        return  # made from the calendar on first use
    dates = calendar_deadlines(assessment)
    if all(getattr(deadlines, name) == value for name, value in dates.items()):
        return
    _check_deadline_order(
        dates["submission_deadline"], dates["appeal_opens"], dates["appeal_closes"]
    )
    for name, value in dates.items():
        setattr(deadlines, name, value)
    deadlines.save()


@transaction.atomic
def _add_items(assessment: Assessment, items: Sequence[Any]) -> list[Disclosure]:
    """The assessment's rows for these OIT items (their elements prefetched) and their checklists."""
    created = Disclosure.objects.bulk_create(
        Disclosure(assessment=assessment, item=item, position=item.position) for item in items
    )
    DisclosureElement.objects.bulk_create(
        DisclosureElement(disclosure=disclosure, element=element, position=element.position)
        for disclosure, item in zip(created, items, strict=True)
        for element in item.elements.all()
    )
    return created


def ensure_workspace(assessment: Assessment) -> int:
    """Make the assessment's OIT items and element checklists from its framework version (idempotent);
    returns how many items were added."""
    deadlines_of(assessment)
    existing = set(
        Disclosure.objects.filter(assessment=assessment).values_list("item_id", flat=True)
    )
    items = [
        item
        for item in assessment.framework_version.oit_items.prefetch_related("elements")
        if item.pk not in existing
    ]
    created = _add_items(assessment, items)
    if created:
        record(
            assessment,
            AuditAction.EVENT,
            message=f"OIT workspace: {len(created)} items from {assessment.framework_version.label}",
        )
        scoring.refresh_summaries(assessment)
    return len(created)


def move_to_framework(assessment: Assessment, old: Any, new: Any) -> list[str]:
    """The assessment's OIT items follow it onto another framework version (frameworks.move_to_framework):
    each item and checklist element is rebound by code; an untouched item the new framework no longer has
    is dropped, one with work on it forbids the move; items the new framework adds are added."""
    disclosures = list(
        Disclosure.objects.filter(assessment=assessment)
        .select_related("item")
        .prefetch_related("elements__element", "evidence")
    )
    if not disclosures:
        return []
    targets = {item.code: item for item in new.oit_items.prefetch_related("elements")}
    problems: list[str] = []
    kept: set[str] = set()
    for disclosure in disclosures:
        target = targets.get(disclosure.item.code)
        if target is None:
            if disclosure.status != Status.DRAFT or list(disclosure.evidence.all()):
                problems.append(
                    _("OIT item %(code)s has work on it and is not in the new framework.")
                    % {"code": disclosure.item.code}
                )
            else:
                disclosure.delete()
            continue
        kept.add(target.code)
        elements = {element.code: element for element in target.elements.all()}
        rebound: set[str] = set()
        for row in disclosure.elements.all():
            element = elements.get(row.element.code)
            if element is None:
                row.delete()
                continue
            rebound.add(element.code)
            row.element, row.position = element, element.position
            row.save(update_fields=["element", "position"])
        DisclosureElement.objects.bulk_create(
            DisclosureElement(disclosure=disclosure, element=element, position=element.position)
            for code, element in elements.items()
            if code not in rebound
        )
        disclosure.item, disclosure.position = target, target.position
        disclosure.save(update_fields=["item", "position", "updated_at"])
    _add_items(assessment, [item for code, item in targets.items() if code not in kept])
    return problems


@transaction.atomic
def open_workspace(
    unit: Unit, fiscal_year: int, actor: AnyUser, *, provisional: bool = False
) -> Assessment:
    """The unit admin opens the year's OIT: the assessment (made if needed, with an earlier framework only
    when ``provisional`` was chosen) and its items."""
    if Capability.MANAGE_UNIT not in capabilities_in(actor, unit):
        raise PermissionDenied(_("Only the unit admin may open the OIT of a year."))
    assessment = get_or_create_assessment(unit, fiscal_year, provisional=provisional)
    ensure_workspace(assessment)
    return assessment


def _check_deadline_order(
    submission: datetime.date, opens: datetime.date, closes: datetime.date
) -> None:
    if opens > closes:
        raise ValidationError(_("The appeal window must open before it closes."))
    if submission > opens:
        raise ValidationError(_("The submission deadline must come before the appeal window."))


@transaction.atomic
def apply_calendar_deadlines(
    assessment: Assessment,
    *,
    submission_deadline: datetime.date,
    appeal_opens: datetime.date,
    appeal_closes: datetime.date,
) -> OitDeadlines:
    """Write the OIT dates into the fiscal year's ITA calendar (its OIT submission and appeal phases); the
    deadlines follow the calendar. No permission check: callers check (`update_deadlines`, the demo)."""
    _check_deadline_order(submission_deadline, appeal_opens, appeal_closes)
    calendar.set_phase_dates(
        assessment,
        {
            SUBMISSION_PHASE: (None, submission_deadline),
            APPEAL_PHASE: (appeal_opens, appeal_closes),
        },
    )
    return deadlines_of(assessment)


def update_deadlines(
    assessment: Assessment,
    actor: AnyUser,
    *,
    submission_deadline: datetime.date,
    appeal_opens: datetime.date,
    appeal_closes: datetime.date,
) -> OitDeadlines:
    """An assessor or a site admin changes the deadlines of one assessment."""
    if not (is_site_admin(actor) or may_assess(actor, assessment.unit)):
        raise PermissionDenied(_("Only an assessor may change the OIT deadlines."))
    return apply_calendar_deadlines(
        assessment,
        submission_deadline=submission_deadline,
        appeal_opens=appeal_opens,
        appeal_closes=appeal_closes,
    )


# ---------------------------------------------------------------------------------------------
# Assignment


def _names(people: Iterable[User]) -> str:
    return ", ".join(person.display_name for person in people) or "-"


@transaction.atomic
def assign(
    disclosure: Disclosure,
    actor: AnyUser,
    *,
    responsible: Sequence[User],
    reviewer: User | None,
    due_date: datetime.date | None,
) -> Disclosure:
    """Name the responsible officers (one or more), the reviewer and the due date of an item."""
    unit = disclosure.assessment.unit
    if Capability.MANAGE_UNIT not in capabilities_in(actor, unit):
        raise PermissionDenied(_("Only the unit admin may assign OIT items."))
    for person in responsible:
        if Capability.CONTRIBUTE not in capabilities_in(person, unit):
            raise ValidationError(
                _("%(name)s has no role in this unit that lets them enter OIT evidence.")
                % {"name": person.display_name}
            )
    if reviewer is not None and not capabilities_in(reviewer, unit) & {
        Capability.CONTRIBUTE,
        Capability.MANAGE_UNIT,
        Capability.APPROVE,
    }:
        raise ValidationError(
            _("%(name)s has no role in this unit to review OIT items.")
            % {"name": reviewer.display_name}
        )
    before = (sorted(p.pk for p in disclosure.responsible.all()), disclosure.reviewer_id)
    disclosure.reviewer = reviewer
    disclosure.due_date = due_date
    disclosure.save()
    disclosure.responsible.set(responsible)
    if before != (sorted(p.pk for p in responsible), reviewer.pk if reviewer else None):
        record(
            disclosure,
            AuditAction.EVENT,
            changes={
                "responsible": [before[0], sorted(p.pk for p in responsible)],
                "reviewer": [before[1], reviewer.pk if reviewer else None],
            },
            message=f"Assigned: {_names(responsible)}; reviewer: {reviewer.display_name if reviewer else '-'}",
            actor=actor,
        )
        newly = [person for person in responsible if person.pk not in before[0]]
        if newly:
            line_notices.tell_assigned(disclosure, newly)
    return disclosure


# ---------------------------------------------------------------------------------------------
# The unit's work: checklist and evidence (in draft only)


def _lock_row(disclosure: Disclosure) -> Disclosure:
    """Re-read the item's state under a row lock (PostgreSQL) so that two moves cannot cross."""
    fresh = Disclosure.objects.select_for_update().get(pk=disclosure.pk)
    disclosure.status = fresh.status
    disclosure.score = fresh.score
    return disclosure


def _require_draft(disclosure: Disclosure) -> None:
    if disclosure.status != Status.DRAFT:
        raise TransitionRefused(
            _("%(item)s is “%(status)s”: evidence and the checklist change only in draft.")
            % {"item": disclosure.item.code, "status": disclosure.get_status_display()}
        )


def _require_editor(disclosure: Disclosure, actor: AnyUser) -> None:
    if not may_edit(actor, disclosure):
        raise _deny(actor, "edit")


@transaction.atomic
def update_element(
    element: DisclosureElement, actor: AnyUser, *, self_checked: bool, where_shown: str
) -> DisclosureElement:
    disclosure = element.disclosure
    _require_editor(disclosure, actor)
    _require_draft(_lock_row(disclosure))
    element.self_checked = self_checked
    element.where_shown = where_shown.strip()
    element.save()
    return element


def _add_link(
    disclosure: Disclosure,
    actor: AnyUser,
    url: str,
    appeal: Appeal | None,
    period: datetime.date | None = None,
) -> Evidence:
    url = url.strip()
    validate_web_link(url)
    return Evidence.objects.create(
        disclosure=disclosure,
        appeal=appeal,
        kind=EvidenceKind.URL,
        url=url,
        period=_month_of(disclosure, period),
        added_by=actor if isinstance(actor, User) else None,
    )


def _month_of(disclosure: Disclosure, period: datetime.date | None) -> datetime.date | None:
    """The month a piece of evidence covers, for an item published month by month (else none)."""
    if period is None or not disclosure.item.monthly:
        return None
    return period.replace(day=1)


def _add_file(
    disclosure: Disclosure,
    actor: AnyUser,
    uploaded: UploadedFile,
    appeal: Appeal | None,
    period: datetime.date | None = None,
) -> Evidence:
    name = uploaded.name or "file"
    checked = check_upload(uploaded, name, uploaded.size or 0)
    evidence = Evidence(
        disclosure=disclosure,
        appeal=appeal,
        kind=EvidenceKind.FILE,
        original_name=name[:255],
        file_format=checked.file_format,
        size=checked.size,
        sha256=checked.sha256,
        period=_month_of(disclosure, period),
        added_by=actor if isinstance(actor, User) else None,
    )
    storage = private_storage()
    stored = evidence_file_name(disclosure.assessment_id, checked.sha256, checked.extension)
    if not storage.exists(stored):
        uploaded.seek(0)
        storage.save(stored, uploaded)
    evidence.stored_name = stored
    evidence.save()
    return evidence


@transaction.atomic
def add_link(
    disclosure: Disclosure, actor: AnyUser, url: str, period: datetime.date | None = None
) -> Evidence:
    """A URL on the unit's website where the item's data is published (of one month: ``period``)."""
    _require_editor(disclosure, actor)
    _require_draft(_lock_row(disclosure))
    return _add_link(disclosure, actor, url, None, period)


@transaction.atomic
def add_file(
    disclosure: Disclosure,
    actor: AnyUser,
    uploaded: UploadedFile,
    period: datetime.date | None = None,
) -> Evidence:
    """An uploaded file (PDF, Word, Excel, image), checked by content and size, kept with its SHA-256."""
    _require_editor(disclosure, actor)
    _require_draft(_lock_row(disclosure))
    return _add_file(disclosure, actor, uploaded, None, period)


@transaction.atomic
def remove_evidence(evidence: Evidence, actor: AnyUser) -> None:
    disclosure = evidence.disclosure
    _require_editor(disclosure, actor)
    _require_draft(_lock_row(disclosure))
    if evidence.appeal_id is not None:
        raise TransitionRefused(_("Evidence given with an appeal stays with it."))
    stored = evidence.stored_name
    evidence.delete()
    if stored and not Evidence.objects.filter(stored_name=stored).exists():
        transaction.on_commit(lambda: private_storage().delete(stored))


# ---------------------------------------------------------------------------------------------
# Moves


def _move(
    disclosure: Disclosure,
    action: str,
    allowed_from: Sequence[str],
    to: str,
    actor: AnyUser,
    message: str = "",
    **fields: Any,
) -> Disclosure:
    """Move an item from one of ``allowed_from`` to ``to``; refuse with a clear sentence otherwise."""
    _lock_row(disclosure)
    if disclosure.status not in allowed_from:
        expected = " / ".join(str(Status(status).label) for status in allowed_from)
        raise TransitionRefused(
            _(
                "Cannot %(action)s %(item)s: it is “%(status)s”, and only an item that is "
                "“%(expected)s” can be."
            )
            % {
                "action": ACTION_NAMES[action],
                "item": disclosure.item.code,
                "status": disclosure.get_status_display(),
                "expected": expected,
            }
        )
    before = disclosure.status
    disclosure.status = to
    for name, value in fields.items():
        setattr(disclosure, name, value)
    disclosure.save()
    record(
        disclosure,
        AuditAction.EVENT,
        changes={"status": [before, to]},
        message=f"{action}: {message}" if message else action,
        actor=actor,
    )
    return disclosure


@transaction.atomic
def submit(disclosure: Disclosure, actor: AnyUser) -> Disclosure:
    if not may_edit(actor, disclosure):
        raise _deny(actor, "submit")
    if disclosure.status == Status.DRAFT and not disclosure.evidence.exists():
        raise TransitionRefused(
            _("Add at least one link or file before submitting %(item)s.")
            % {"item": disclosure.item.code}
        )
    return _move(disclosure, "submit", [Status.DRAFT], Status.SUBMITTED, actor)


@transaction.atomic
def check(disclosure: Disclosure, actor: AnyUser) -> Disclosure:
    """The unit admin (or the item's reviewer) has checked the submitted evidence."""
    if not may_check(actor, disclosure):
        raise _deny(actor, "check")
    return _move(disclosure, "check", [Status.SUBMITTED], Status.CHECKED, actor)


@transaction.atomic
def approve(
    disclosure: Disclosure, actor: AnyUser, *, confirm_incomplete: bool = False
) -> Disclosure:
    """The executive approves a checked item; with elements of its checklist not ticked only after
    confirming (``confirm_incomplete``), which is recorded with the elements."""
    if not may_approve(actor, disclosure):
        raise _deny(actor, "approve")
    unticked = unticked_elements(disclosure) if disclosure.status == Status.CHECKED else []
    if unticked and not confirm_incomplete:
        raise ChecklistIncomplete(disclosure, unticked)
    moved = _move(
        disclosure,
        "approve",
        [Status.CHECKED],
        Status.APPROVED,
        actor,
        sent_back_comment="",
        approved_at=timezone.now(),
    )
    if unticked:
        record(
            disclosure,
            AuditAction.EVENT,
            changes={"unticked": [row.element.code for row in unticked]},
            message=f"approve_incomplete: {len(unticked)}/{disclosure.elements.count()}",
            actor=actor,
        )
    publication.changed(disclosure.assessment.unit)
    return moved


@transaction.atomic
def send_back(disclosure: Disclosure, actor: AnyUser, comment: str) -> Disclosure:
    """Back to draft with a comment: by the checker from submitted, by the executive from checked or
    approved (before the lock)."""
    comment = comment.strip()
    if not comment:
        raise ValidationError(_("Say what needs to change when sending an item back."))
    _lock_row(disclosure)
    if disclosure.status == Status.SUBMITTED:
        allowed = may_check(actor, disclosure)
    elif disclosure.status in (Status.CHECKED, Status.APPROVED):
        allowed = may_approve(actor, disclosure)
    else:  # the move itself is refused below, with the reason
        allowed = may_check(actor, disclosure) or may_approve(actor, disclosure)
    if not allowed:
        raise _deny(actor, "send_back")
    was_published = disclosure.approved_at is not None
    moved = _move(
        disclosure,
        "send_back",
        [Status.SUBMITTED, Status.CHECKED, Status.APPROVED],
        Status.DRAFT,
        actor,
        comment,
        sent_back_comment=comment,
        approved_at=None,
    )
    if was_published:
        publication.changed(disclosure.assessment.unit)
    line_notices.tell_sent_back(moved)
    return moved


def _submission_deadline_passed(disclosure: Disclosure) -> bool:
    return timezone.localdate() > deadlines_of(disclosure.assessment).submission_deadline


@transaction.atomic
def lock(disclosure: Disclosure, actor: AnyUser) -> Disclosure:
    """Lock an item for assessment: the unit locks its approved items; after the submission deadline the
    assessor locks every item as it stands."""
    if not may_lock(actor, disclosure):
        raise _deny(actor, "lock")
    allowed_from: list[str] = [Status.APPROVED]
    if may_assess(actor, disclosure.assessment.unit) and _submission_deadline_passed(disclosure):
        allowed_from = list(UNIT_STATUSES)
    return _move(disclosure, "lock", allowed_from, Status.LOCKED, actor)


@transaction.atomic
def lock_assessment(assessment: Assessment, actor: AnyUser) -> int:
    """Lock every item that may be locked now (see `lock`); returns how many were locked."""
    if not capabilities_in(actor, assessment.unit) & {
        Capability.MANAGE_UNIT,
        Capability.APPROVE,
        Capability.ASSESS,
    }:
        raise PermissionDenied(_("You may not lock OIT items for assessment."))
    locked = 0
    for disclosure in (
        Disclosure.objects.filter(assessment=assessment)
        .select_related("assessment", "item")
        .filter(status__in=UNIT_STATUSES)
    ):
        if not may_lock(actor, disclosure):
            raise _deny(actor, "lock")
        try:
            lock(disclosure, actor)
        except TransitionRefused:
            continue
        locked += 1
    return locked


def _score_from_marks(
    disclosure: Disclosure,
    elements_met: Mapping[int, bool] | None,
    score: Decimal | None,
) -> Decimal:
    """Store the element marks; the item's score is the one given, or else the one the marks make."""
    elements = list(disclosure.elements.all())
    marks = dict(elements_met or {})
    unknown = set(marks) - {element.pk for element in elements}
    if unknown:
        raise ValidationError(_("Some elements do not belong to this item."))
    for element in elements:
        if element.pk in marks:
            element.met = bool(marks[element.pk])
            element.save(update_fields=["met"])
    mode = disclosure.item.scoring_mode
    if score is not None:
        return scoring.check_given_score(mode, Decimal(score))
    if not elements:
        raise ValidationError(_("This item has no elements: give its score directly."))
    if any(element.met is None for element in elements):
        raise ValidationError(_("Mark every element as met or not met, or give the score."))
    met = sum(1 for element in elements if element.met)
    return scoring.score_from_elements(mode, met, len(elements))


def _require_assessor(actor: AnyUser, disclosure: Disclosure, action: str) -> None:
    if not may_assess(actor, disclosure.assessment.unit):
        raise _deny(actor, action)


def _record_score(
    disclosure: Disclosure,
    action: str,
    allowed_from: Sequence[str],
    to: str,
    actor: AnyUser,
    value: Decimal,
    observation: str,
) -> Disclosure:
    """Move to scored or re-scored with the score, the observation and who gave them; update the means."""
    before = disclosure.score
    _move(
        disclosure,
        action,
        allowed_from,
        to,
        actor,
        f"{before} → {value}" if before is not None else f"{value}",
        score=value,
        observation=observation.strip(),
        scored_by=actor if isinstance(actor, User) else None,
        scored_at=timezone.now(),
    )
    scoring.refresh_summaries(disclosure.assessment)
    return disclosure


@transaction.atomic
def score(
    disclosure: Disclosure,
    actor: AnyUser,
    *,
    elements_met: Mapping[int, bool] | None = None,
    score: Decimal | None = None,
    observation: str = "",
) -> Disclosure:
    """The assessor scores a locked item (per element and per item, with an observation); the score may be
    changed until the scores are released."""
    _require_assessor(actor, disclosure, "score")
    _lock_row(disclosure)
    allowed_from: list[str] = [Status.LOCKED]
    if not deadlines_of(disclosure.assessment).scores_released:
        allowed_from.append(Status.SCORED)
    elif disclosure.status == Status.SCORED:
        raise TransitionRefused(
            _("The scores of %(item)s have been released: it changes only through an appeal.")
            % {"item": disclosure.item.code}
        )
    if disclosure.status not in allowed_from:
        return _move(disclosure, "score", allowed_from, Status.SCORED, actor)  # refuses
    value = _score_from_marks(disclosure, elements_met, score)
    return _record_score(
        disclosure, "score", allowed_from, Status.SCORED, actor, value, observation
    )


@transaction.atomic
def release_scores(assessment: Assessment, actor: AnyUser) -> OitDeadlines:
    """Show the scores and observations to the unit; this opens the way to appeals."""
    if not may_assess(actor, assessment.unit):
        raise PermissionDenied(_("Only an assessor may release OIT scores."))
    deadlines = deadlines_of(assessment)
    if deadlines.scores_released:
        raise TransitionRefused(_("The scores have already been released."))
    waiting = (
        Disclosure.objects.filter(assessment=assessment).exclude(status__in=SCORED_STATUSES).count()
    )
    if waiting:
        raise TransitionRefused(
            _("%(count)s items have no score yet: score every item before releasing.")
            % {"count": waiting}
        )
    deadlines.scores_released_at = timezone.now()
    deadlines.released_by = actor if isinstance(actor, User) else None
    deadlines.save()
    record(assessment, AuditAction.EVENT, message="OIT scores released", actor=actor)
    publication.changed(assessment.unit)
    # The unit's result now counts these scores: computed again on the task queue, never silently stale.
    from openita.scoring.tasks import request_recompute

    request_recompute(
        assessment.unit, assessment.fiscal_year, actor if isinstance(actor, User) else None
    )
    return deadlines


@transaction.atomic
def file_appeal(
    disclosure: Disclosure,
    actor: AnyUser,
    *,
    explanation: str,
    urls: Sequence[str] = (),
    files: Sequence[UploadedFile] = (),
) -> Appeal:
    """The unit appeals a scored item once, while the appeal window is open, with an explanation and new
    evidence (links and files)."""
    if not may_appeal(actor, disclosure):
        raise _deny(actor, "appeal")
    _lock_row(disclosure)
    if Appeal.objects.filter(disclosure=disclosure).exists():
        raise TransitionRefused(
            _("%(item)s has already been appealed: an item can be appealed only once.")
            % {"item": disclosure.item.code}
        )
    deadlines = deadlines_of(disclosure.assessment)
    today = timezone.localdate()
    if not deadlines.scores_released:
        raise TransitionRefused(_("Appeals open once the scores are released."))
    if today < deadlines.appeal_opens:
        raise TransitionRefused(
            _("The appeal window opens on %(date)s.")
            % {"date": date_format(deadlines.appeal_opens, "DATE_FORMAT")}
        )
    if today > deadlines.appeal_closes:
        raise TransitionRefused(
            _("The appeal window closed on %(date)s.")
            % {"date": date_format(deadlines.appeal_closes, "DATE_FORMAT")}
        )
    explanation = explanation.strip()
    if not explanation:
        raise ValidationError(_("Explain why the item should be scored again."))
    if disclosure.status != Status.SCORED:
        _move(disclosure, "appeal", [Status.SCORED], Status.APPEALED, actor)  # refuses
    appeal = Appeal.objects.create(
        disclosure=disclosure,
        explanation=explanation,
        filed_by=actor if isinstance(actor, User) else None,
        score_before=disclosure.score if disclosure.score is not None else Decimal(0),
        observation_before=disclosure.observation,
    )
    for url in urls:
        if url.strip():
            _add_link(disclosure, actor, url, appeal)
    for uploaded in files:
        _add_file(disclosure, actor, uploaded, appeal)
    _move(disclosure, "appeal", [Status.SCORED], Status.APPEALED, actor)
    return appeal


@transaction.atomic
def rescore(
    disclosure: Disclosure,
    actor: AnyUser,
    *,
    elements_met: Mapping[int, bool] | None = None,
    score: Decimal | None = None,
    observation: str = "",
    decision: str = "",
) -> Disclosure:
    """The assessor answers an appeal: a new score (maybe the same), observation and decision."""
    _require_assessor(actor, disclosure, "rescore")
    _lock_row(disclosure)
    allowed_from = [Status.APPEALED, Status.RESCORED]
    if disclosure.status not in allowed_from:
        return _move(disclosure, "rescore", allowed_from, Status.RESCORED, actor)  # refuses
    decision = decision.strip()
    if not decision:
        raise ValidationError(_("Write the decision on the appeal."))
    value = _score_from_marks(disclosure, elements_met, score)
    appeal = disclosure.appeal
    appeal.decision = decision
    appeal.rescored_by = actor if isinstance(actor, User) else None
    appeal.rescored_at = timezone.now()
    appeal.save()
    return _record_score(
        disclosure, "rescore", allowed_from, Status.RESCORED, actor, value, observation
    )


@transaction.atomic
def finalize(disclosure: Disclosure, actor: AnyUser) -> Disclosure:
    """The score becomes final: a re-scored item at once, a scored one once the appeal window has
    closed (so the unit keeps its right to appeal)."""
    _require_assessor(actor, disclosure, "finalize")
    _lock_row(disclosure)
    deadlines = deadlines_of(disclosure.assessment)
    if disclosure.status == Status.SCORED and not deadlines.scores_released:
        raise TransitionRefused(_("Release the scores before making them final."))
    if disclosure.status == Status.SCORED and not deadlines.appeal_window_has_closed():
        raise TransitionRefused(
            _("%(item)s may still be appealed until %(date)s: it becomes final after that.")
            % {
                "item": disclosure.item.code,
                "date": date_format(deadlines.appeal_closes, "DATE_FORMAT"),
            }
        )
    _move(disclosure, "finalize", [Status.SCORED, Status.RESCORED], Status.FINAL, actor)
    scoring.refresh_summaries(disclosure.assessment)
    return disclosure


@transaction.atomic
def finalize_assessment(assessment: Assessment, actor: AnyUser) -> int:
    """Make final every item that may be made final now; returns how many."""
    if not may_assess(actor, assessment.unit):
        raise PermissionDenied(_("Only an assessor may make OIT scores final."))
    done = 0
    for disclosure in (
        Disclosure.objects.filter(assessment=assessment)
        .select_related("assessment", "item")
        .filter(status__in=(Status.SCORED, Status.RESCORED))
    ):
        try:
            finalize(disclosure, actor)
        except TransitionRefused:
            continue
        done += 1
    return done


# ---------------------------------------------------------------------------------------------
# What the item page offers


def available_actions(disclosure: Disclosure, actor: AnyUser) -> list[str]:
    """The moves the actor may try on the item now (the page shows one button for each)."""
    status = disclosure.status
    actions: list[str] = []
    if status == Status.DRAFT and may_edit(actor, disclosure):
        actions.append("submit")
    if status == Status.SUBMITTED and may_check(actor, disclosure):
        actions += ["check", "send_back"]
    if status == Status.CHECKED and may_approve(actor, disclosure):
        actions += ["approve", "send_back"]
    if status == Status.APPROVED and may_approve(actor, disclosure):
        actions.append("send_back")
    if (status == Status.APPROVED and may_lock(actor, disclosure)) or (
        status in UNIT_STATUSES
        and may_assess(actor, disclosure.assessment.unit)
        and _submission_deadline_passed(disclosure)
    ):
        actions.append("lock")
    deadlines = deadlines_of(disclosure.assessment)
    if (
        status == Status.SCORED
        and deadlines.appeal_window_is_open()
        and may_appeal(actor, disclosure)
        and not Appeal.objects.filter(disclosure=disclosure).exists()
    ):
        actions.append("appeal")
    if may_assess(actor, disclosure.assessment.unit):
        if status == Status.LOCKED or (status == Status.SCORED and not deadlines.scores_released):
            actions.append("score")
        if status in (Status.APPEALED, Status.RESCORED):
            actions.append("rescore")
        if status == Status.RESCORED or (
            status == Status.SCORED
            and deadlines.scores_released
            and deadlines.appeal_window_has_closed()
        ):
            actions.append("finalize")
    return actions
