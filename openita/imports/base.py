"""What every importer shares: its columns, who acts, the preview, and saving all rows in one transaction.

An importer turns a `Table` (see `openita.core.tabular`) into a `Preview` whose good rows are planned changes,
each with an `Action`; `run` saves them only when no row is bad, and all in one transaction.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from openita.accounts.authz import is_site_admin, manageable_units, visible_units
from openita.accounts.models import User
from openita.core.tabular import Preview, Table, TableLimits, read_table
from openita.units.models import Unit, UnitQuerySet

# Chunk size for `__in` lookups, well under every database's limit on query parameters.
IN_CHUNK = 500


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"

    @property
    def label(self) -> Promise:
        return ACTION_LABELS[self]


ACTION_LABELS: dict[Action, Promise] = {
    Action.CREATE: _("new"),
    Action.UPDATE: _("changed"),
    Action.UNCHANGED: _("unchanged"),
}


class Planned(Protocol):
    """A good row's cleaned value: what saving it will do."""

    @property
    def action(self) -> Action: ...


P = TypeVar("P", bound=Planned)


@dataclass(frozen=True)
class Column:
    """A column an importer reads. `required`: the header must have it (a cell may still be blank where the
    importer allows). `example` fills the template's example row."""

    name: str
    description: str | Promise
    required: bool = False
    example: str = ""


@dataclass
class ImportResult:
    """What saving did, as counts by name (see `Importer.count_labels`)."""

    counts: dict[str, int] = field(default_factory=dict)

    def add(self, name: str, amount: int = 1) -> None:
        self.counts[name] = self.counts.get(name, 0) + amount


class SaveFailed(Exception):
    """A row that passed the preview was refused while saving (the database changed in between); nothing
    was saved."""

    def __init__(self, row_number: int, messages: Sequence[str]) -> None:
        super().__init__(f"row {row_number}: {'; '.join(messages)}")
        self.row_number = row_number
        self.messages = list(messages)


def validation_messages(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [
            f"{name}: {message}"
            for name, messages in error.message_dict.items()
            for message in messages
        ]
    return list(error.messages)


def chunked(values: Iterable[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


class Importer(ABC, Generic[P]):
    """Reads one kind of table. `actor` is the person importing, or None for the system (commands), which may
    import anywhere. `default_unit` fills a blank unit code, for imports started from a unit's page."""

    kind: ClassVar[str]
    title: ClassVar[str | Promise]
    columns: ClassVar[tuple[Column, ...]]
    count_labels: ClassVar[dict[str, str | Promise]]
    limits: ClassVar[TableLimits] = TableLimits()
    do_not_call_in_templates: ClassVar[bool] = True  # templates receive the class itself
    site_url: str = ""  # the site's address for links in e-mails (people: new addresses to confirm)

    def __init__(self, actor: User | None, *, default_unit: Unit | None = None) -> None:
        self.actor = actor
        self.default_unit = default_unit

    @property
    def acts_as_site_admin(self) -> bool:
        return self.actor is None or is_site_admin(self.actor)

    def manageable_units(self) -> UnitQuerySet:
        return Unit.objects.all() if self.actor is None else manageable_units(self.actor)

    def visible_units(self) -> UnitQuerySet:
        return Unit.objects.all() if self.actor is None else visible_units(self.actor)

    def managed_units_by_code(self, codes: Iterable[str]) -> dict[str, Unit]:
        """The units with these codes that the actor manages."""
        units: dict[str, Unit] = {}
        for batch in chunked(sorted(set(codes))):
            units.update(
                (unit.code, unit) for unit in self.manageable_units().filter(code__in=batch)
            )
        return units

    @staticmethod
    def managed_unit_for_row(
        preview: Preview[Any], row_number: int, units: dict[str, Unit], code: str
    ) -> Unit | None:
        """The managed unit a row's `unit_code` names, or None after marking the row bad."""
        unit = units.get(code)
        if unit is None:
            preview.reject(
                row_number,
                "unit_code",
                format_lazy(_("None of the units you manage has the code “{code}”."), code=code),
            )
        return unit

    @classmethod
    def required_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if column.required]

    @classmethod
    def optional_columns(cls) -> list[str]:
        return [column.name for column in cls.columns if not column.required]

    def read(self, data: bytes, *, filename: str = "", sheet: str | None = None) -> Table:
        """Raises `TableError`."""
        return read_table(
            data,
            filename=filename,
            required=self.required_columns(),
            optional=self.optional_columns(),
            sheet=sheet,
            limits=self.limits,
        )

    @abstractmethod
    def preview(self, table: Table) -> Preview[P]:
        """Check every row against the file and the database; write nothing."""

    @abstractmethod
    def save(self, preview: Preview[P]) -> ImportResult:
        """Write the good rows of a valid preview (called inside a transaction by `run`)."""

    def run(
        self,
        table: Table,
        *,
        dry_run: bool = False,
        on_checked: Callable[[], None] | None = None,
    ) -> tuple[Preview[P], ImportResult | None]:
        """Preview, then save everything in one transaction when every row is good (and not `dry_run`).
        Raises `SaveFailed` when saving was refused after all; nothing is saved then. `on_checked` is told
        when the rows are checked and saving starts (the progress of a background import)."""
        preview = self.preview(table)
        if not preview.is_valid or dry_run:
            return preview, None
        if on_checked is not None:
            on_checked()
        with transaction.atomic():
            result = self.save(preview)
        return preview, result

    def planned_counts(self, preview: Preview[P]) -> dict[Action, int]:
        counts = dict.fromkeys(Action, 0)
        for value in preview.values():
            counts[value.action] += 1
        return counts
