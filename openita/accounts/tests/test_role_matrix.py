"""Every view × every persona; the cases live in each app's tests/role_matrix.py.

The world (units and personas) is built once for this module, and what each case's kwargs make once for that
case, each inside a transaction rolled back afterwards; every request runs in its own transaction on top (the
`db` fixture), so one persona's request never sees another's. One test per case and persona keeps the failure
message precise.
"""

import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import openita
from openita.audit.models import AuditEntry
from openita.conftest import PERSONAS, World, client_for, make_world
from openita_testing.role_matrix import NOT_IN_MATRIX_BASE, Case


def _collect() -> tuple[list[Case], set[str], list[Callable[[World], object]]]:
    cases: list[Case] = []
    public: set[str] = set(NOT_IN_MATRIX_BASE)
    shared: list[Callable[[World], object]] = []
    for app in pkgutil.iter_modules(openita.__path__):
        try:
            module = importlib.import_module(f"openita.{app.name}.tests.role_matrix")
        except ModuleNotFoundError as error:
            if error.name and error.name.startswith(f"openita.{app.name}.tests"):
                continue
            raise
        cases.extend(module.CASES)
        public |= set(getattr(module, "NOT_IN_MATRIX", ()))
        shared.extend(getattr(module, "SHARED", ()))
    return cases, public, shared


CASES, NOT_IN_MATRIX, SHARED = _collect()


def _named_urls() -> set[str]:
    names: set[str] = set()

    def walk(patterns: list[Any], namespace: str | None) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.namespace == "admin":
                    continue
                inner = pattern.namespace or namespace
                if namespace and pattern.namespace:
                    inner = f"{namespace}:{pattern.namespace}"
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.add(f"{namespace}:{pattern.name}" if namespace else pattern.name)

    walk(get_resolver().url_patterns, None)
    return names


def test_every_named_url_is_in_the_matrix() -> None:
    covered = {case.name for case in CASES} | NOT_IN_MATRIX
    assert _named_urls() - covered == set()


def test_every_case_names_every_persona() -> None:
    for case in CASES:
        assert set(case.get) == set(PERSONAS), case.name
        if case.post is not None:
            assert set(case.post) | set(case.writers) == set(PERSONAS), case.name


@dataclass(frozen=True)
class SharedWorld:
    world: World
    clients: dict[str, Client]


@pytest.fixture(scope="module")
def shared_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[SharedWorld]:
    """The personas and units, what the apps' `SHARED` functions make (what no case changes and every case
    may read, such as the measures library), and a logged-in client for each persona, made once for the
    module and rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        world = make_world()
        for make in SHARED:
            make(world)
        yield SharedWorld(world, {persona: client_for(world, persona) for persona in PERSONAS})
        transaction.set_rollback(True)


@dataclass(frozen=True)
class Prepared:
    case: Case
    url: str
    post_data: dict[str, Any]


class PreparedCases:
    """The objects of one case at a time, made once for all the tests of that case that follow each other, in
    a transaction on top of the shared world's, rolled back when the next test asks for another case (or at the
    end of the module), so a case never sees another case's objects.

    pytest's own cache of a parametrized fixture does not serve here: the refused writes pair each case with
    only some personas (one `parametrize` of both), which makes pytest set the fixture up again for every test
    (about 900 more makings of a case's objects than there are cases)."""

    def __init__(self, shared_world: SharedWorld, django_db_blocker: Any) -> None:
        self.shared_world = shared_world
        self.blocker = django_db_blocker
        self.current: Prepared | None = None
        self.atomic: Any = None
        self.depth = len(connection.atomic_blocks)  # the shared world's transaction

    def get(self, case: Case) -> Prepared:
        if self.current is not None and self.current.case is case:
            return self.current
        self.close()
        assert len(connection.atomic_blocks) == self.depth, (
            "a case's objects are made before the test's transaction: ask for `prepared` before `db`"
        )
        with self.blocker.unblock():
            self.atomic = transaction.atomic()
            self.atomic.__enter__()
            try:
                world = self.shared_world.world
                url = reverse(case.name, kwargs=case.kwargs(world))
                self.current = Prepared(case, url, case.post_data(world))
            except BaseException:
                self.close()
                raise
        return self.current

    def close(self) -> None:
        if self.atomic is None:
            return
        with self.blocker.unblock():
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)
        self.atomic = None
        self.current = None


@pytest.fixture(scope="module")
def prepared_cases(shared_world: SharedWorld, django_db_blocker: Any) -> Iterator[PreparedCases]:
    cases = PreparedCases(shared_world, django_db_blocker)
    yield cases
    cases.close()


@pytest.fixture
def prepared(case: Case, prepared_cases: PreparedCases) -> Prepared:
    """The objects this test's case needs, made once for all the personas of the case (the tests are listed
    case by case)."""
    return prepared_cases.get(case)


# Case by case, every persona of a case one after the other: each case's objects are made once.
GETS = [
    pytest.param(case, persona, id=f"{persona}-{case.name}")
    for case in CASES
    for persona in PERSONAS
]


@pytest.mark.parametrize(("case", "persona"), GETS)
def test_get(prepared: Prepared, db: None, shared_world: SharedWorld, persona: str) -> None:
    response = shared_world.clients[persona].get(prepared.url)
    assert response.status_code == prepared.case.get[persona]
    if persona == "anonymous" and prepared.case.get[persona] == 302:
        assert response["Location"].startswith(reverse("accounts:login"))


WRITE_CASES = [case for case in CASES if case.post is not None]
# Allowed writes are covered by the feature tests: only the refused ones are tried here.
REFUSED_WRITES = [
    pytest.param(case, persona, id=f"{persona}-{case.name}")
    for case in WRITE_CASES
    for persona in PERSONAS
    if persona not in case.writers
]


@pytest.mark.parametrize(("case", "persona"), REFUSED_WRITES)
def test_refused_writes_change_nothing(
    prepared: Prepared, db: None, shared_world: SharedWorld, persona: str
) -> None:
    assert prepared.case.post is not None
    expected = prepared.case.post[persona]
    entries_before = AuditEntry.objects.count()
    response = shared_world.clients[persona].post(prepared.url, prepared.post_data)
    assert response.status_code == expected
    assert AuditEntry.objects.count() == entries_before
