"""Reading a unit's file (preview) and turning what was understood into openita's records (confirm).

`preview_file` reads and recognises a file and keeps the result in a `PlanImport` row, owned by the person
who sent it; `confirm_import` writes it, in one transaction, through the services of the apps that own the
records: measures and analysis issues into a draft of the year's plan (an approved plan is never touched: a
new draft version is opened; an existing draft is kept as a version and a new one continues it), progress
entries onto those measures, calendar rows into the ITA calendar, the OIT assignment table and the
working-group order into the working group. People and lines of work are linked only where the match is
sure; otherwise the text stays as written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, User
from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core.thai import fiscal_year_bounds
from openita.frameworks.models import Assessment, FrameworkVersion, Indicator
from openita.frameworks.services import get_or_create_assessment, select_framework_version
from openita.ita_calendar import services as calendar_services
from openita.measures import services as measure_services
from openita.measures.models import (
    AnalysisIssue,
    FollowUpFrequency,
    Measure,
    MeasuresPlan,
    PeriodKind,
    PlanStatus,
    PlanVersion,
)
from openita.measures.versioning import plan_snapshot
from openita.units.models import Line, Unit
from openita.working_groups import services as group_services

from .models import ImportStatus, PlanImport
from .reading import read_document
from .recognise import FrameworkFacts, recognise
from .result import ImportResult, ParsedMeasure


class ImportRefused(ValidationError):
    """The import cannot be written now (the plan waits for approval, the preview is stale …)."""


def framework_for(unit: Unit, fiscal_year: int) -> FrameworkVersion:
    assessment = (
        Assessment.objects.select_related("framework_version").of(unit, fiscal_year).first()
    )
    if assessment is not None:
        return assessment.framework_version
    return select_framework_version(unit.unit_type, fiscal_year)


def facts_for(version: FrameworkVersion, fiscal_year: int) -> FrameworkFacts:
    indicators = {indicator.number: indicator.name_th for indicator in version.indicators.all()}
    topics = [
        (item.title_th, item.indicator.number)
        for item in version.oit_items.select_related("indicator")
    ]
    topics += [
        (sub.name_th, sub.indicator.number)
        for sub in version.sub_indicators.select_related("indicator")
    ]
    return FrameworkFacts(
        fiscal_year=fiscal_year,
        indicators=indicators,
        oit_codes=frozenset(version.oit_items.values_list("code", flat=True)),
        survey_codes=frozenset(version.survey_items.values_list("code", flat=True)),
        topic_names=tuple(topics),
    )


def read_file(unit: Unit, fiscal_year: int, name: str, data: bytes) -> ImportResult:
    """What the file holds, read against the year's framework; raises `ImportFileError`."""
    document = read_document(name, data)
    result = recognise(document, facts_for(framework_for(unit, fiscal_year), fiscal_year))
    if result.fiscal_year_written and result.fiscal_year_written != fiscal_year:
        result.warnings.append(
            f"the file names fiscal year {result.fiscal_year_written}, imported into {fiscal_year}"
        )
    return result


@transaction.atomic
def preview_file(unit: Unit, fiscal_year: int, name: str, data: bytes, actor: User) -> PlanImport:
    """Read the file and keep what was understood for the preview (nothing else is written)."""
    result = read_file(unit, fiscal_year, name, data)
    return PlanImport.objects.create(
        unit=unit,
        fiscal_year=fiscal_year,
        file_name=name[:255],
        file_kind=result.file_kind,
        created_by=actor,
        result=result.to_json(),
        counts=result.counts(),
    )


# --- people and lines --------------------------------------------------------------------------


@dataclass
class Directory:
    """The unit's people and lines of work, for sure matches only."""

    people: list[User]
    lines: list[Line]

    @classmethod
    def of(cls, unit: Unit) -> Directory:
        ids = Membership.objects.filter(unit=unit).values_list("user_id", flat=True)
        return cls(
            list(User.objects.filter(pk__in=ids, is_active=True)),
            list(Line.objects.filter(unit=unit)),
        )

    def people_in(self, text: str) -> list[User]:
        """People whose full name (first and last) is written in the text; one person may match once."""
        squeezed = "".join(text.split())
        found = []
        for person in self.people:
            full = f"{person.first_name}{person.last_name}".strip()
            if len(full) >= 4 and full in squeezed:
                found.append(person)
        return found

    def lines_in(self, text: str) -> list[Line]:
        squeezed = "".join(text.split())
        return [
            line
            for line in self.lines
            if len(line.name) >= 3 and "".join(line.name.split()) in squeezed
        ]


