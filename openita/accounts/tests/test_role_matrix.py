"""Every view × every persona; the cases live in each app's tests/role_matrix.py."""

import importlib
import pkgutil
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import openita
from openita.audit.models import AuditEntry
from openita.conftest import PERSONAS, World, client_for
from openita.testing.role_matrix import NOT_IN_MATRIX_BASE, Case


def _collect() -> tuple[list[Case], set[str]]:
    cases: list[Case] = []
    public: set[str] = set(NOT_IN_MATRIX_BASE)
    for app in pkgutil.iter_modules(openita.__path__):
        try:
            module = importlib.import_module(f"openita.{app.name}.tests.role_matrix")
        except ModuleNotFoundError as error:
            if error.name and error.name.startswith(f"openita.{app.name}.tests"):
                continue
            raise
        cases.extend(module.CASES)
        public |= set(getattr(module, "NOT_IN_MATRIX", ()))
    return cases, public


CASES, NOT_IN_MATRIX = _collect()


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


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_get(world: World, case: Case, persona: str) -> None:
    url = reverse(case.name, kwargs=case.kwargs(world))
    response = client_for(world, persona).get(url)
    assert response.status_code == case.get[persona]
    if persona == "anonymous":
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
def test_refused_writes_change_nothing(world: World, case: Case, persona: str) -> None:
    assert case.post is not None
    expected = case.post[persona]
    url = reverse(case.name, kwargs=case.kwargs(world))
    entries_before = AuditEntry.objects.count()
    response = client_for(world, persona).post(url, case.post_data(world))
    assert response.status_code == expected
    assert AuditEntry.objects.count() == entries_before
