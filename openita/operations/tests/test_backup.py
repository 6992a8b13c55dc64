"""`openita backup` and `openita restore`: a round trip into a separate, new database compares every table
(row count and a hash of the content) and every file; a damaged backup or a full installation is refused."""

import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import load_backend

from openita.operations.backup import (
    BackupError,
    FileRoots,
    make_backup,
    pg_tool,
    restore_backup,
    verify_backup,
)

# Outside a transaction, as in real use: SQLite cannot copy a database while its own connection holds a write.
pytestmark = pytest.mark.django_db(transaction=True)


def table_digests(connection: BaseDatabaseWrapper) -> dict[str, tuple[int, str]]:
    """Every table's row count and a hash of its rows, independent of their order."""
    digests = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows = sorted(repr(row) for row in cursor.fetchall())
            digests[table] = (len(rows), hashlib.sha256("\n".join(rows).encode()).hexdigest())
    return digests


def file_digests(root: Path) -> dict[str, str]:
    return {
        str(path.relative_to(root)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


@contextmanager
def new_database(tmp_path: Path) -> Iterator[BaseDatabaseWrapper]:
    """A second, empty database of the same engine under the alias "new", removed afterwards (not registered in `connections`: Django's tests allow it)."""
    base = dict(connections["default"].settings_dict)
    backend = load_backend(base["ENGINE"])
    if base["ENGINE"].endswith("sqlite3"):
        restored = backend.DatabaseWrapper({**base, "NAME": str(tmp_path / "new.sqlite3")}, "new")
        try:
            yield restored
        finally:
            restored.close()
        return

    import psycopg

    name = f"{base['NAME']}_restored_{uuid.uuid4().hex[:8]}"
    admin = psycopg.connect(
        host=base["HOST"] or None,
        port=base["PORT"] or None,
        user=base["USER"] or None,
        password=base["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    )
    admin.execute(f'CREATE DATABASE "{name}"')
    restored = backend.DatabaseWrapper({**base, "NAME": name}, "new")
    try:
        yield restored
    finally:
        restored.close()
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture
def roots(tmp_path: Path, settings) -> FileRoots:
    """Uploaded and private files of several kinds, in nested folders."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.OPENITA_PRIVATE_FILES_ROOT = tmp_path / "private"
    files = {
        settings.MEDIA_ROOT / "measures/evidence/2026/12/รายงาน.pdf": b"%PDF-1.7 report",
        settings.MEDIA_ROOT / "measures/evidence/2026/12/photo.jpg": os.urandom(3000),
        settings.OPENITA_PRIVATE_FILES_ROOT / "oit/7/ab/ab12.pdf": b"%PDF-1.7 private",
        settings.OPENITA_PRIVATE_FILES_ROOT / "document-batches/batch-1.zip": os.urandom(5000),
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return FileRoots.from_settings()


def test_round_trip_restores_every_table_and_every_file(world, roots, tmp_path) -> None:
    before_tables = table_digests(connections["default"])
    assert before_tables["units_unit"][0] == 4  # the world's units are there to be compared
    before_files = {label: file_digests(root) for label, root in roots.items()}

    backup_dir = tmp_path / "backup"
    manifest = make_backup(backup_dir)
    assert len(manifest["files"]) == 1 + 4
    assert json.loads((backup_dir / "manifest.json").read_text())["files"] == manifest["files"]

    target_roots = FileRoots(media=tmp_path / "new-media", private=tmp_path / "new-private")
    with new_database(tmp_path) as restored:
        restore_backup(backup_dir, restored, roots=target_roots)
        assert table_digests(restored) == before_tables
    assert {label: file_digests(root) for label, root in target_roots.items()} == before_files


def test_a_damaged_backup_is_refused_before_anything_changes(world, roots, tmp_path) -> None:
    backup_dir = tmp_path / "backup"
    make_backup(backup_dir)
    (backup_dir / "files/private/oit/7/ab/ab12.pdf").write_bytes(b"%PDF-1.7 tampered")
    (backup_dir / "files/media/extra.txt").write_text("not listed")
    target_roots = FileRoots(media=tmp_path / "new-media", private=tmp_path / "new-private")
    with pytest.raises(BackupError) as error:
        restore_backup(backup_dir, roots=target_roots, force=True)
    assert "files/private/oit/7/ab/ab12.pdf: checksum does not match" in str(error.value)
    assert "files/media/extra.txt: not in the manifest" in str(error.value)
    assert not target_roots.media.exists()
    assert table_digests(connections["default"])["units_unit"][0] == 4


def test_an_installation_with_data_or_files_is_refused_without_force(world, roots, tmp_path):
    backup_dir = tmp_path / "backup"
    call_command("backup", str(backup_dir))
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(backup_dir))
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(backup_dir))
    verify_backup(backup_dir)


def test_pg_dump_older_than_the_server_is_refused(tmp_path, settings) -> None:
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 14.12'\n")
    fake.chmod(0o755)
    settings.OPENITA_PG_BIN_DIR = str(tmp_path)
    with pytest.raises(BackupError, match="version 14 and the server is PostgreSQL 15"):
        pg_tool("pg_dump", 15)
    assert pg_tool("pg_dump", 13) == str(fake)


def test_force_replaces_an_installation_that_holds_data(world, roots, tmp_path) -> None:
    from openita.units import services as unit_services

    backup_dir = tmp_path / "backup"
    make_backup(backup_dir)
    backed_up_tables = table_digests(connections["default"])
    backed_up_files = {label: file_digests(root) for label, root in roots.items()}
    unit_services.create_unit(code="made-after", name_th="หน่วยใหม่", unit_type="provincial")
    (roots.media / "later.txt").write_text("made after the backup")

    call_command("restore", str(backup_dir), "--force")

    assert table_digests(connections["default"]) == backed_up_tables
    assert {label: file_digests(root) for label, root in roots.items()} == backed_up_files
