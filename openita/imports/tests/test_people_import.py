from django.utils import translation

from openita.accounts.models import Membership, Role, User
from openita.conftest import World
from openita.imports.base import Action
from openita.imports.people import PeopleImporter
from openita.imports.tests.tables import table_of

HEADER = [
    "username",
    "email",
    "first_name",
    "last_name",
    "rank",
    "position",
    "phone",
    "unit_code",
    "role",
    "line_code",
]


def person(username: str, unit: str, role: str, line: str = "", **values: str) -> list[str]:
    return [
        username,
        values.get("email", ""),
        values.get("first_name", ""),
        values.get("last_name", ""),
        values.get("rank", ""),
        values.get("position", ""),
        values.get("phone", ""),
        unit,
        role,
        line,
    ]


def run(world: World, rows: list[list[str]], persona: str | None = None):
    importer = PeopleImporter(world.user(persona) if persona else None)
    return importer.run(table_of(importer, [HEADER, *rows]))


def problems(preview) -> list[tuple[int, str]]:
    return [(row, column) for row, column, _message in preview.errors()]


SOMCHAI = {
    "email": "somchai@example.go.th",
    "first_name": "สมชาย",
    "last_name": "ใจดี",
    "rank": "พ.ต.ท.",
}


def test_a_person_on_several_rows_gets_several_roles_and_no_password(world: World) -> None:
    with translation.override("th"):
        thai_executive = str(Role.EXECUTIVE.label)
    preview, result = run(
        world,
        [
            person("somchai", "tt-st1", "officer", "patrol", **SOMCHAI),
            person("somchai", "tt-st1", "Working-group member"),
            person("somchai", "tt-st2", thai_executive, position="ผู้กำกับการ"),
        ],
    )
    assert preview.is_valid, preview.errors()
    assert result is not None
    assert result.counts == {
        "people_created": 1,
        "people_updated": 0,
        "roles_added": 3,
        "roles_changed": 0,
        "emails_to_confirm": 0,
    }
    somchai = User.objects.get(username="somchai")
    assert somchai.display_name == "พ.ต.ท. สมชาย ใจดี"
    assert somchai.position == "ผู้กำกับการ"
    assert not somchai.has_usable_password()
    assert set(somchai.memberships.values_list("unit__code", "role", "line__code")) == {
        ("tt-st1", "officer", "patrol"),
        ("tt-st1", "working_group_member", None),
        ("tt-st2", "executive", None),
    }


def test_importing_the_same_people_again_changes_nothing(world: World) -> None:
    rows = [
        person("somchai", "tt-st1", "officer", "patrol", **SOMCHAI),
        person("officer", "tt-st1", "officer"),
    ]
    run(world, rows)
    preview, result = run(world, rows)
    assert result is not None
    assert result.counts == {
        "people_created": 0,
        "people_updated": 0,
        "roles_added": 0,
        "roles_changed": 0,
        "emails_to_confirm": 0,
    }
    assert {good.value.action for good in preview.good} == {Action.UNCHANGED}


def test_existing_people_are_found_whatever_the_capitals_and_updated(world: World) -> None:
    _preview, result = run(
        world,
        [
            person(
                "OFFICER",
                "tt-st1",
                "officer",
                "admin",
                position="เสมียน",
                email="Officer@Example.org",
            )
        ],
        "unit_admin",
    )
    assert result is not None
    assert result.counts == {
        "people_created": 0,
        "people_updated": 1,
        "roles_added": 0,
        "roles_changed": 1,
        "emails_to_confirm": 0,
    }
    officer = User.objects.get(username="officer")
    assert officer.position == "เสมียน"
    assert officer.email == "officer@example.org"  # the same address in other capitals is no change
    assert officer.memberships.get().line == world.station.lines.get(code="admin")


def test_rows_of_one_person_must_agree(world: World) -> None:
    preview, _result = run(
        world,
        [
            person("somchai", "tt-st1", "officer", **SOMCHAI),
            person("somchai", "tt-st2", "officer", first_name="สมหญิง"),
            person("somchai", "tt-st1", "officer"),
        ],
    )
    assert problems(preview) == [(3, "first_name"), (4, "role")]


