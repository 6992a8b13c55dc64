"""The demo loaded once per test process and put back in the test database for each test that needs it.

`loaddemo` costs about 10 s of CPU; eleven tests load it for today (docs/adr/0032-speed-shared-demo.md).
A snapshot is the content of every table: on SQLite the whole database through SQLite's online backup
(milliseconds), on PostgreSQL each table's rows through COPY in binary (put back by TRUNCATE then COPY in
one transaction, the sequences moved past the highest ids). `restore` makes the test database hold a
snapshot's content exactly: the demo's for the test, the database as it was before for the tests after it.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from io import StringIO
from typing import Any

import time_machine
from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)


class DemoSnapshots:
    """The test database's content before the demo, and with the demo loaded for each moment asked for
    (None: now, the clock running), each loaded once."""

    def __init__(self, blocker: Any) -> None:
        self.blocker = blocker
        self.before: Snapshot | None = None
        self.loaded: dict[str | None, Snapshot] = {}

    def put_in_place(self, moment: str | None) -> None:
        with self.blocker.unblock():
            if self.before is None:
                self.before = take()
            if moment not in self.loaded:
                try:
                    if moment is None:
                        call_command("loaddemo", "--quiet-logins", stdout=StringIO())
                    else:
                        with time_machine.travel(moment, tick=False):
                            call_command("loaddemo", "--quiet-logins", stdout=StringIO())
                    self.loaded[moment] = take()
                except BaseException:
                    restore(self.before)
                    raise
            restore(self.loaded[moment])

    def put_back(self) -> None:
        assert self.before is not None
        with self.blocker.unblock():
            restore(self.before)


def take() -> Snapshot:
    """The test database's content now (outside any transaction)."""
    _outside_transactions()
    connection.ensure_connection()
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        connection.connection.backup(copy)
        return Snapshot(sqlite=copy)
    if connection.vendor != "postgresql":
        raise NotImplementedError(connection.vendor)
    snapshot = Snapshot()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            with cursor.copy(f"COPY {quote(table)} TO STDOUT (FORMAT BINARY)") as copy:
                snapshot.tables[table] = b"".join(bytes(block) for block in copy)
    return snapshot


def restore(snapshot: Snapshot) -> None:
    """The test database holds the snapshot's content, and only it (content types' cache emptied: a flush
    between two snapshots may have made them again under other ids)."""
    from django.contrib.contenttypes.models import ContentType

    _outside_transactions()
    connection.ensure_connection()
    ContentType.objects.clear_cache()
    if snapshot.sqlite is not None:
        snapshot.sqlite.backup(connection.connection)
        return
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        cursor.execute(f"TRUNCATE {', '.join(quote(table) for table in tables)}")
        for table in tables:
            rows = snapshot.tables.get(table)
            if rows:
                with cursor.copy(f"COPY {quote(table)} FROM STDIN (FORMAT BINARY)") as copy:
                    copy.write(rows)
        models = apps.get_models(include_auto_created=True)
        for statement in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(statement)


def _outside_transactions() -> None:
    name = str(connection.settings_dict["NAME"])
    test_name = (connection.settings_dict.get("TEST") or {}).get("NAME")
    if not (name == test_name or name.startswith("test_") or "memorydb" in name):
        raise RuntimeError(f"not a test database: {name}")
    if connection.in_atomic_block:
        raise RuntimeError(
            "the demo database is put in place before the test's transaction: ask for `demo_db` "
            "before `db`, or only for `demo_db`"
        )
