"""Backups of a whole installation, and their restoring (docs/adr/0007-operations.md, docs/deploy.md).

    manifest = make_backup(Path("/backups/2026-12-06"))
    restore_backup(Path("/backups/2026-12-06"))

A backup is a folder:

    manifest.json          what is in it, with the SHA-256 and size of every other file
    database.sqlite3       SQLite: a consistent copy made through SQLite's online backup API, or
    database.pgdump        PostgreSQL: `pg_dump --format=custom` (a consistent snapshot), restored by pg_restore
    files/media/...        uploaded files (MEDIA_ROOT: measures' evidence)
    files/private/...      private files (OPENITA_PRIVATE_FILES_ROOT: OIT evidence, document batches)

The database is copied first and the files after it, so every file the copied database names is in the
backup while people keep working (a file added in between is copied too and is harmless). Restoring checks
every checksum before it changes anything, and goes only into an empty installation (no data in the database,
no file under the two folders) unless `force` is given, which replaces what is there.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

MANIFEST = "manifest.json"
FORMAT = "openita-backup"
FORMAT_VERSION = 1
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# Tables `migrate` fills by itself: rows there do not make an installation "not empty".
MIGRATE_TABLES = {"django_migrations", "django_content_type", "auth_permission"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class FileRoots:
    """The folders whose files a backup holds, by their name inside the backup's `files/` folder."""

    media: Path
    private: Path

    @classmethod
    def from_settings(cls) -> FileRoots:
        return cls(
            media=Path(settings.MEDIA_ROOT).resolve(),
            private=Path(settings.OPENITA_PRIVATE_FILES_ROOT).resolve(),
        )

    def items(self) -> list[tuple[str, Path]]:
        return [("media", self.media), ("private", self.private)]


# ----------------------------------------------------------------------------------------------------
# Checksums and files


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def files_under(root: Path) -> Iterator[Path]:
    """Every regular file under root, in a stable order (symbolic links are not followed)."""
    if not root.is_dir():
        return
    for folder, dirs, names in os.walk(root):
        dirs.sort()
        for name in sorted(names):
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                yield path


def _unfinished(path: Path) -> bool:
    """A file still being written (an upload's or a batch's temporary file): not part of the backup."""
    return path.name.endswith(".part") and (
        path.name.startswith(".upload-") or path.name.endswith(".zip.part")
    )


def _record(path: Path) -> dict[str, Any]:
    return {"sha256": sha256_of(path), "bytes": path.stat().st_size}


# ----------------------------------------------------------------------------------------------------
# PostgreSQL tools


def _pg_environment(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq's variables for the connection: the password never appears on a command line."""
    params = connection.settings_dict
    env = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        value = params.get(key)
        if value:
            env[variable] = str(value)
    options = params.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    return env


def _server_major(connection: BaseDatabaseWrapper) -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]


def pg_tool(name: str, server_major: int) -> str:
    """The path of pg_dump or pg_restore that can work with a server of this major version.

    OPENITA_PG_BIN_DIR first, then Debian's /usr/lib/postgresql/<major>/bin, then PATH. A pg_dump older than the
    server cannot dump it, so the tool's major version must be at least the server's."""
    candidates = []
    if settings.OPENITA_PG_BIN_DIR:
        candidates.append(Path(settings.OPENITA_PG_BIN_DIR) / name)
    candidates.append(Path(f"/usr/lib/postgresql/{server_major}/bin") / name)
    found = next((str(path) for path in candidates if path.is_file()), None) or shutil.which(name)
    if not found:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL {server_major} client programs "
            "(postgresql-client) or set OPENITA_PG_BIN_DIR."
        )
    output = subprocess.run([found, "--version"], capture_output=True, text=True, check=True).stdout
    match = re.search(r"(\d+)(?:\.\d+)?", output)
    tool_major = int(match.group(1)) if match else 0
    if tool_major < server_major:
        raise BackupError(
            f"{found} is version {tool_major} and the server is PostgreSQL {server_major}: "
            f"install the client programs of PostgreSQL {server_major} or newer, or set OPENITA_PG_BIN_DIR."
        )
    return found


def _run(command: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()}")


# ----------------------------------------------------------------------------------------------------
# Backing up


