"""Loading the demo, idempotently: running it again updates the same units and people."""

import base64
import hashlib
from typing import Any

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from openita.accounts import second_factor
from openita.accounts import services as account_services
from openita.accounts.models import User
from openita.demo.risks import load_risks
from openita.demo.data import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_UNITS,
    IMMIGRATION_LINES,
    STATION_LINES,
    DemoPerson,
)
from openita.measures.demo import load_measures_demo
from openita.oit.demo import load_oit_demo
from openita.scoring.demo import load_scoring_demo
from openita.surveys.demo import load_surveys_demo
from openita.units import services as unit_services
from openita.units.models import Line, Unit, UnitType


def _load_units() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for demo_unit in DEMO_UNITS:
        parent = units[demo_unit.parent] if demo_unit.parent else None
        values = {
            "name_th": demo_unit.name_th,
            "name_en": demo_unit.name_en,
            "unit_type": demo_unit.unit_type,
            "website": demo_unit.website,
            "phone": demo_unit.phone,
            "address": demo_unit.address,
        }
        existing = Unit.objects.filter(code=demo_unit.code).first()
        if existing is None:
            units[demo_unit.code] = unit_services.create_unit(
                parent=parent, code=demo_unit.code, **values
            )
        else:
            units[demo_unit.code] = unit_services.update_unit(existing, parent=parent, **values)
    for unit in units.values():
        if unit.unit_type == UnitType.POLICE_STATION:
            lines = STATION_LINES
        elif unit.unit_type == UnitType.IMMIGRATION:
            lines = IMMIGRATION_LINES
        else:
            continue
        for order, (code, name_th, name_en) in enumerate(lines, start=1):
            if not Line.objects.filter(unit=unit, code=code).exists():
                unit_services.create_line(
                    unit, code=code, name_th=name_th, name_en=name_en, sort_order=order
                )
    return units


def _load_person(person: DemoPerson, units: dict[str, Unit]) -> User:
    values: dict[str, Any] = {
        "rank": person.rank,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "position": person.position,
        "email": f"{person.username}@demo.openita.example",
        "is_active": True,
    }
    user = User.objects.filter(username=person.username).first()
    if user is None:
        user = account_services.create_person(
            username=person.username, password=DEMO_PASSWORD, **values
        )
    else:
        user = account_services.update_person(user, **values)
    if person.is_superuser and not (user.is_superuser and user.is_staff):
        user.is_superuser = user.is_staff = True
        user.save(update_fields=["is_superuser", "is_staff"])
    for unit_code, role, line_code in person.roles:
        unit = units[unit_code]
        line = unit.lines.filter(code=line_code).first() if line_code else None
        account_services.grant_role(user, unit, role, line)
    return user


def demo_totp_key(username: str) -> str:
    """A demo person's authenticator secret (hex), the same on every machine: the demo is public anyway."""
    return hashlib.sha1(f"openita-demo-totp:{username}".encode(), usedforsecurity=False).hexdigest()


def demo_totp_secret(username: str) -> str:
    """The same secret in base32, as an authenticator app takes it when typed in."""
    return base64.b32encode(bytes.fromhex(demo_totp_key(username))).decode("ascii")


def _give_known_authenticator(user: User) -> None:
    if not second_factor.needs_second_factor(user):
        return
    key = demo_totp_key(user.username)
    if not TOTPDevice.objects.filter(user=user, confirmed=True, key=key).exists():
        second_factor.give_known_device(user, key)


@transaction.atomic
def load_demo() -> list[DemoPerson]:
    units = _load_units()
    for person in DEMO_PEOPLE:
        _give_known_authenticator(_load_person(person, units))
    load_oit_demo()
    load_surveys_demo()
    load_scoring_demo()
    load_measures_demo()
    load_risks()
    return DEMO_PEOPLE
