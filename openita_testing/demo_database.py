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

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection, transaction


@dataclass
class Snapshot:
    sqlite: sqlite3.Connection | None = None
    tables: dict[str, bytes] = field(default_factory=dict)


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
    """The test database holds the snapshot's content, and only it."""
    _outside_transactions()
    connection.ensure_connection()
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
    test_name = connection.creation._get_test_db_name()
    if connection.settings_dict["NAME"] != test_name:
        raise RuntimeError(f"not the test database: {connection.settings_dict['NAME']}")
    if connection.in_atomic_block:
        raise RuntimeError(
            "the demo database is put in place before the test's transaction: ask for `demo_db` "
            "before `db`, or only for `demo_db`"
        )
