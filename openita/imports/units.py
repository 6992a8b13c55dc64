"""Importing units with their hierarchy.

A row's `parent_code` names an existing unit or another row of the same file, in any order; the tree is resolved
before anything is saved, so cycles and unknown parents are reported on their rows. An existing code updates that
unit. A blank cell leaves the unit's value as it is (a blank `parent_code` keeps an existing unit where it is and
makes a new unit a top-level one); so importing the same file twice changes nothing the second time.

Who may import what: a site superuser (and the system, from a command) anything; a unit admin may add units under
the units they manage and change units they manage (moving one only under a unit they manage, or under a unit
this file adds there); only a superuser adds a top-level unit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from openita.core.tabular import Preview, RowCleaner, Table, choice_lookup, validate_rows
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
from openita.units.models import UNIT_CODE_VALIDATOR, Unit, UnitType

# Column → model field, for the columns that set a field directly.
UNIT_VALUE_COLUMNS = {
    "name_th": "name_th",
    "name_en": "name_en",
    "type": "unit_type",
    "website": "website",
    "address": "address",
    "phone": "phone",
    "email": "email",
}


@dataclass
class PlannedUnit:
    row_number: int
    code: str
    parent_code: str  # as written; "" keeps an existing unit's parent, makes a new unit top-level
    values: dict[str, str]  # model field → value, for the cells that are not blank
    existing: Unit | None = None
    final_parent: str | None = None  # the parent's code once the tree is resolved
    action: Action = Action.CREATE
    depth: int = 0
    changes: list[str] = field(default_factory=list)


def units_by_code(codes: Iterable[str]) -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for batch in chunked(sorted(set(codes))):
        units.update((unit.code, unit) for unit in Unit.objects.filter(code__in=batch))
    return units


class UnitImporter(Importer[PlannedUnit]):
    kind = "units"
    title = _("Import units")
    columns = (
        Column("code", _("Unit code: letters, digits, dots, dashes"), True, "tt-st-mueang"),
        Column("name_th", _("Name in Thai"), True, "สถานีตำรวจภูธรเมืองธารทอง"),
        Column("name_en", _("Name in English"), False, "Mueang Thanthong Police Station"),
        Column(
            "type",
            _("Unit type: its code, or its name in Thai or English"),
            False,
            "police_station",
        ),
        Column(
            "parent_code",
            _("Code of the parent unit: an existing unit or another row of this file"),
            True,
            "tt-prov",
        ),
        Column("website", _("Website"), False, "https://mueang.thanthong-police.example.go.th"),
        Column("address", _("Address"), False, ""),
        Column("phone", _("Phone"), False, "0 7400 1111"),
        Column("email", _("E-mail"), False, ""),
    )
    count_labels = {
        Action.CREATE: _("units added"),
        Action.UPDATE: _("units changed"),
        Action.UNCHANGED: _("units unchanged"),
    }

    def _clean(self, row: TableRow, type_lookup: Mapping[str, str]) -> PlannedUnit:
        cleaner = RowCleaner(row)
        code = cleaner.text("code", required=True, max_length=40, validators=[UNIT_CODE_VALIDATOR])
        parent_code = cleaner.text("parent_code", max_length=40)
        values = {
            "name_th": cleaner.text("name_th", max_length=255),
            "name_en": cleaner.text("name_en", max_length=255),
            "unit_type": cleaner.choice("type", type_lookup),
            "website": cleaner.url("website"),
            "address": cleaner.text("address", max_length=2000),
            "phone": cleaner.text("phone", max_length=100),
            "email": cleaner.email("email"),
        }
        column_of = {field: column for column, field in UNIT_VALUE_COLUMNS.items()}
        unit = PlannedUnit(
            row.number,
            code,
            parent_code,
            {
                name: value
                for name, value in values.items()
                if value and not cleaner.has_error(column_of[name])
            },
        )
        checkable = not cleaner.has_error("code") and not cleaner.has_error("parent_code")
        cleaner.finish(partial=unit if checkable else None)
        return unit

    def preview(self, table: Table) -> Preview[PlannedUnit]:
        type_lookup = choice_lookup(UnitType.choices)
        preview = validate_rows(table, lambda row: self._clean(row, type_lookup))
        file_codes = self._reject_duplicates(preview, table)
        planned: dict[str, PlannedUnit] = {}
        for unit in preview.checkable_values():  # bad rows too, so that every problem shows at once
            planned.setdefault(unit.code, unit)
        existing = units_by_code(file_codes | {p.parent_code for p in planned.values()} - {""})
        db_parents = self._parents_in_database(existing.values())
        self._resolve_parents(preview, planned, existing, file_codes, db_parents)
        self._reject_cycles(preview, planned, db_parents)
        self._plan_actions(planned, db_parents)
        if not self.acts_as_site_admin:
            self._check_permissions(preview, planned, existing)
        self._order(preview, db_parents)
        return preview

    def _reject_duplicates(self, preview: Preview[PlannedUnit], table: Table) -> set[str]:
        first_row: dict[str, int] = {}
        for row in table.rows:
            code = row["code"]
            if not code:
                continue
            if code in first_row:
                preview.reject(
                    row.number,
                    "code",
                    format_lazy(
                        _("The code “{code}” already appears on row {row}."),
                        code=code,
                        row=first_row[code],
                    ),
                )
            else:
                first_row[code] = row.number
        return set(first_row)

    @staticmethod
    def _parents_in_database(units: Iterable[Unit]) -> dict[str, str | None]:
        """Code → parent code of the given units and all their ancestors, as the database has them now."""
        units = list(units)
        by_pk: dict[int, tuple[str, int | None]] = {
            unit.pk: (unit.code, unit.parent_id) for unit in units
        }
        missing = {pk for unit in units for pk in unit.ancestor_ids()} - set(by_pk)
        for batch in chunked(missing):
            for pk, code, parent_id in Unit.objects.filter(pk__in=batch).values_list(
                "pk", "code", "parent_id"
            ):
                by_pk[pk] = (code, parent_id)
        return {
            code: by_pk[parent_id][0] if parent_id is not None and parent_id in by_pk else None
            for code, parent_id in by_pk.values()
        }

    def _resolve_parents(
        self,
        preview: Preview[PlannedUnit],
        planned: dict[str, PlannedUnit],
        existing: dict[str, Unit],
        file_codes: set[str],
        db_parents: dict[str, str | None],
    ) -> None:
        for unit in list(planned.values()):
            unit.existing = existing.get(unit.code)
            if (
                unit.existing is None
                and "name_th" not in unit.values
                and not preview.has_error(unit.row_number, "name_th")
            ):
                preview.reject(unit.row_number, "name_th", _("A new unit needs a name in Thai."))
            if not unit.parent_code:
                unit.final_parent = db_parents.get(unit.code) if unit.existing else None
            elif unit.parent_code == unit.code:
                preview.reject(
                    unit.row_number, "parent_code", _("A unit cannot be its own parent.")
                )
            elif unit.parent_code not in file_codes and unit.parent_code not in existing:
                preview.reject(
                    unit.row_number,
                    "parent_code",
                    format_lazy(
                        _("No unit has the code “{code}”, neither in this file nor already."),
                        code=unit.parent_code,
                    ),
                )
            else:
                unit.final_parent = unit.parent_code

    @staticmethod
    def _final_parent_of(
        code: str, planned: dict[str, PlannedUnit], db_parents: dict[str, str | None]
    ) -> str | None:
        if code in planned:
            return planned[code].final_parent
        return db_parents.get(code)

    def _reject_cycles(
        self,
        preview: Preview[PlannedUnit],
        planned: dict[str, PlannedUnit],
        db_parents: dict[str, str | None],
    ) -> None:
        for unit in planned.values():
            chain = [unit.code]
            parent = unit.final_parent
            while parent is not None and parent not in chain:
                chain.append(parent)
                parent = self._final_parent_of(parent, planned, db_parents)
            if parent == unit.code:
                preview.reject(
                    unit.row_number,
                    "parent_code",
                    format_lazy(
                        _("The parents go round in a circle: {chain}."),
                        chain=" → ".join([*chain, unit.code]),
                    ),
                )

    def _plan_actions(
        self, planned: dict[str, PlannedUnit], db_parents: dict[str, str | None]
    ) -> None:
        for unit in planned.values():
            if unit.existing is None:
                unit.action = Action.CREATE
                continue
            unit.changes = [
                name for name, value in unit.values.items() if getattr(unit.existing, name) != value
            ]
            if unit.final_parent != db_parents.get(unit.code):
                unit.changes.append("parent")
            unit.action = Action.UPDATE if unit.changes else Action.UNCHANGED

    def _check_permissions(
        self,
        preview: Preview[PlannedUnit],
        planned: dict[str, PlannedUnit],
        existing: dict[str, Unit],
    ) -> None:
        pks = [unit.pk for unit in existing.values()]
        managed: set[int] = set()
        visible: set[int] = set()
        for batch in chunked(pks):
            managed.update(
                self.manageable_units().filter(pk__in=batch).values_list("pk", flat=True)
            )
            visible.update(self.visible_units().filter(pk__in=batch).values_list("pk", flat=True))

        def may_hold_children(code: str) -> bool:
            # a unit this file adds is checked on its own row; an existing one must be managed
            return code not in existing or existing[code].pk in managed

        for unit in planned.values():
            if unit.existing is None:
                if unit.final_parent is None:
                    if unit.parent_code:
                        continue  # an unknown parent: reported already
                    preview.reject(
                        unit.row_number,
                        "parent_code",
                        _("Only a site administrator may add a top-level unit (without a parent)."),
                    )
                elif not may_hold_children(unit.final_parent):
                    preview.reject(
                        unit.row_number,
                        "parent_code",
                        _("You may add units only under units you manage."),
                    )
                continue
            allowed = (
                unit.existing.pk in visible
                if unit.action == Action.UNCHANGED
                else unit.existing.pk in managed
            )
            if not allowed:
                preview.reject(
                    unit.row_number,
                    "code",
                    format_lazy(
                        _("The code “{code}” belongs to a unit you may not change."),
                        code=unit.code,
                    ),
                )
            elif (
                "parent" in unit.changes
                and unit.final_parent is not None
                and not may_hold_children(unit.final_parent)
            ):
                preview.reject(
                    unit.row_number,
                    "parent_code",
                    _("You may move units only under units you manage."),
                )

    def _order(self, preview: Preview[PlannedUnit], db_parents: dict[str, str | None]) -> None:
        """Depth in the final tree, so that saving in that order always finds the parent saved."""
        if not preview.is_valid:
            return
        planned = {unit.code: unit for unit in preview.values()}
        for unit in planned.values():
            depth, parent = 0, unit.final_parent
            while parent is not None and depth <= len(planned):
                if parent in planned:  # a good preview has no cycles
                    depth += 1
                parent = self._final_parent_of(parent, planned, db_parents)
            unit.depth = depth

    def save(self, preview: Preview[PlannedUnit]) -> ImportResult:
        result = ImportResult(dict.fromkeys(self.count_labels, 0))
        planned = sorted(preview.values(), key=lambda unit: (unit.depth, unit.row_number))
        parent_codes = {unit.final_parent for unit in planned if unit.final_parent}
        saved = units_by_code(parent_codes - {unit.code for unit in planned})
        saved.update((unit.code, unit.existing) for unit in planned if unit.existing is not None)
        paths_changed = False
        for unit in planned:
            result.add(unit.action)
            if unit.action == Action.UNCHANGED:
                continue
            parent = saved[unit.final_parent] if unit.final_parent else None
            if paths_changed:  # a move rewrote paths below it: what we hold may be stale
                if parent is not None:
                    parent.refresh_from_db()
                if unit.existing is not None:
                    unit.existing.refresh_from_db()
            try:
                if unit.existing is None:
                    saved[unit.code] = services.create_unit(
                        parent=parent, code=unit.code, **unit.values
                    )
                else:
                    changed = {name: unit.values[name] for name in unit.changes if name != "parent"}
                    saved[unit.code] = services.update_unit(unit.existing, parent=parent, **changed)
            except ValidationError as error:
                raise SaveFailed(unit.row_number, validation_messages(error)) from error
            paths_changed = paths_changed or "parent" in unit.changes
        return result
