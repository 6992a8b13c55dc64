"""What the importer understood of a file: plain data, shown in the preview, printed as JSON by
`openita plan import --json`, and turned into records by `services.apply_import`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

SURE = "sure"  # read from a cell made for it (a date, an indicator named with its number and name)
GUESS = "guess"  # inferred (an indicator from its words, a month's last day for a month): check it
TEXT = "text"  # kept as written; openita did not read a value from it


@dataclass
class SourceCell:
    """One non-empty cell of the file and the field it went to ('' = not understood)."""

    header: str
    text: str
    field: str
    confidence: str = SURE


@dataclass
class ParsedIssue:
    indicator: int | None
    text: str
    item_codes: list[str] = field(default_factory=list)
    indicator_confidence: str = SURE
    where: str = ""


@dataclass
class ParsedProgress:
    description: str
    done_on: date | None
    date_confidence: str = SURE
    percent: int | None = None


@dataclass
class ParsedMeasure:
    where: str
    indicator: int | None = None
    indicator_confidence: str = SURE
    issue_index: int | None = None  # position in ImportResult.issues
    label: str = ""
    title: str = ""
    steps: str = ""
    expected_output: str = ""
    awareness_note: str = ""
    responsible_text: str = ""
    period_note: str = ""
    period_kind: str = "dates"
    start_date: date | None = None
    due_date: date | None = None
    date_confidence: str = TEXT
    follow_up_note: str = ""
    follow_up_frequency: str | None = None
    evaluation: str = ""
    item_codes: list[str] = field(default_factory=list)
    not_understood: list[str] = field(default_factory=list)
    progress: list[ParsedProgress] = field(default_factory=list)
    sources: list[SourceCell] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class ParsedCalendarRow:
    phase: str
    activity: str
    period_note: str = ""
    start_date: date | None = None
    end_date: date | None = None
    responsible_text: str = ""
    not_understood: list[str] = field(default_factory=list)


@dataclass
class ParsedOitAssignment:
    code: str
    title: str = ""
    responsible_text: str = ""
    known_code: bool = True


@dataclass
class ParsedMember:
    name: str
    position: str = ""
    role: str = ""


@dataclass
class ParsedOrder:
    number: str = ""
    signed_on: date | None = None
    title: str = ""
    members: list[ParsedMember] = field(default_factory=list)


@dataclass
class ParsedAcknowledgement:
    name: str
    position: str = ""


@dataclass
class ImportResult:
    file_kind: str = ""
    title: str = ""
    fiscal_year_written: int | None = None
    introduction: str = ""
    report_period_end: date | None = None
    issues: list[ParsedIssue] = field(default_factory=list)
    measures: list[ParsedMeasure] = field(default_factory=list)
    calendar_rows: list[ParsedCalendarRow] = field(default_factory=list)
    oit_assignments: list[ParsedOitAssignment] = field(default_factory=list)
    order: ParsedOrder | None = None
    acknowledgements: list[ParsedAcknowledgement] = field(default_factory=list)
    signatures: list[str] = field(default_factory=list)  # signature blocks, as written
    not_understood_cells: int = 0
    unknown_cells: list[SourceCell] = field(default_factory=list)  # cells of tables not recognised
    warnings: list[str] = field(default_factory=list)

    @property
    def progress_entries(self) -> list[ParsedProgress]:
        return [entry for measure in self.measures for entry in measure.progress]

    def counts(self) -> dict[str, Any]:
        """The summary `openita plan import --json` prints (keys of parts the file lacks are 0)."""
        by_indicator = {str(number): 0 for number in range(1, 11)}
        issues_by_indicator = {str(number): 0 for number in range(1, 11)}
        for measure in self.measures:
            if measure.indicator is not None:
                by_indicator[str(measure.indicator)] = (
                    by_indicator.get(str(measure.indicator), 0) + 1
                )
        for issue in self.issues:
            if issue.indicator is not None:
                key = str(issue.indicator)
                issues_by_indicator[key] = issues_by_indicator.get(key, 0) + 1
        return {
            "measures": len(self.measures),
            "measures_by_indicator": by_indicator,
            "analysis_issues": len(self.issues),
            "analysis_issues_by_indicator": issues_by_indicator,
            "progress_entries": len(self.progress_entries),
            "calendar_rows": len(self.calendar_rows),
            "oit_assignments": len(self.oit_assignments),
            "working_group_members": len(self.order.members) if self.order else 0,
            "acknowledgements": len(self.acknowledgements),
            "not_understood_cells": self.not_understood_cells,
            "warnings": list(self.warnings),
        }

    def to_json(self) -> dict[str, Any]:
        """Everything, JSON-ready (dates as ISO strings): kept between the preview and the confirmation."""

        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, dict):
                return {key: plain(item) for key, item in value.items()}
            if isinstance(value, list):
                return [plain(item) for item in value]
            return value

        return plain(asdict(self))

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ImportResult:
        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if value else None

        def measure(item: dict[str, Any]) -> ParsedMeasure:
            values = dict(item)
            values["start_date"] = day(values.get("start_date"))
            values["due_date"] = day(values.get("due_date"))
            values["progress"] = [
                ParsedProgress(**{**entry, "done_on": day(entry.get("done_on"))})
                for entry in values.get("progress", [])
            ]
            values["sources"] = [SourceCell(**cell) for cell in values.get("sources", [])]
            return ParsedMeasure(**values)

        order = data.get("order")
        return cls(
            file_kind=data.get("file_kind", ""),
            title=data.get("title", ""),
            fiscal_year_written=data.get("fiscal_year_written"),
            introduction=data.get("introduction", ""),
            report_period_end=day(data.get("report_period_end")),
            issues=[ParsedIssue(**issue) for issue in data.get("issues", [])],
            measures=[measure(item) for item in data.get("measures", [])],
            calendar_rows=[
                ParsedCalendarRow(
                    **{
                        **row,
                        "start_date": day(row.get("start_date")),
                        "end_date": day(row.get("end_date")),
                    }
                )
                for row in data.get("calendar_rows", [])
            ],
            oit_assignments=[ParsedOitAssignment(**row) for row in data.get("oit_assignments", [])],
            order=ParsedOrder(
                number=order.get("number", ""),
                signed_on=day(order.get("signed_on")),
                title=order.get("title", ""),
                members=[ParsedMember(**member) for member in order.get("members", [])],
            )
            if order
            else None,
            acknowledgements=[
                ParsedAcknowledgement(**row) for row in data.get("acknowledgements", [])
            ],
            signatures=list(data.get("signatures", [])),
            not_understood_cells=data.get("not_understood_cells", 0),
            unknown_cells=[SourceCell(**cell) for cell in data.get("unknown_cells", [])],
            warnings=list(data.get("warnings", [])),
        )
