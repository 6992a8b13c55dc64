"""The demo loaded once per test run and put back in the test database for each test that needs it.

`loaddemo` costs about 10 s of CPU; eleven tests load it for today (docs/adr/0032-speed-shared-demo.md).
A snapshot is the content of every table: on SQLite the whole database through SQLite's online backup
(milliseconds), on PostgreSQL each table's rows through COPY in binary (put back by TRUNCATE then COPY in
one transaction, the sequences moved past the highest ids). `restore` makes the test database hold a
snapshot's content exactly: the demo's for the test, the database as it was before for the tests after it.

Under pytest-xdist the processes of one run share each moment's demo (docs/adr/0032-speed-shared-demo.md,
addendum): the first process that needs it loads it and writes its snapshot to a file in the run's temporary
folder (a SQLite database file, or on PostgreSQL the tables' binary COPY data pickled), under a lock; the others
read the file instead of loading the demo again. A file is read only into a database of the same schema.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
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

    def __init__(self, blocker: Any, shared_folder: Path | None = None) -> None:
        """`shared_folder`: the run's temporary folder that every test process of the run sees (None: this
        process loads the demo itself)."""
        self.blocker = blocker
        self.shared_folder = shared_folder
        self.before: Snapshot | None = None
        self.loaded: dict[str | None, Snapshot] = {}

    def put_in_place(self, moment: str | None) -> None:
        with self.blocker.unblock():
            if self.before is None:
                self.before = take()
            if moment not in self.loaded:
                try:
                    self.loaded[moment] = self._demo_at(moment)
                except BaseException:
                    restore(self.before)
                    raise
            restore(self.loaded[moment])

    def _demo_at(self, moment: str | None) -> Snapshot:
        """The demo's snapshot at this moment: read from the run's shared file when another process already
        wrote it, else loaded here (and written there for the others)."""
        if self.shared_folder is None:
            return _load(moment)
        path = self.shared_folder / _file_name(moment)
        with _locked(path.with_name(path.name + ".lock")):
            if path.exists():
                return read(path)
            snapshot = _load(moment)
            write(snapshot, path)
            return snapshot

    def put_back(self) -> None:
        assert self.before is not None
        with self.blocker.unblock():
            restore(self.before)


def _load(moment: str | None) -> Snapshot:
    if moment is None:
        call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    else:
        with time_machine.travel(moment, tick=False):
            call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    return take()


def _file_name(moment: str | None) -> str:
    name = "today" if moment is None else hashlib.sha256(moment.encode()).hexdigest()[:16]
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pickle"
    return f"openita-demo-{name}.{suffix}"


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """The lock of one moment's file between the test processes of the run (an advisory lock on Linux)."""
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def schema() -> str:
    """A fingerprint of the test database's schema: every table with its columns and their types."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        else:
            cursor.execute(
                "SELECT table_name, column_name, data_type FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
            )
        rows = cursor.fetchall()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


def write(snapshot: Snapshot, path: Path) -> None:
    """The snapshot in a file (written beside it, then moved in place: a reader never sees half of it),
    with the fingerprint of the schema it belongs to."""
    partial = path.with_name(path.name + ".partial")
    if snapshot.sqlite is not None:
        partial.unlink(missing_ok=True)
        target = sqlite3.connect(partial)
        try:
            snapshot.sqlite.backup(target)
        finally:
            target.close()
        path.with_name(path.name + ".schema").write_text(schema())
    else:
        partial.write_bytes(pickle.dumps({"schema": schema(), "tables": snapshot.tables}))
    os.replace(partial, path)


def read(path: Path) -> Snapshot:
    """The snapshot another test process of the run wrote; refused if its schema is not this database's."""
    if connection.vendor == "sqlite":
        written = path.with_name(path.name + ".schema").read_text()
        source = sqlite3.connect(path)
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        try:
            source.backup(copy)
        finally:
            source.close()
        snapshot = Snapshot(sqlite=copy)
    else:
        content = pickle.loads(path.read_bytes())  # written by this run's own test process
        written = content["schema"]
        snapshot = Snapshot(tables=content["tables"])
    if written != schema():
        raise RuntimeError(f"{path} holds a demo of another database schema")
    return snapshot


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