# --- writing -----------------------------------------------------------------------------------


def _draft_version(plan: MeasuresPlan, actor: User | None, file_name: str) -> PlanVersion:
    """The draft the import writes into, never an approved or submitted version."""
    version = measure_services.latest_version(plan)
    note = _("Imported from %(file)s") % {"file": file_name}
    if version.status == PlanStatus.SUBMITTED:
        raise ImportRefused(
            _("The plan is waiting for approval: send it back to draft before importing into it.")
        )
    if version.status == PlanStatus.APPROVED:
        return measure_services.start_new_version(plan, actor, note)
    has_content = plan.measures.exists() or plan.issues.exists()
    if has_content:  # keep the draft as it was, as a version of its own
        version.snapshot = plan_snapshot(plan)
        version.status = PlanStatus.SUPERSEDED
        version.change_note = (version.change_note + "\n" if version.change_note else "") + note
        version.save(update_fields=["snapshot", "status", "change_note"])
        version = PlanVersion.objects.create(
            plan=plan, number=version.number + 1, created_by=actor, change_note=note
        )
    return version


def _indicators(assessment: Assessment) -> dict[int, Indicator]:
    return {i.number: i for i in Indicator.objects.filter(version=assessment.framework_version_id)}


FREQUENCIES = {choice.value for choice in FollowUpFrequency}
PERIOD_KINDS = {choice.value for choice in PeriodKind}


def _within_year(day: date | None, fiscal_year: int) -> date | None:
    """A date outside the plan's year by more than a year is surely misread: it is left as text."""
    if day is None:
        return None
    start, end = fiscal_year_bounds(fiscal_year)
    return (
        day if start.replace(year=start.year - 1) <= day <= end.replace(year=end.year + 1) else None
    )


def _measure_values(parsed: ParsedMeasure, fiscal_year: int) -> dict[str, Any]:
    period_note = parsed.period_note
    values: dict[str, Any] = {
        "label": parsed.label[:20],
        "title": parsed.title or parsed.steps[:200] or "-",
        "steps": parsed.steps,
        "expected_output": parsed.expected_output,
        "awareness_note": parsed.awareness_note,
        "responsible_text": parsed.responsible_text,
        "period_note": period_note[:255],
        "follow_up_note": parsed.follow_up_note,
        "evaluation": parsed.evaluation,
        "item_codes": parsed.item_codes,
    }
    if len(period_note) > 255:
        values["follow_up_note"] = "\n".join(filter(None, [period_note, parsed.follow_up_note]))
    if parsed.period_kind in PERIOD_KINDS:
        values["period_kind"] = parsed.period_kind
    start = _within_year(parsed.start_date, fiscal_year)
    due = _within_year(parsed.due_date, fiscal_year)
    if start and due and due < start:
        start = None
    values["start_date"], values["due_date"] = start, due
    if parsed.follow_up_frequency in FREQUENCIES:
        values["follow_up_frequency"] = parsed.follow_up_frequency
    return values


@dataclass
class Written:
    plan_version: int = 0
    measures: int = 0
    issues: int = 0
    progress_entries: int = 0
    calendar_rows: int = 0
    oit_assignments: int = 0
    working_group_members: int = 0


@transaction.atomic
def confirm_import(
    plan_import: PlanImport,
    actor: User,
    result: ImportResult | None = None,
    on_progress: Any = None,
) -> Written:
    """Write what the preview showed (or `result`, the edited version of it) into the unit's records."""
    plan_import = PlanImport.objects.select_for_update().get(pk=plan_import.pk)
    if plan_import.created_by_id != actor.pk:
        raise PermissionDenied
    if plan_import.status != ImportStatus.PREVIEW:
        raise ImportRefused(_("This file was imported already."))
    result = result or ImportResult.from_json(plan_import.result)
    unit, fiscal_year = plan_import.unit, plan_import.fiscal_year
    written = write_result(unit, fiscal_year, result, actor, plan_import.file_name, on_progress)
    plan_import.status = ImportStatus.CONFIRMED
    plan_import.confirmed_at = timezone.now()
    plan_import.result = result.to_json()
    plan_import.counts = result.counts()
    plan_import.save(update_fields=["status", "confirmed_at", "result", "counts"])
    record(
        plan_import,
        AuditAction.EVENT,
        message=f"Imported {plan_import.file_name}: {written.measures} measures, "
        f"{written.issues} issues, {written.progress_entries} progress entries",
        actor=actor,
    )
    return written