def test_new_people_need_an_e_mail_address_and_a_name_and_e_mails_stay_unique(world: World) -> None:
    preview, _result = run(
        world,
        [
            person("nomail", "tt-st1", "officer", first_name="ไม่มี"),
            person("noname", "tt-st1", "officer", email="noname@example.go.th"),
            person("taken", "tt-st1", "officer", first_name="ซ้ำ", email="OFFICER@example.org"),
            person("twin1", "tt-st1", "officer", first_name="แฝด", email="twin@example.go.th"),
            person("twin2", "tt-st1", "officer", first_name="แฝด", email="twin@example.go.th"),
        ],
    )
    assert problems(preview) == [(2, "email"), (3, "first_name"), (4, "email"), (6, "email")]


def test_unknown_roles_units_and_lines_are_reported(world: World) -> None:
    preview, _result = run(
        world,
        [
            person("a", "tt-st1", "king", **SOMCHAI),
            person("officer", "nowhere", "officer"),
            person("officer", "tt-st2", "officer", "patrol"),
        ],
    )
    assert problems(preview) == [(2, "role"), (3, "unit_code"), (4, "line_code")]


def test_a_unit_admin_grants_roles_only_in_units_they_manage(world: World) -> None:
    preview, result = run(
        world,
        [
            person("officer", "tt-st2", "officer"),
            person("officer", "xx-prov", "officer"),
        ],
        "parent_admin",
    )
    assert result is None
    assert problems(preview) == [(3, "unit_code")]
    assert not Membership.objects.filter(user__username="officer", unit__code="tt-st2").exists()


def test_a_unit_admin_cannot_change_people_outside_their_units(world: World) -> None:
    preview, result = run(
        world,
        [person("outsider", "tt-st1", "officer", email="mine@example.org")],
        "unit_admin",
    )
    assert result is None
    assert problems(preview) == [(2, "username")]
    assert User.objects.get(username="outsider").email == "outsider@example.org"


def test_a_row_with_a_bad_cell_is_still_checked_against_the_others(world: World) -> None:
    preview, _result = run(
        world,
        [
            person("somchai", "nowhere", "officer", email="not-an-address", first_name="สมชาย"),
            person("somchai", "tt-st1", "king", email="somchai@example.go.th"),
        ],
    )
    assert problems(preview) == [(2, "email"), (2, "unit_code"), (3, "role")]


def test_a_unit_admin_cannot_take_over_an_executive_of_their_unit_by_e_mail(world: World) -> None:
    """Issue 13, seen 2: the import changed anyone's address, then "forgot password" handed over the account."""
    preview, result = run(
        world,
        [person("executive", "tt-st1", "officer", email="attacker@example.org")],
        "unit_admin",
    )
    assert result is None
    assert problems(preview) == [(2, "username")]
    assert User.objects.get(username="executive").email == "executive@example.org"


def test_nobody_changes_a_superuser_through_the_import(world: World) -> None:
    preview, result = run(
        world,
        [person("superuser", "tt-st1", "officer", email="attacker@example.org")],
        "parent_admin",
    )
    assert result is None
    assert (2, "username") in problems(preview)
    assert User.objects.get(username="superuser").email == "superuser@example.org"


def test_the_import_gives_no_role_to_the_importer_and_none_at_or_above_their_level(
    world: World,
) -> None:
    preview, result = run(
        world,
        [
            person("unitadmin", "tt-st1", "assessor"),
            person("officer", "tt-st1", "executive"),
            person("officer", "tt-st1", "unit_admin"),
            person("committee", "tt-st1", "officer"),
        ],
        "unit_admin",
    )
    assert result is None
    assert problems(preview) == [(2, "username"), (2, "role"), (3, "role"), (4, "role")]
    messages = {row: str(message) for row, _column, message in preview.errors()}
    assert "แต่งตั้งจากหน่วยงานระดับเหนือขึ้นไป" in messages[3]  # appointed from a unit above
    assert not Membership.objects.filter(user__username="unitadmin", role=Role.ASSESSOR).exists()


def test_a_parent_admin_appoints_the_executive_of_a_station(world: World) -> None:
    _preview, result = run(world, [person("officer", "tt-st1", "executive")], "parent_admin")
    assert result is not None
    assert Membership.objects.filter(
        user__username="officer", unit=world.station, role=Role.EXECUTIVE
    ).exists()


def test_a_new_address_from_the_import_waits_for_confirmation(world: World, mailoutbox) -> None:
    _preview, result = run(
        world, [person("officer", "tt-st1", "officer", email="new@example.org")], "parent_admin"
    )
    assert result is not None
    assert result.counts["emails_to_confirm"] == 1
    assert User.objects.get(username="officer").email == "officer@example.org"
    assert [message.to for message in mailoutbox] == [
        ["new@example.org"],
        ["officer@example.org"],
    ]
