"""Loading the demo, idempotently: running it again updates the same units and people, and leaves the years
already played as they are.

The demo is built relative to the day it is loaded (ADR 0017, `years.py`): each unit's year is a timeline
of dated events (`clock.py`) that each area schedules (`oit.py`, `surveys.py`, `working_group.py`,
`plans.py`); closed years are played to their end, the current year up to today.
"""

import base64
import hashlib
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from openita.accounts import second_factor
from openita.accounts import services as account_services
from openita.accounts.models import User
from openita.audit.context import acting_as
from openita.demo import oit, plans, surveys, working_group
from openita.demo.announcements import load_announcements
from openita.demo.cast import DemoYear, cast_of
from openita.demo.clock import Timeline, on
from openita.demo.complaints import load_complaints_demo
from openita.demo.data import (
    DEMO_PASSWORD,
    DEMO_PEOPLE,
    DEMO_UNITS,
    IMMIGRATION_LINES,
    STATION_LINES,
    DemoPerson,
)
from openita.demo.line import load_line_demo
from openita.demo.participation import load_participation
from openita.demo.public import publish_demo_units
from openita.demo.results import DEMO_QUALITY, compute_results, load_official_results
from openita.demo.risks import load_risks
from openita.demo.years import demo_assessment, demo_years, until_of
from openita.frameworks.library import shipped_library_paths
from openita.frameworks.models import Assessment, FrameworkVersion
from openita.frameworks.services import NoFrameworkVersion, load_library_file
from openita.ita_calendar.services import ensure_calendar
from openita.measures.library import load_library
from openita.oit.scoring import summaries_deferred
from openita.units import services as unit_services
from openita.units.models import Line, Unit, UnitType

# What happens in a unit's year, area by area: each adds its dated events to the year's timeline.
AREAS = (oit.schedule, surveys.schedule, working_group.schedule, plans.schedule)


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


def _ensure_frameworks() -> None:
    """The shipped frameworks (older years too: the year before the closed ones is read for weak points)."""
    loaded = set(FrameworkVersion.objects.values_list("loaded_from", flat=True))
    for path in shipped_library_paths():
        if not any(name.endswith(path.name) for name in loaded):
            load_library_file(path)


def _play_year(year: int, today: date, people: dict[str, User]) -> None:
    """Each demo unit's year, played up to its end (closed) or today (current), in one transaction per unit
    (the audit chain seals each one's entries); then the year's results."""
    until = until_of(year, today)
    for unit in Unit.objects.filter(code__in=DEMO_QUALITY).order_by("path"):
        with transaction.atomic():
            _play_unit_year(unit, year, until, year == demo_years(today).current, people)
    with transaction.atomic():
        compute_results(year, until)


def _play_unit_year(
    unit: Unit, year: int, until: date, current: bool, people: dict[str, User]
) -> None:
    """A unit that already has the year is left as it is."""
    if Assessment.objects.of(unit, year).exists():
        return
    cast = cast_of(unit, people)
    # the OIT summaries are refreshed once, at the end of what was played
    with acting_as(cast.admin), on(until, 20), summaries_deferred():
        try:
            assessment = demo_assessment(unit, year)
        except NoFrameworkVersion:
            return
        demo_year = DemoYear(year, assessment, cast, Timeline(until), current)
        demo_year.timeline.add(demo_year.at(10, 1), lambda: ensure_calendar(assessment), hour=9)
        for schedule in AREAS:
            schedule(demo_year)
        demo_year.timeline.run()


def load_demo() -> list[DemoPerson]:
    today = timezone.localdate()
    years = demo_years(today)
    with transaction.atomic():
        units = _load_units()
        people = {}
        for person in DEMO_PEOPLE:
            people[person.username] = _load_person(person, units)
            _give_known_authenticator(people[person.username])
        _ensure_frameworks()
        load_library()
        load_official_results(years.official_only)
    for year in years.built:
        _play_year(year, today, people)
    publish_demo_units()
    load_complaints_demo()
    load_risks(today)
    load_line_demo()
    load_announcements(today)
    load_participation(today)
    return DEMO_PEOPLE