def _vendor(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(f"openita backs up SQLite and PostgreSQL, not {connection.vendor}.")
    return connection.vendor


def _dump_database(connection: BaseDatabaseWrapper, target: Path) -> dict[str, Any]:
    vendor = _vendor(connection)
    if vendor == "sqlite":
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            connection.connection.backup(destination)
        finally:
            destination.close()
        return {"vendor": vendor, "file": target.name}
    major = _server_major(connection)
    pg_dump = pg_tool("pg_dump", major)
    _run(
        [pg_dump, "--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        _pg_environment(connection),
    )
    return {"vendor": vendor, "file": target.name, "server_major": major}


def make_backup(
    backup_dir: Path,
    connection: BaseDatabaseWrapper | None = None,
    roots: FileRoots | None = None,
) -> dict[str, Any]:
    """Copy the database and the files into backup_dir (absent or empty) and write its manifest."""
    roots = roots or FileRoots.from_settings()
    backup_dir = backup_dir.resolve()
    if backup_dir.exists() and any(backup_dir.iterdir()):
        raise BackupError(f"{backup_dir} is not empty: back up into a new folder.")
    backup_dir.mkdir(parents=True, exist_ok=True)
    connection = connection or connections["default"]
    database_file = backup_dir / DATABASE_FILES[_vendor(connection)]
    database = _dump_database(connection, database_file)

    files: dict[str, dict[str, Any]] = {
        database_file.name: _record(database_file),
    }
    for label, root in roots.items():
        for source in files_under(root):
            if _unfinished(source):
                continue
            relative = Path("files") / label / source.relative_to(root)
            target = backup_dir / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)
            files[relative.as_posix()] = _record(target)

    manifest = {
        "format": FORMAT,
        "version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(),
        "database": database,
        "files": files,
    }
    (backup_dir / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return manifest


# ----------------------------------------------------------------------------------------------------
# Restoring


def read_manifest(backup_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((backup_dir / MANIFEST).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BackupError(
            f"{backup_dir} holds no {MANIFEST}: it is not an openita backup."
        ) from None
    except ValueError as error:
        raise BackupError(f"{MANIFEST} cannot be read: {error}") from None
    if manifest.get("format") != FORMAT or manifest.get("version") != FORMAT_VERSION:
        raise BackupError(f"{MANIFEST} is not an openita backup of version {FORMAT_VERSION}.")
    return manifest


def verify_backup(backup_dir: Path) -> dict[str, Any]:
    """The manifest, once every file it lists is there with its checksum and no other file is."""
    backup_dir = backup_dir.resolve()
    manifest = read_manifest(backup_dir)
    listed = manifest["files"]
    problems = []
    for name, expected in sorted(listed.items()):
        path = (backup_dir / name).resolve()
        if not path.is_relative_to(backup_dir):
            problems.append(f"{name}: outside the backup")
        elif not path.is_file():
            problems.append(f"{name}: missing")
        elif path.stat().st_size != expected["bytes"] or sha256_of(path) != expected["sha256"]:
            problems.append(f"{name}: checksum does not match")
    present = {
        path.relative_to(backup_dir).as_posix()
        for path in files_under(backup_dir)
        if path.name != MANIFEST or path.parent != backup_dir
    }
    problems.extend(f"{name}: not in the manifest" for name in sorted(present - set(listed)))
    if problems:
        raise BackupError(
            "The backup is damaged; nothing was restored:\n  " + "\n  ".join(problems)
        )
    return manifest


def rows_outside_migrate(connection: BaseDatabaseWrapper) -> int:
    """How many rows the database holds beyond what `migrate` writes by itself."""
    total = 0
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            if table in MIGRATE_TABLES:
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            total += cursor.fetchone()[0]
    return total


def _drop_everything(connection: BaseDatabaseWrapper) -> None:
    """Remove every table (and left-over sequence) so that pg_restore starts from nothing."""
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if tables:
            names = ", ".join(connection.ops.quote_name(table) for table in tables)
            cursor.execute(f"DROP TABLE IF EXISTS {names} CASCADE")
        cursor.execute(
            "SELECT sequence_name FROM information_schema.sequences "
            "WHERE sequence_schema = current_schema()"
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(f"DROP SEQUENCE IF EXISTS {connection.ops.quote_name(sequence)}")


def _restore_database(
    connection: BaseDatabaseWrapper, source: Path, database: dict[str, Any]
) -> None:
    vendor = _vendor(connection)
    if database["vendor"] != vendor:
        raise BackupError(
            f"This backup holds a {database['vendor']} database; the installation uses {vendor}."
        )
    if vendor == "sqlite":
        connection.ensure_connection()
        backup = sqlite3.connect(source)
        try:
            backup.backup(connection.connection)
        finally:
            backup.close()
        return
    major = _server_major(connection)
    pg_restore = pg_tool("pg_restore", major)
    _drop_everything(connection)
    if not connection.in_atomic_block:
        connection.close()  # the restored tables are new: no cached statement may outlive them
    env = _pg_environment(connection)
    _run(
        [
            pg_restore,
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={env.get('PGDATABASE', '')}",
            str(source),
        ],
        env,
    )


def _empty_folder(root: Path) -> None:
    if not root.is_dir():
        return
    for child in root.iterdir():
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()


def restore_backup(
    backup_dir: Path,
    connection: BaseDatabaseWrapper | None = None,
    roots: FileRoots | None = None,
    force: bool = False,
) -> dict[str, Any]:
    """Check the backup, then put its database and files in place of an empty installation's."""
    roots = roots or FileRoots.from_settings()
    backup_dir = backup_dir.resolve()
    manifest = verify_backup(backup_dir)
    connection = connection or connections["default"]
    _vendor(connection)
    if not force:
        rows = rows_outside_migrate(connection)
        files = [path for _label, root in roots.items() for path in files_under(root)]
        if rows or files:
            raise BackupError(
                f"This installation is not empty ({rows} rows, {len(files)} files): restore into an "
                "empty one, or give --force to replace everything in it."
            )
    _restore_database(connection, backup_dir / manifest["database"]["file"], manifest["database"])
    for label, root in roots.items():
        _empty_folder(root)
        prefix = f"files/{label}/"
        for name in manifest["files"]:
            if name.startswith(prefix):
                target = root / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(backup_dir / name, target)
    return manifest
