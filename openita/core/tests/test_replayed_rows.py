"""The test world made once per process and put back for each test (openita_testing/replayed_rows.py): the
rows put back are the rows the maker wrote, and the maker runs again whenever putting back could differ."""

import datetime
from typing import Any

import pytest
import time_machine
from django.db import connection, transaction
from django.utils import timezone

from openita.accounts.models import Membership, User
from openita.audit import chain
from openita.audit.models import AuditEntry
from openita.conftest import World, make_world
from openita.units.models import Line, Unit
from openita_testing.replayed_rows import RowReplay

MODELS: tuple[Any, ...] = (Unit, Line, User, Membership, AuditEntry)


def rows() -> dict[str, list[dict[str, Any]]]:
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS}


LAST_LOGIN = datetime.datetime(2026, 1, 5, 8, 30, tzinfo=datetime.UTC)


def sealing() -> bool:
    """Whether the audit chain's seal waits for the commit."""
    registered: list[Any] = connection.run_on_commit  # (savepoints, callback, robust)
    return any(entry[1] is chain._seal for entry in registered)


class CountingMaker:
    """`make_world`, counting its calls; the officer last logged in at a given moment, not "now"."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self) -> World:
        self.calls += 1
        world = make_world()
        officer = world.user("officer")
        officer.last_login = LAST_LOGIN
        officer.save(update_fields=["last_login"])
        return world


def made_then_rolled_back(replay: RowReplay, maker: CountingMaker) -> tuple[World, dict[str, Any]]:
    with transaction.atomic():
        world = replay.made(maker)
        written = rows()
        transaction.set_rollback(True)
    return world, written


@pytest.mark.django_db
def test_the_rows_put_back_are_the_rows_the_maker_wrote_moved_to_now() -> None:
    replay, maker = RowReplay(), CountingMaker()
    start = datetime.datetime(2026, 11, 20, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        made, written = made_then_rolled_back(replay, maker)
    assert rows()["User"] == []
    with time_machine.travel(start + datetime.timedelta(hours=1), tick=False):
        again = replay.made(maker)
    assert maker.calls == 1
    put_back = rows()
    assert sum(len(table) for table in put_back.values()) == 47
    hour = datetime.timedelta(hours=1)
    for name, table in written.items():
        assert len(put_back[name]) == len(table), name
        for before, after in zip(table, put_back[name], strict=True):
            for column, value in before.items():
                stamped = isinstance(value, datetime.datetime) and value != LAST_LOGIN
                assert after[column] == (value + hour if stamped else value), (name, column)
    assert {p: u.pk for p, u in again.people.items() if u} == {
        p: u.pk for p, u in made.people.items() if u
    }
    officer = again.user("officer")
    assert officer is not made.user("officer")
    assert officer.date_joined == made.user("officer").date_joined + hour
    assert officer.last_login == LAST_LOGIN
    stored = User.objects.get(pk=officer.pk)
    assert (stored.date_joined, stored.last_login) == (officer.date_joined, LAST_LOGIN)
    assert again.station.parent_id == again.province.pk


@pytest.mark.django_db
def test_the_audit_entries_put_back_are_sealed_on_commit_like_the_ones_written() -> None:
    replay, maker = RowReplay(), CountingMaker()
    made_then_rolled_back(replay, maker)
    assert not sealing()
    replay.made(maker)
    assert maker.calls == 1
    assert AuditEntry.objects.filter(seq=None).count() == 24
    assert sealing()


@pytest.mark.django_db
def test_the_maker_runs_again_when_the_database_or_the_day_differs() -> None:
    replay, maker = RowReplay(), CountingMaker()
    made_then_rolled_back(replay, maker)
    with transaction.atomic():
        Unit.objects.create(code="first", name_th="หน่วยก่อน", path="0009")
        made_then_rolled_back(replay, maker)
        transaction.set_rollback(True)
    assert maker.calls == 2
    with time_machine.travel(timezone.now() + datetime.timedelta(days=1), tick=False):
        made_then_rolled_back(replay, maker)
    assert maker.calls == 3
    made_then_rolled_back(replay, maker)
    assert maker.calls == 3


@pytest.mark.django_db
def test_a_maker_that_removes_rows_is_called_every_time() -> None:
    Unit.objects.create(code="gone", name_th="หน่วยที่ถูกลบ", path="0009")
    replay, calls = RowReplay(), []

    def remove_then_make() -> World:
        calls.append(1)
        Unit.objects.filter(code="gone").delete()
        return make_world()

    for _ in range(2):
        with transaction.atomic():
            replay.made(remove_then_make)
            transaction.set_rollback(True)
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_a_transactional_test_gets_a_world_made_for_it() -> None:
    replay, maker = RowReplay(), CountingMaker()
    replay.made(maker)
    assert maker.calls == 1
    assert User.objects.count() == 9


@pytest.mark.django_db
def test_a_maker_that_changes_a_row_made_before_it_is_called_every_time(world: World) -> None:
    replay, calls = RowReplay(), []

    def rename_then_add() -> None:
        calls.append(1)
        officer = User.objects.get(pk=world.user("officer").pk)
        officer.first_name = "Renamed"
        officer.save()
        Unit.objects.create(code="added", name_th="หน่วยใหม่", path="0009")

    for _ in range(2):
        with transaction.atomic():
            replay.made(rename_then_add)
            assert User.objects.get(pk=world.user("officer").pk).first_name == "Renamed"
            transaction.set_rollback(True)
    assert len(calls) == 2


@pytest.mark.django_db
def test_the_rows_a_test_makes_after_the_replay_get_new_ids() -> None:
    replay, maker = RowReplay(), CountingMaker()
    made_then_rolled_back(replay, maker)
    behind = (
        connection.vendor == "postgresql"
    )  # a sequence behind the ids put back, as a snapshot may leave it
    if behind:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_get_serial_sequence('units_unit', 'id')")
            sequence = cursor.fetchone()[0]
            cursor.execute(f"SELECT last_value FROM {sequence}")
            was = cursor.fetchone()[0]
            cursor.execute("SELECT setval(%s, 1)", [sequence])
    try:
        world = replay.made(maker)
        new = Unit.objects.create(code="new", name_th="หน่วยใหม่", path="0009")
    finally:
        if behind:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, last_value)) FROM " + sequence, [sequence, was]
                )
    units = (world.province, world.station, world.other_station, world.elsewhere)
    assert maker.calls == 1
    assert new.pk > max(unit.pk for unit in units)


@pytest.mark.django_db
def test_a_maker_that_puts_a_row_below_the_highest_id_is_called_every_time() -> None:
    Unit.objects.create(pk=100, code="older", name_th="หน่วยเก่า", path="0008")
    Unit.objects.create(pk=200, code="newest", name_th="หน่วยล่าสุด", path="0009")
    replay, calls = RowReplay(), []

    def swap_newest_for_a_lower_id() -> None:
        calls.append(1)
        Unit.objects.filter(pk=200).delete()
        Unit.objects.create(pk=150, code="swapped", name_th="หน่วยแทน", path="0010")

    for _ in range(2):
        with transaction.atomic():
            replay.made(swap_newest_for_a_lower_id)
            transaction.set_rollback(True)
    assert len(calls) == 2
