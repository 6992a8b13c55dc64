import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from openita.accounts.models import User
from openita.audit.models import AuditEntry
from openita.conftest import World
from openita.imports.tests.tables import csv_bytes, xlsx_bytes
from openita.units.models import Line, Unit


@pytest.fixture(autouse=True)
def in_english() -> Iterator[None]:
    with translation.override("en"):
        yield


def command(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


UNITS = [
    ["code", "name_th", "name_en", "type", "parent_code", "website"],
    ["tt-st3-box", "ป้อม", "", "other", "tt-st3", ""],
    ["tt-st3", "สถานีสาม", "Station Three", "police_station", "tt-prov", "www.st3.go.th"],
]


def test_units_import_saves_as_the_system_and_prints_counts(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "units.csv", csv_bytes(UNITS))
    out, err = command("units", "import", path)
    assert err == ""
    assert ": 2" in out.splitlines()[0]
    assert Unit.objects.get(code="tt-st3-box").parent.code == "tt-st3"  # type: ignore[union-attr]
    entry = AuditEntry.objects.for_object(Unit.objects.get(code="tt-st3")).get()
    assert entry.actor is None and entry.actor_label == ""


def test_units_import_refuses_bad_rows_saves_nothing_and_says_why(
    world: World, tmp_path: Path
) -> None:
    rows = [*UNITS, ["lost", "หลง", "", "", "nowhere", ""]]
    path = write(tmp_path, "units.csv", csv_bytes(rows))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("units", "import", path, stdout=io.StringIO(), stderr=err)
    assert err.getvalue().startswith("row 4, parent_code:") or "4" in err.getvalue().splitlines()[0]
    assert "parent_code" in err.getvalue()
    assert not Unit.objects.filter(code="tt-st3").exists()


def test_units_import_json_and_dry_run(world: World, tmp_path: Path) -> None:
    path = write(tmp_path, "units.xlsx", xlsx_bytes(UNITS))
    out, _err = command("units", "import", path, "--dry-run", "--json")
    outcome = json.loads(out)
    assert outcome == {
        "rows": 2,
        "valid": True,
        "saved": False,
        "planned": {"create": 2, "update": 0, "unchanged": 0},
        "result": None,
        "errors": [],
    }
    assert not Unit.objects.filter(code="tt-st3").exists()
    out, _err = command("units", "import", path, "--json")
    assert json.loads(out)["result"] == {"create": 2, "update": 0, "unchanged": 0}
    bad = write(tmp_path, "bad.csv", csv_bytes([UNITS[0], ["x y", "", "", "", "", ""]]))
    stdout = io.StringIO()
    with pytest.raises(CommandError):
        call_command("units", "import", bad, "--json", stdout=stdout, stderr=io.StringIO())
    errors = json.loads(stdout.getvalue())["errors"]
    assert [(error["row"], error["column"]) for error in errors] == [(2, "code")]


def test_a_missing_or_unreadable_file_is_a_clear_error(world: World, tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="Cannot read"):
        command("units", "import", str(tmp_path / "missing.csv"))
    path = write(tmp_path, "units.csv", b"code\nx\n")
    with pytest.raises(CommandError, match="name_th"):
        command("units", "import", path)


def test_units_list_as_json_and_under_a_unit(world: World) -> None:
    out, _err = command("units", "list", "--json")
    units = json.loads(out)
    assert [unit["code"] for unit in units] == ["tt-prov", "tt-st1", "tt-st2", "xx-prov"]
    station = units[1]
    assert station["parent_code"] == "tt-prov" and station["type"] == "police_station"
    assert station["depth"] == 1
    out, _err = command("units", "list", "--json", "--under", "tt-st1")
    assert [(unit["code"], unit["depth"]) for unit in json.loads(out)] == [("tt-st1", 0)]
    out, _err = command("units", "list")
    assert "  tt-st1" in out
    with pytest.raises(CommandError):
        command("units", "list", "--under", "nowhere")


def test_the_units_list_is_a_file_the_import_reads_back(world: World, tmp_path: Path) -> None:
    out, _err = command("units", "list", "--json")
    columns = [
        "code",
        "name_th",
        "name_en",
        "type",
        "parent_code",
        "website",
        "address",
        "phone",
        "email",
    ]
    rows = [columns] + [[str(unit[column]) for column in columns] for unit in json.loads(out)]
    path = write(tmp_path, "again.csv", csv_bytes(rows))
    out, _err = command("units", "import", path, "--json")
    assert json.loads(out)["result"] == {"create": 0, "update": 0, "unchanged": 4}


def test_lines_import_and_list(world: World, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "lines.csv",
        csv_bytes(
            [["unit_code", "code", "name_th", "sort_order"], ["tt-st1", "traffic", "จราจร", "5"]]
        ),
    )
    command("lines", "import", path)
    assert Line.objects.get(unit=world.station, code="traffic").sort_order == 5
    out, _err = command("lines", "list", "--unit", "tt-st1", "--json")
    assert [line["code"] for line in json.loads(out)] == ["admin", "patrol", "traffic"]
    with pytest.raises(CommandError):
        command("lines", "list")


def test_people_import_and_list(world: World, tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "people.csv",
        csv_bytes(
            [
                ["username", "email", "first_name", "unit_code", "role", "line_code"],
                ["somchai", "somchai@example.go.th", "สมชาย", "tt-st1", "officer", "patrol"],
                ["somchai", "", "", "tt-st2", "executive", ""],
            ]
        ),
    )
    command("people", "import", path)
    assert User.objects.get(username="somchai").memberships.count() == 2
    out, _err = command("people", "list", "--unit", "tt-st2", "--json")
    people = json.loads(out)
    assert [person["username"] for person in people] == ["somchai"]
    assert people[0]["roles"] == [{"unit_code": "tt-st2", "role": "executive", "line_code": ""}]
    out, _err = command("people", "list", "--json")
    somchai = next(person for person in json.loads(out) if person["username"] == "somchai")
    assert {role["unit_code"] for role in somchai["roles"]} == {"tt-st1", "tt-st2"}
    out, _err = command("people", "list")
    assert "officer@tt-st1" in out
