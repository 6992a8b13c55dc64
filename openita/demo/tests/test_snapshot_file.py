"""The demo's snapshot in a file, shared by the test processes of a run (openita_testing/demo_database.py): read
back, it puts the database as it was; a database of another schema refuses it."""

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from openita_testing import demo_database


def test_a_snapshot_file_puts_the_content_back_and_another_schema_refuses_it(
    transactional_db: None, tmp_path: Path, monkeypatch: Any
) -> None:
    Session.objects.create(
        session_key="snapshot", session_data="kept", expire_date=timezone.now() + timedelta(days=1)
    )
    path = tmp_path / "snapshot"
    demo_database.write(demo_database.take(), path)
    Session.objects.all().delete()
    Session.objects.create(
        session_key="after", session_data="gone", expire_date=timezone.now() + timedelta(days=1)
    )

    demo_database.restore(demo_database.read(path))
    assert list(Session.objects.values_list("session_key", "session_data")) == [
        ("snapshot", "kept")
    ]

    monkeypatch.setattr(demo_database, "schema", lambda: "another schema")
    with pytest.raises(RuntimeError, match="another database schema"):
        demo_database.read(path)


def test_the_process_that_needs_a_moment_second_reads_the_first_ones_file(
    transactional_db: None, tmp_path: Path, monkeypatch: Any, django_db_blocker: Any
) -> None:
    """Two test processes of one run (two `DemoSnapshots` sharing the run's folder): the demo is made once,
    and the second puts the first one's content in place, then its own content before it back."""
    moment = "2026-12-06 09:00 +0700"
    loads: list[str | None] = []

    def load(at: str | None) -> demo_database.Snapshot:  # stands for `loaddemo`
        loads.append(at)
        Session.objects.create(
            session_key="demo", session_data="made", expire_date=timezone.now() + timedelta(days=1)
        )
        return demo_database.take()

    monkeypatch.setattr(demo_database, "_load", load)
    first = demo_database.DemoSnapshots(django_db_blocker, tmp_path)
    first.put_in_place(moment)
    first.put_back()
    assert not Session.objects.exists()

    second = demo_database.DemoSnapshots(django_db_blocker, tmp_path)
    second.put_in_place(moment)
    assert loads == [moment]
    assert list(Session.objects.values_list("session_key", flat=True)) == ["demo"]
    second.put_back()
    assert not Session.objects.exists()
