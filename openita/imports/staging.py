"""Keeping an uploaded table on the server between the preview and the confirmation.

The table is written as JSON to a file named by a random token under `settings.OPENITA_IMPORT_STAGING_DIR` (default: the
`imports` folder of the data directory), readable only by the person who uploaded it. Confirming reads it back and
checks it again against the database of that moment: nothing the browser sends back is trusted. Once saved, the
rows are dropped from the file (they may hold personal data) and only the result is kept to show; files older than
a day are removed whenever a new one is written.
"""

from __future__ import annotations

import datetime
import json
import os
import re
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils import timezone

from openita.core.tabular import Table

STAGED_LIFETIME = datetime.timedelta(days=1)
TOKEN_PATTERN = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


@dataclass
class StagedImport:
    token: str
    kind: str
    owner_id: int
    filename: str
    default_unit_code: str
    created_at: datetime.datetime
    table: Table | None  # None once saved
    result: dict[str, int] | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "owner_id": self.owner_id,
            "filename": self.filename,
            "default_unit_code": self.default_unit_code,
            "created_at": self.created_at.isoformat(),
            "table": self.table.to_json() if self.table is not None else None,
            "result": self.result,
        }


def staging_dir() -> Path:
    configured = getattr(settings, "OPENITA_IMPORT_STAGING_DIR", None)
    return Path(configured) if configured else Path(settings.DATA_DIR) / "imports"


def _path_for(token: str) -> Path | None:
    if not TOKEN_PATTERN.match(token):
        return None
    return staging_dir() / f"{token}.json"


def _write(staged: StagedImport) -> None:
    path = _path_for(staged.token)
    assert path is not None
    temporary = path.with_suffix(".tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        json.dump(staged.to_json(), file, ensure_ascii=False)
    temporary.replace(path)


def remove_expired(now: datetime.datetime | None = None) -> int:
    """Delete staged files older than `STAGED_LIFETIME`; returns how many."""
    directory = staging_dir()
    if not directory.is_dir():
        return 0
    limit = (now or timezone.now()).timestamp() - STAGED_LIFETIME.total_seconds()
    removed = 0
    for path in directory.glob("*.json"):
        try:
            if path.stat().st_mtime < limit:
                path.unlink()
                removed += 1
        except FileNotFoundError:  # another request removed it first
            continue
    return removed


def stage(
    *, kind: str, owner_id: int, filename: str, table: Table, default_unit_code: str = ""
) -> StagedImport:
    staging_dir().mkdir(parents=True, exist_ok=True)
    remove_expired()
    staged = StagedImport(
        token=secrets.token_urlsafe(32),
        kind=kind,
        owner_id=owner_id,
        filename=Path(filename).name[:255],
        default_unit_code=default_unit_code,
        created_at=timezone.now(),
        table=table,
    )
    _write(staged)
    return staged


def load(token: str, *, kind: str, owner_id: int) -> StagedImport | None:
    """The staged import, or None when it does not exist, has expired, or is someone else's."""
    path = _path_for(token)
    if path is None or not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    created_at = datetime.datetime.fromisoformat(data["created_at"])
    if data["kind"] != kind or data["owner_id"] != owner_id:
        return None
    if timezone.now() - created_at > STAGED_LIFETIME:
        return None
    return StagedImport(
        token=token,
        kind=data["kind"],
        owner_id=data["owner_id"],
        filename=data["filename"],
        default_unit_code=data["default_unit_code"],
        created_at=created_at,
        table=Table.from_json(data["table"]) if data["table"] is not None else None,
        result=data["result"],
    )


def mark_saved(staged: StagedImport, result: dict[str, int]) -> None:
    """Forget the rows, keep what saving did."""
    staged.table = None
    staged.result = dict(result)
    _write(staged)


def discard(staged: StagedImport) -> None:
    path = _path_for(staged.token)
    if path is not None:
        path.unlink(missing_ok=True)
