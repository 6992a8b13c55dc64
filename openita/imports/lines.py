"""Importing lines of work (สายงาน / ฝ่าย / กอง) into units one manages.

A line is known by its unit and its code: an existing one is updated, a blank cell leaves its value as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from openita.core.tabular import Preview, RowCleaner, Table, validate_rows
from openita.core.tabular import Row as TableRow
from openita.imports.base import (
    Action,
    Column,
    Importer,
    ImportResult,
    SaveFailed,
    chunked,
    validation_messages,
)
from openita.units import services
from openita.units.models import UNIT_CODE_VALIDATOR, Line, Unit

SORT_ORDER_MAX = 32767


@dataclass
class PlannedLine:
    row_number: int
    unit_code: str
    code: str
    values: dict[str, str | int]
    unit: Unit | None = None
    existing: Line | None = None
    action: Action = Action.CREATE
    changes: list[str] = field(default_factory=list)


class LineImporter(Importer[PlannedLine]):
    kind = "lines"
    title = _("Import lines of work")
    columns = (
        Column("unit_code", _("Code of the unit the line belongs to"), True, "tt-st-mueang"),
        Column("code", _("Code of the line, unique within its unit"), True, "patrol"),
        Column("name_th", _("Name in Thai"), True, "งานป้องกันปราบปราม"),
        Column("name_en", _("Name in English"), False, "Crime Prevention and Suppression"),
        Column("sort_order", _("Order in lists (a whole number)"), False, "2"),
    )
    count_labels = {
        Action.CREATE: _("lines added"),
        Action.UPDATE: _("lines changed"),
        Action.UNCHANGED: _("lines unchanged"),
    }

    def _clean(self, row: TableRow) -> PlannedLine:
        cleaner = RowCleaner(row)
        unit_code = cleaner.text("unit_code", required=self.default_unit is None, max_length=40)
        code = cleaner.text("code", required=True, max_length=40, validators=[UNIT_CODE_VALIDATOR])
        values: dict[str, str | int] = {
            "name_th": cleaner.text("name_th", max_length=255),
            "name_en": cleaner.text("name_en", max_length=255),
        }
        sort_order = cleaner.integer("sort_order", minimum=0, maximum=SORT_ORDER_MAX)
        if sort_order is not None:
            values["sort_order"] = sort_order
        if not unit_code and self.default_unit is not None:
            unit_code = self.default_unit.code
        line = PlannedLine(
            row.number,
            unit_code,
            code,
            {
                name: value
                for name, value in values.items()
                if value != "" and not cleaner.has_error(name)
            },
        )
        cleaner.finish(
            partial=None if cleaner.has_error("code") or cleaner.has_error("unit_code") else line
        )
        return line

    def preview(self, table: Table) -> Preview[PlannedLine]:
        preview = validate_rows(table, self._clean)
        planned = preview.checkable_values()
        units = self.managed_units_by_code({line.unit_code for line in planned})
        existing: dict[tuple[int, str], Line] = {}
        for batch in chunked([unit.pk for unit in units.values()]):
            existing.update(
                ((line.unit_id, line.code), line) for line in Line.objects.filter(unit_id__in=batch)
            )
        first_row: dict[tuple[str, str], int] = {}
        for line in planned:
            key = (line.unit_code, line.code)
            if key in first_row:
                preview.reject(
                    line.row_number,
                    "code",
                    format_lazy(
                        _("The line “{code}” of this unit already appears on row {row}."),
                        code=line.code,
                        row=first_row[key],
                    ),
                )
                continue
            first_row[key] = line.row_number
            line.unit = self.managed_unit_for_row(preview, line.row_number, units, line.unit_code)
            if line.unit is None:
                continue
            line.existing = existing.get((line.unit.pk, line.code))
            if line.existing is None:
                if "name_th" not in line.values and not preview.has_error(
                    line.row_number, "name_th"
                ):
                    preview.reject(
                        line.row_number, "name_th", _("A new line needs a name in Thai.")
                    )
                continue
            line.changes = [
                name for name, value in line.values.items() if getattr(line.existing, name) != value
            ]
            line.action = Action.UPDATE if line.changes else Action.UNCHANGED
        return preview

    def save(self, preview: Preview[PlannedLine]) -> ImportResult:
        result = ImportResult(dict.fromkeys(self.count_labels, 0))
        for line in preview.values():
            result.add(line.action)
            assert line.unit is not None
            try:
                if line.action == Action.CREATE:
                    services.create_line(line.unit, code=line.code, **line.values)
                elif line.action == Action.UPDATE:
                    assert line.existing is not None
                    services.update_line(line.existing, **line.values)
            except ValidationError as error:
                raise SaveFailed(line.row_number, validation_messages(error)) from error
        return result
