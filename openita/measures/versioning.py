"""A plan's content as plain data (the snapshot a version freezes) and the differences between two.

A snapshot holds texts as shown (names of people and lines, not ids only), so an approved version reads
the same years later, whoever has left the unit since.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from openita.measures.models import AnalysisIssue, Measure, MeasuresPlan

SNAPSHOT_FORMAT = 1

ISSUE_FIELDS: dict[str, Any] = {
    "indicator_number": _("indicator"),
    "item_codes": _("survey or OIT items"),
    "score": _("score last year"),
    "text": _("issue to improve"),
}
MEASURE_FIELDS: dict[str, Any] = {
    "indicator_number": _("indicator"),
    "issue_text": _("issue to improve"),
    "item_codes": _("survey or OIT items"),
    "label": _("number"),
    "title": _("measure, project or activity"),
    "activity": _("activity"),
    "steps": _("steps or method"),
    "expected_output": _("expected output"),
    "awareness_channels": _("how it is made known"),
    "awareness_note": _("how it is made known (details)"),
    "owner": _("lead"),
    "people": _("other responsible persons"),
    "lines": _("responsible lines of work"),
    "responsible_text": _("responsible (as written)"),
    "period_kind": _("period"),
    "start_date": _("start"),
    "due_date": _("due"),
    "period_note": _("period (as written)"),
    "follow_up_frequency": _("follow-up frequency"),
    "follow_up_by": _("followed up by"),
    "follow_up_note": _("follow-up and reporting (as written)"),
    "evaluation": _("evaluation"),
}
PLAN_FIELDS: dict[str, Any] = {
    "title": _("title"),
    "introduction": _("introduction"),
}


def _indicator_data(indicator: Any) -> dict[str, Any]:
    if indicator is None:
        return {
            "indicator_number": None,
            "indicator_name": "",
            "instrument_code": "",
            "instrument_name": "",
        }
    return {
        "indicator_number": indicator.number,
        "indicator_name": indicator.name_th,
        "instrument_code": indicator.instrument.code,
        "instrument_name": indicator.instrument.name_th,
    }


def issue_data(issue: AnalysisIssue) -> dict[str, Any]:
    return {
        "id": issue.pk,
        "position": issue.position,
        **_indicator_data(issue.indicator),
        "item_codes": list(issue.item_codes or []),
        "score": str(issue.score) if issue.score is not None else None,
        "text": issue.text,
        "source": issue.source,
    }


def measure_data(measure: Measure) -> dict[str, Any]:
    """One measure as plain data; expects `people` and `lines` prefetched (see `for_table`)."""
    return {
        "id": measure.pk,
        "position": measure.position,
        "issue_id": measure.issue_id,
        "issue_text": measure.issue.text if measure.issue is not None else "",
        **_indicator_data(measure.indicator),
        "item_codes": list(measure.item_codes or []),
        "label": measure.label,
        "title": measure.title,
        "activity": measure.activity,
        "steps": measure.steps,
        "expected_output": measure.expected_output,
        "awareness_channels": list(measure.awareness_channels or []),
        "awareness_note": measure.awareness_note,
        "owner": measure.owner.display_name if measure.owner is not None else "",
        "owner_id": measure.owner_id,
        "people": [person.display_name for person in measure.people.all()],
        "lines": [line.name_th for line in measure.lines.all()],
        "responsible_text": measure.responsible_text,
        "period_kind": measure.period_kind,
        "start_date": measure.start_date.isoformat() if measure.start_date else None,
        "due_date": measure.due_date.isoformat() if measure.due_date else None,
        "period_note": measure.period_note,
        "follow_up_frequency": measure.follow_up_frequency,
        "follow_up_by": measure.follow_up_by.display_name if measure.follow_up_by else "",
        "follow_up_note": measure.follow_up_note,
        "evaluation": measure.evaluation,
    }


def live_issues(plan: MeasuresPlan) -> list[AnalysisIssue]:
    return list(
        plan.issues.select_related("indicator", "indicator__instrument").order_by(
            "indicator__number", "position", "pk"
        )
    )


def plan_snapshot(plan: MeasuresPlan) -> dict[str, Any]:
    """The plan's current content as plain data."""
    return {
        "format": SNAPSHOT_FORMAT,
        "unit": plan.assessment.unit.name_th,
        "fiscal_year": plan.assessment.fiscal_year,
        "title": plan.title,
        "introduction": plan.introduction,
        "layout": plan.layout,
        "issues": [issue_data(issue) for issue in live_issues(plan)],
        "measures": [measure_data(measure) for measure in plan.measures.for_table()],
    }


@dataclass
class FieldChange:
    label: str
    old: Any
    new: Any


@dataclass
class RowChange:
    kind: str  # "added", "removed", "changed"
    what: str  # "issue" or "measure"
    title: str
    changes: list[FieldChange] = field(default_factory=list)


def _row_title(what: str, row: dict[str, Any]) -> str:
    text = row.get("title") if what == "measure" else row.get("text")
    return str(text or "")[:120]


def _shown(value: Any) -> Any:
    if isinstance(value, list):
        return ", ".join(str(part) for part in value)
    return "" if value is None else value


def _compare_rows(
    what: str,
    fields: dict[str, Any],
    old_rows: list[dict[str, Any]],
    new_rows: list[dict[str, Any]],
) -> list[RowChange]:
    old_by_id = {row["id"]: row for row in old_rows}
    new_by_id = {row["id"]: row for row in new_rows}
    result: list[RowChange] = []
    for row in new_rows:
        before = old_by_id.get(row["id"])
        if before is None:
            result.append(RowChange("added", what, _row_title(what, row)))
            continue
        changes = [
            FieldChange(str(label), _shown(before.get(name)), _shown(row.get(name)))
            for name, label in fields.items()
            if _shown(before.get(name)) != _shown(row.get(name))
        ]
        if changes:
            result.append(RowChange("changed", what, _row_title(what, row), changes))
    result.extend(
        RowChange("removed", what, _row_title(what, row))
        for row in old_rows
        if row["id"] not in new_by_id
    )
    return result


def diff_snapshots(old: dict[str, Any], new: dict[str, Any]) -> list[RowChange]:
    """What changed from `old` to `new`: the plan's own texts, then issues, then measures."""
    plan_changes = [
        FieldChange(str(label), old.get(name, ""), new.get(name, ""))
        for name, label in PLAN_FIELDS.items()
        if old.get(name, "") != new.get(name, "")
    ]
    result = (
        [RowChange("changed", "plan", str(new.get("title", "")), plan_changes)]
        if plan_changes
        else []
    )
    result += _compare_rows("issue", ISSUE_FIELDS, old.get("issues", []), new.get("issues", []))
    result += _compare_rows(
        "measure", MEASURE_FIELDS, old.get("measures", []), new.get("measures", [])
    )
    return result