def write_result(
    unit: Unit,
    fiscal_year: int,
    result: ImportResult,
    actor: User | None,
    file_name: str,
    on_progress: Any = None,
) -> Written:
    """Records from an `ImportResult` (the command's path as well as the screens'); `on_progress(done,
    total)` is called after each measure."""
    written = Written()
    total = len(result.measures)
    assessment = get_or_create_assessment(unit, fiscal_year)
    directory = Directory.of(unit)
    indicators = _indicators(assessment)
    if result.measures or result.issues:
        plan = measure_services.get_or_create_plan(assessment, actor)
        version = _draft_version(plan, actor, file_name)
        written.plan_version = version.number
        issues: list[AnalysisIssue | None] = []
        for parsed_issue in result.issues:
            indicator = indicators.get(parsed_issue.indicator) if parsed_issue.indicator else None
            issue = (
                measure_services.create_issue(
                    plan,
                    indicator=indicator,
                    text=parsed_issue.text,
                    item_codes=parsed_issue.item_codes,
                )
                if parsed_issue.text
                else None
            )
            issues.append(issue)
            written.issues += bool(issue)
        for parsed in result.measures:
            values = _measure_values(parsed, fiscal_year)
            values["indicator"] = indicators.get(parsed.indicator) if parsed.indicator else None
            if parsed.issue_index is not None and parsed.issue_index < len(issues):
                values["issue"] = issues[parsed.issue_index]
            people = directory.people_in(parsed.responsible_text)
            lines = directory.lines_in(parsed.responsible_text)
            if len(people) == 1:
                values["owner"] = people[0]
            try:
                measure = measure_services.create_measure(
                    plan, people=people, lines=lines, **values
                )
            except ValidationError:
                # codes of another framework, a person without a role: keep the text, drop the links
                values["item_codes"] = []
                values.pop("owner", None)
                measure = measure_services.create_measure(plan, **values)
            written.measures += 1
            written.progress_entries += _write_progress(measure, parsed, actor)
            if on_progress is not None:
                on_progress(written.measures, total)
    start, end = fiscal_year_bounds(fiscal_year)
    for number, row in enumerate(result.calendar_rows, 1):
        if not row.activity:
            continue
        calendar_services.add_phase(
            assessment,
            code=f"imported-{timezone.now():%Y%m%d%H%M%S}-{number}",
            name_th=row.activity[:255],
            starts_on=row.start_date or start,
            ends_on=row.end_date or row.start_date or end,
            responsible_text=row.responsible_text[:255],
            description="\n".join(filter(None, [row.phase, row.period_note, *row.not_understood])),
        )
        written.calendar_rows += 1
    for assignment in result.oit_assignments:
        people = directory.people_in(assignment.responsible_text)
        group_services.save_assignment(
            assessment,
            subject=" ".join(filter(None, [assignment.code, assignment.title])) or assignment.code,
            item_codes=[assignment.code] if assignment.known_code else [],
            assignee_text=assignment.responsible_text,
            people=people,
        )
        written.oit_assignments += 1
    if result.order is not None and result.order.members:
        order = result.order
        group_services.save_order(
            assessment,
            number=order.number,
            issued_on=order.signed_on,
            title=order.title or _("Appointment of the working group"),
            members=[
                group_services.PersonRow("", member.name, member.position, member.role)
                for member in order.members
            ],
        )
        written.working_group_members = len(order.members)
    return written


def _write_progress(measure: Measure, parsed: ParsedMeasure, actor: User | None) -> int:
    count = 0
    for entry in parsed.progress:
        if entry.done_on is None:
            continue
        measure_services.add_progress(
            measure,
            done_on=entry.done_on,
            description=entry.description,
            percent=entry.percent if entry.percent is not None else measure.progress_percent,
            actor=actor,
        )
        count += 1
    return count
