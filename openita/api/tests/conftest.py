from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.db import transaction

from openita.conftest import make_world

from .world import ApiWorld, make_api_world


@pytest.fixture(scope="module")
def api_world(django_db_setup: None, django_db_blocker: Any) -> Iterator[ApiWorld]:
    """The personas, their tokens and the station's objects, made once for a test module and rolled back at
    its end; each test runs in its own transaction on top (the `db` fixture), so what it writes goes away."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield make_api_world(make_world())
        transaction.set_rollback(True)


@pytest.fixture
def api(db: None, api_world: ApiWorld) -> ApiWorld:
    cache.clear()  # fresh rate counts
    return api_world
