"""Complaint tests: a station with two complaint handlers whose keys are made (with the cheap Argon2 costs
that openita/conftest.py sets for every test; the real ones are RFC 9106's, the code is the same)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from openita.accounts.models import Role
from openita.accounts.services import create_person, grant_role
from openita.complaints import services
from openita.complaints.models import Case, Kind
from openita.complaints.services import Submission
from openita.conftest import PASSWORD, World
from openita.units.models import Unit


@dataclass
class Desk:
    world: World
    handler: Any
    second: Any
    parent_handler: Any
    keys: dict[str, bytes]

    @property
    def station(self) -> Unit:
        return self.world.station


def make_handler(world: World, username: str, unit: Unit) -> Any:
    person = create_person(
        username=username,
        email=f"{username}@example.org",
        first_name=username.title(),
        password=PASSWORD,
    )
    grant_role(person, unit, Role.COMPLAINT_HANDLER)
    return person


@pytest.fixture
def desk(world: World) -> Desk:
    handler = make_handler(world, "handler", world.station)
    second = make_handler(world, "handler2", world.station)
    parent_handler = make_handler(world, "provhandler", world.province)
    keys = {
        person.username: services.unlock_handler_key(person, PASSWORD)
        for person in (handler, second, parent_handler)
    }
    return Desk(world, handler, second, parent_handler, keys)


def submit(
    unit: Unit, what: str = "เรียกรับเงินค่าปรับโดยไม่ออกใบเสร็จ", **extra: Any
) -> tuple[Case, str]:
    return services.submit(
        unit, Submission(kind=extra.pop("kind", Kind.CORRUPTION), what=what, **extra)
    )


def handler_client(person: Any, password: str = PASSWORD) -> Client:
    """A logged-in handler (both factors) whose cases are unlocked in this browser."""
    client = Client()
    client.force_login(person)
    unit = person.memberships.filter(role=Role.COMPLAINT_HANDLER).first().unit
    response = client.post(f"/complaints/{unit.code}/unlock/", {"password": password})
    assert response.status_code == 302, response
    return client
