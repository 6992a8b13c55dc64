"""What a fixture writes to the database, made once per test process and put back for each test after it.

`make_world()` writes 47 rows through the services, every check and audit entry included: about 40 ms, and
about a third of the tests ask for it. The first time, `RowReplay.made` runs the maker in the test's
transaction and keeps what it added: the new rows of each table (above the table's highest id before), the
on-commit callbacks it registered, and a copy of what it returned. A later test whose database is in the same
state (each table's row count and highest id the same, the same local date) gets those rows back with one
INSERT per table, its own copy of the value and the same on-commit callbacks (they hold ids, which are the
same; in a test's transaction they never run, but a service may look whether one is registered): what the
maker would have made, in about 2 ms. The date-times the maker stamped while it ran (its "now") are moved by
the time passed since, in the rows and in the copy; the others (a deadline it was given) stay as they were.

The maker is called instead when the database is not in a transaction (a transactional test commits, and then
the audit entries are sealed), when it saved a row that was there before it, or when it removed rows or added
rows to a table whose key is not an integer. A maker must make the same rows from the same state on the same
day, and change rows only through `save()` (an `update()` of rows that were there before it goes unseen).
docs/adr/0020-cleanup-test-speed.md (addendum 3) has the measurements.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.apps import apps
from django.db import connection, models, transaction
from django.db.models.signals import pre_save
from django.utils import timezone

T = TypeVar("T")
INTEGER_KEYS = (models.AutoField, models.BigAutoField, models.SmallAutoField, models.IntegerField)


@dataclass(frozen=True)
class _Table:
    model: type[models.Model]
    integer_key: bool


@dataclass(frozen=True)
class _Rows:
    model: type[models.Model]
    fields: list[models.Field[Any, Any]]
    values: list[tuple[Any, ...]]
    top: int  # the highest id among them


@dataclass
class _Made(Generic[T]):
    value: T
    rows: list[_Rows]
    callbacks: list[tuple[Callable[[], Any], bool]]
    started: datetime.datetime  # the maker's run: the date-times it stamped lie between the two
    finished: datetime.datetime

    def moved(self, value: Any, by: datetime.timedelta) -> Any:
        """A date-time stamped while the maker ran, moved by `by`; any other value as it is."""
        if isinstance(value, datetime.datetime) and self.started <= value <= self.finished:
            return value + by
        return value


def _tables() -> list[_Table]:
    seen: dict[str, _Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.managed and not meta.proxy and not meta.parents and meta.db_table not in seen:
            key = getattr(meta.pk, "target_field", meta.pk)  # a one-to-one key: its target's
            seen[meta.db_table] = _Table(model, isinstance(key, INTEGER_KEYS))
    return list(seen.values())


def _state(tables: list[_Table]) -> tuple[tuple[int, Any], ...]:
    """Each table's row count and highest key (as text: one query over keys of every type), in the order of
    `tables` (a UNION ALL keeps no order of its own: PostgreSQL may run its parts in parallel)."""
    quote = connection.ops.quote_name
    parts = []
    for position, table in enumerate(tables):
        key = quote(table.model._meta.pk.column)
        top = f"CAST(MAX({key}) AS TEXT)" if table.integer_key else f"MAX(CAST({key} AS TEXT))"
        parts.append(f"SELECT {position}, COUNT(*), {top} FROM {quote(table.model._meta.db_table)}")
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts) + " ORDER BY 1")
        return tuple((count, top) for _position, count, top in cursor.fetchall())


class RowReplay:
    """The rows a maker adds, kept per database state and day (one instance per maker)."""

    def __init__(self) -> None:
        self._tables: list[_Table] | None = None
        self._made: dict[tuple[Any, ...], _Made[Any] | None] = {}
        self._sequences: dict[str, str | None] = {}  # PostgreSQL: each table's id sequence

    def made(self, maker: Callable[[], T]) -> T:
        if not connection.in_atomic_block:
            return maker()
        if self._tables is None:
            self._tables = _tables()
        before = _state(self._tables)
        key = (before, timezone.localdate())
        if key in self._made:
            kept = self._made[key]
            return maker() if kept is None else self._replay(kept)
        callbacks_before = len(connection.run_on_commit)
        started = timezone.now()
        tops = {
            table.model._meta.db_table: top
            for table, (_count, top) in zip(self._tables, before, strict=True)
        }
        changed: list[models.Model] = []

        def note_change(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
            top = tops.get(sender._meta.db_table)
            existed = top is not None and (
                not isinstance(instance.pk, int) or instance.pk <= int(top)
            )
            if not instance._state.adding and existed:
                changed.append(instance)

        pre_save.connect(note_change, weak=False)
        try:
            value = maker()
        finally:
            pre_save.disconnect(note_change)
        kept = None if changed else self._keep(value, before, callbacks_before, started)
        self._made[key] = kept
        return value

    def _keep(
        self,
        value: T,
        before: tuple[tuple[int, Any], ...],
        callbacks_before: int,
        started: datetime.datetime,
    ) -> _Made[T] | None:
        """What the maker added, or None when putting it back could differ from making it."""
        assert self._tables is not None
        # Each registered callback as (savepoints, callback, robust).
        registered: list[Any] = connection.run_on_commit[callbacks_before:]
        callbacks = [(callback, robust) for _savepoints, callback, robust in registered]
        rows = []
        after = _state(self._tables)
        for table, (count_before, top_before), (count_after, top_after) in zip(
            self._tables, before, after, strict=True
        ):
            if (count_after, top_after) == (count_before, top_before):
                continue
            if not table.integer_key:
                return None
            fields = list(table.model._meta.concrete_fields)
            new = table.model._base_manager.order_by("pk")
            if top_before is not None:
                new = new.filter(pk__gt=int(top_before))
            values = list(new.values_list(*(field.attname for field in fields)))
            if not values or count_before + len(values) != count_after:
                return None  # rows removed, or added below the highest key
            key = fields.index(table.model._meta.pk)
            rows.append(_Rows(table.model, fields, values, max(row[key] for row in values)))
        return _Made(copy.deepcopy(value), rows, callbacks, started, timezone.now())

    def _replay(self, kept: _Made[T]) -> T:
        moved_by = timezone.now() - kept.started
        for rows in kept.rows:
            attnames = [field.attname for field in rows.fields]
            objects = [
                rows.model(
                    **{
                        name: kept.moved(value, moved_by)
                        for name, value in zip(attnames, row, strict=True)
                    }
                )
                for row in rows.values
            ]
            rows.model._base_manager._insert(objects, fields=rows.fields, raw=True)  # type: ignore[attr-defined]
        if connection.vendor == "postgresql":
            self._keep_sequences_ahead(kept.rows)
        for callback, robust in kept.callbacks:
            transaction.on_commit(callback, robust=robust)
        memo: dict[int, Any] = {}
        value = copy.deepcopy(kept.value, memo)
        for instance in memo.values():
            if isinstance(instance, models.Model):
                for field in instance._meta.concrete_fields:
                    if isinstance(field, models.DateTimeField):
                        old = getattr(instance, field.attname)
                        setattr(instance, field.attname, kept.moved(old, moved_by))
        return value

    def _keep_sequences_ahead(self, kept: list[_Rows]) -> None:
        """On PostgreSQL a sequence is not rolled back with the rows: it is already past the ids put back,
        unless something reset it since (the demo's snapshot does). Moved forward only when behind: the rows a
        test makes itself get new ids, as without replaying."""
        with connection.cursor() as cursor:
            for rows in kept:
                meta = rows.model._meta
                if meta.db_table not in self._sequences:
                    cursor.execute(
                        "SELECT pg_get_serial_sequence(%s, %s)", [meta.db_table, meta.pk.column]
                    )
                    self._sequences[meta.db_table] = cursor.fetchone()[0]
                sequence = self._sequences[meta.db_table]
                if sequence is not None:
                    cursor.execute(
                        f"SELECT setval(%s, GREATEST(%s, last_value)) FROM {sequence}",
                        [sequence, rows.top],
                    )
