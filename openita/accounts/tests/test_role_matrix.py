"""Every view × every persona. Outsiders get 404, read-only roles get 403 on writes, anonymous people are sent
to the log-in page. A new view must be added here: `test_every_named_url_is_in_the_matrix` fails otherwise."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from openita.audit.models import AuditEntry
from openita.conftest import PERSONAS, World, client_for
from openita.frameworks.tests.factories import load_small, small_draft

OK, FORBIDDEN, MISSING, LOGIN = 200, 403, 404, 302

# Names that are not behind the unit/role rules: public pages, Django's own machinery.
NOT_IN_MATRIX = {
    "core:home",
    "core:health",
    "set_language",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "accounts:password_change",
    "accounts:password_change_done",
}


@dataclass
class Case:
    name: str
    kwargs: Callable[[World], dict[str, Any]] = lambda world: {}
    get: dict[str, int] = field(default_factory=dict)
    post: dict[str, int] | None = None  # None: the view is read-only
    writers: tuple[str, ...] = ("unit_admin", "parent_admin", "superuser")
    post_data: Callable[[World], dict[str, Any]] = lambda world: {}


def everyone(status: int, **overrides: int) -> dict[str, int]:
    statuses = dict.fromkeys(PERSONAS, status)
    statuses["anonymous"] = LOGIN
    statuses.update(overrides)
    return statuses


STATION_MEMBERS = ("officer", "committee", "executive", "unit_admin")
station_viewers = dict.fromkeys((*STATION_MEMBERS, "parent_admin", "oversight", "assessor"), OK)
station_managers = {"unit_admin": OK, "parent_admin": OK, "superuser": OK}
station_read_only = dict.fromkeys(
    ("officer", "committee", "executive", "oversight", "assessor"), FORBIDDEN
)


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_line(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code, "line_id": world.patrol.pk}


def station_membership(world: World) -> dict[str, Any]:
    officer = world.people["officer"]
    assert officer is not None
    return {"unit_code": world.station.code, "membership_id": officer.memberships.get().pk}


def a_framework(world: World) -> dict[str, Any]:
    return {"label": load_small().label}


def a_framework_draft(world: World) -> dict[str, Any]:
    return {"label": small_draft().label}


def a_draft_part(**part: Any) -> Callable[[World], dict[str, Any]]:
    return lambda world: {**a_framework_draft(world), **part}


site_admins_only = everyone(MISSING, superuser=OK)
SITE_ADMIN_WRITERS = ("superuser",)


def a_person(world: World) -> dict[str, Any]:
    officer = world.people["officer"]
    assert officer is not None
    return {"person_id": officer.pk}


CASES = [
    Case("units:list", get=everyone(OK)),
    Case(
        "units:create",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case("units:detail", station, get=everyone(MISSING, **station_viewers, superuser=OK)),
    Case("units:history", station, get=everyone(MISSING, **station_viewers, superuser=OK)),
    Case(
        "units:edit",
        station,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"code": "changed", "name_th": "เปลี่ยน", "unit_type": "general"},
    ),
    Case(
        "units:line_create",
        station,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"code": "new", "name_th": "ใหม่", "sort_order": 1},
    ),
    Case(
        "units:line_edit",
        station_line,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"code": "x", "name_th": "x", "sort_order": 1},
    ),
    Case(
        "units:line_delete",
        station_line,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
    ),
    Case(
        "accounts:membership_create",
        station,
        get=everyone(MISSING, **station_read_only, **station_managers),
        post=everyone(MISSING, **station_read_only),
        post_data=lambda world: {"user": world.people["outsider"].pk, "role": "officer"},  # type: ignore[union-attr]
    ),
    Case(
        "accounts:membership_delete",
        station_membership,
        get=everyone(
            MISSING, **station_read_only, unit_admin=LOGIN, parent_admin=LOGIN, superuser=LOGIN
        ),
        post=everyone(MISSING, **station_read_only),
    ),
    Case(
        "accounts:people",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case(
        "accounts:person_create",
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, outsider=OK, superuser=OK),
    ),
    Case(
        "accounts:person_edit",
        a_person,
        get=everyone(MISSING, unit_admin=OK, parent_admin=OK, superuser=OK),
        post=everyone(MISSING),
        post_data=lambda world: {"username": "renamed", "first_name": "x"},
    ),
    Case("frameworks:list", get=everyone(OK)),
    Case("frameworks:compare", get=everyone(OK)),
    Case("frameworks:detail", a_framework, get=everyone(OK)),
    Case("frameworks:export", a_framework, get=everyone(OK)),
    Case(
        "frameworks:clone",
        a_framework,
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"urn": "x-2569", "fiscal_year": 2569, "name_th": "x"},
    ),
    Case(
        "frameworks:new_version",
        a_framework,
        get=everyone(MISSING, superuser=405),
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
    ),
    Case(
        "frameworks:publish",
        a_framework_draft,
        get=everyone(MISSING, superuser=405),
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
    ),
    Case(
        "frameworks:edit_settings",
        a_framework_draft,
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"name_th": "x", "name_en": "x", "fiscal_year": 2567},
    ),
    Case(
        "frameworks:edit_scoring",
        a_framework_draft,
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"weight_IIT": 100, "weight_EIT": 0, "weight_OIT": 0},
    ),
    Case(
        "frameworks:edit_indicator",
        a_draft_part(number=1),
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"name_th": "x", "name_en": "x"},
    ),
    Case(
        "frameworks:edit_survey_item",
        a_draft_part(code="i1"),
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"text_th": "x", "text_en": "x"},
    ),
    Case(
        "frameworks:edit_oit_item",
        a_draft_part(code="O1"),
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"title_th": "x", "title_en": "x", "scoring_mode": "pass_fail"},
    ),
    Case(
        "frameworks:edit_sample_rule",
        a_draft_part(code="eit"),
        get=site_admins_only,
        post=everyone(MISSING),
        writers=SITE_ADMIN_WRITERS,
        post_data=lambda world: {"name_th": "x", "name_en": "x", "minimum_count": 1},
    ),
    Case(
        "audit:object_history",
        lambda world: {"model_label": "units.Unit", "object_id": str(world.station.pk)},
        get=everyone(MISSING, **station_viewers, superuser=OK),
    ),
]


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


@pytest.mark.parametrize("case", WRITE_CASES, ids=lambda case: case.name)
@pytest.mark.parametrize("persona", PERSONAS)
def test_refused_writes_change_nothing(world: World, case: Case, persona: str) -> None:
    assert case.post is not None
    if persona in case.writers:
        return  # allowed to write: covered by the feature tests
    expected = case.post[persona]
    url = reverse(case.name, kwargs=case.kwargs(world))
    entries_before = AuditEntry.objects.count()
    response = client_for(world, persona).post(url, case.post_data(world))
    assert response.status_code == expected
    assert AuditEntry.objects.count() == entries_before
