from typing import Any

import pytest
from django.utils import translation

from openita.audit.models import AuditEntry
from openita.conftest import World
from openita.imports.base import Action
from openita.imports.tests.tables import csv_bytes, table_of, xlsx_bytes
from openita.imports.units import UnitImporter
from openita.units.models import Unit, UnitType

HEADER = ["code", "name_th", "name_en", "type", "parent_code", "website"]


def run(world: World, rows: list[list[str]], persona: str | None = None, **kwargs: Any):
    importer = UnitImporter(world.user(persona) if persona else None)
    return importer.run(table_of(importer, [HEADER, *rows]), **kwargs)


def problems(preview) -> list[tuple[int, str]]:
    return [(row, column) for row, column, _message in preview.errors()]


def test_it_adds_a_tree_whose_parents_come_later_in_the_file(world: World) -> None:
    preview, result = run(
        world,
        [
            ["tt-st3-box", "ป้อมตำรวจ", "", "other", "tt-st3", ""],
            ["tt-st3", "สถานีสาม", "Station Three", "police_station", "tt-prov", "www.st3.go.th"],
        ],
    )
    assert preview.is_valid, preview.errors()
    assert result is not None
    assert result.counts[Action.CREATE] == 2
    station = Unit.objects.get(code="tt-st3")
    box = Unit.objects.get(code="tt-st3-box")
    assert box.parent == station and station.parent == world.province
    assert box.path.startswith(station.path) and box.depth == 2
    assert station.website == "https://www.st3.go.th"
    assert station.unit_type == UnitType.POLICE_STATION


def test_the_type_may_be_a_code_or_a_label_in_english_or_thai(world: World) -> None:
    with translation.override("th"):
        thai_label = str(UnitType.SCHOOL.label)
    _preview, result = run(
        world,
        [
            ["s1", "หนึ่ง", "", "Police station", "tt-prov", ""],
            ["s2", "สอง", "", thai_label, "tt-prov", ""],
            ["s3", "สาม", "", "", "tt-prov", ""],
        ],
    )
    assert result is not None
    assert dict(
        Unit.objects.filter(code__in=["s1", "s2", "s3"]).values_list("code", "unit_type")
    ) == {
        "s1": "police_station",
        "s2": "school",
        "s3": "general",
    }


def test_an_unknown_type_is_reported_on_its_cell(world: World) -> None:
    preview, result = run(world, [["s1", "หนึ่ง", "", "spaceship", "tt-prov", ""]])
    assert result is None
    assert problems(preview) == [(2, "type")]
    assert "police_station" in preview.errors()[0][2]
    assert not Unit.objects.filter(code="s1").exists()


def test_an_unknown_parent_is_reported_and_nothing_is_saved(world: World) -> None:
    preview, result = run(
        world,
        [
            ["s1", "หนึ่ง", "", "", "tt-prov", ""],
            ["s2", "สอง", "", "", "nowhere", ""],
        ],
    )
    assert result is None
    assert problems(preview) == [(3, "parent_code")]
    assert "nowhere" in preview.errors()[0][2]
    assert not Unit.objects.filter(code="s1").exists()


def test_a_cycle_is_reported_on_every_row_in_it(world: World) -> None:
    preview, _result = run(
        world,
        [
            ["a", "ก", "", "", "c", ""],
            ["b", "ข", "", "", "a", ""],
            ["c", "ค", "", "", "b", ""],
            ["d", "ง", "", "", "a", ""],
            ["e", "จ", "", "", "e", ""],
        ],
    )
    assert problems(preview) == [
        (2, "parent_code"),
        (3, "parent_code"),
        (4, "parent_code"),
        (6, "parent_code"),
    ]
    assert "a → c → b → a" in preview.errors()[0][2]


def test_moving_an_existing_unit_under_its_own_descendant_is_a_cycle(world: World) -> None:
    preview, _result = run(
        world, [["tt-prov", "ตำรวจภูธรจังหวัดทดสอบ", "", "", "tt-st1", ""]], "superuser"
    )
    assert problems(preview) == [(2, "parent_code")]


def test_a_row_with_a_bad_cell_is_still_checked_against_the_others(world: World) -> None:
    preview, _result = run(
        world,
        [
            ["s1", "หนึ่ง", "", "spaceship", "nowhere", ""],
            ["s2", "สอง", "", "", "s3", "not a url"],
            ["s3", "สาม", "", "", "s2", ""],
            ["x y", "", "", "", "nowhere", ""],
        ],
        "unit_admin",
    )
    assert problems(preview) == [
        (2, "type"),
        (2, "parent_code"),
        (3, "website"),
        (3, "parent_code"),
        (4, "parent_code"),
        (5, "code"),
    ]


def test_a_code_twice_in_the_file_is_reported_on_the_second_row(world: World) -> None:
    preview, _result = run(
        world,
        [["s1", "หนึ่ง", "", "", "tt-prov", ""], ["s1", "ซ้ำ", "", "", "tt-prov", ""]],
    )
    assert problems(preview) == [(3, "code")]
    assert "2" in preview.errors()[0][2]


def test_bad_codes_names_and_addresses_are_reported_per_cell(world: World) -> None:
    preview, _result = run(
        world,
        [
            ["has space", "", "", "", "tt-prov", "not a url"],
            ["ok", "", "", "", "tt-prov", ""],
        ],
    )
    assert problems(preview) == [(2, "code"), (2, "website"), (3, "name_th")]


def test_importing_the_same_file_again_changes_nothing(world: World) -> None:
    rows = [
        ["s1", "หนึ่ง", "One", "police_station", "tt-prov", "https://one.go.th"],
        ["s1-box", "ป้อม", "", "other", "s1", ""],
        ["tt-st1", "สถานีตำรวจภูธรทดสอบหนึ่ง", "", "", "", ""],
    ]
    _preview, first = run(world, rows)
    assert first is not None
    assert first.counts == {Action.CREATE: 2, Action.UPDATE: 0, Action.UNCHANGED: 1}
    entries = AuditEntry.objects.count()
    preview, second = run(world, rows)
    assert second is not None
    assert second.counts == {Action.CREATE: 0, Action.UPDATE: 0, Action.UNCHANGED: 3}
    assert AuditEntry.objects.count() == entries
    assert [good.value.action for good in preview.good] == [Action.UNCHANGED] * 3


def test_existing_units_are_updated_and_blank_cells_keep_their_values(world: World) -> None:
    _preview, result = run(world, [["tt-st1", "", "Renamed", "", "", ""]])
    assert result is not None and result.counts[Action.UPDATE] == 1
    station = Unit.objects.get(code="tt-st1")
    assert station.name_en == "Renamed"
    assert station.name_th == "สถานีตำรวจภูธรทดสอบหนึ่ง"
    assert station.unit_type == UnitType.POLICE_STATION
    assert station.parent == world.province


def test_moving_a_unit_moves_its_subtree_and_new_children_follow(world: World) -> None:
    _preview, result = run(
        world,
        [
            ["tt-st1-box", "ป้อม", "", "", "tt-st1", ""],
            ["tt-st1", "", "", "", "tt-st2", ""],
            ["tt-st2", "", "", "", "xx-prov", ""],
        ],
        "superuser",
    )
    assert result is not None
    box = Unit.objects.get(code="tt-st1-box")
    assert box.depth == 3
    assert [
        unit.code for unit in Unit.objects.filter(pk__in=box.ancestor_ids()).order_by("depth")
    ] == [
        "xx-prov",
        "tt-st2",
        "tt-st1",
    ]


def test_a_unit_admin_adds_units_only_under_units_they_manage(world: World) -> None:
    preview, result = run(
        world,
        [
            ["tt-st1-box", "ป้อม", "", "", "tt-st1", ""],
            ["xx-st1", "สถานีจังหวัดอื่น", "", "", "xx-prov", ""],
            ["tt-st4", "สถานีสี่", "", "", "tt-prov", ""],
            ["root", "ราก", "", "", "", ""],
        ],
        "unit_admin",
    )
    assert result is None
    assert problems(preview) == [(3, "parent_code"), (4, "parent_code"), (5, "parent_code")]
    _preview, result = run(world, [["tt-st1-box", "ป้อม", "", "", "tt-st1", ""]], "unit_admin")
    assert result is not None and Unit.objects.filter(code="tt-st1-box").exists()


def test_a_unit_admin_cannot_import_under_another_province(world: World) -> None:
    preview, result = run(world, [["xx-st1", "สถานีจังหวัดอื่น", "", "", "xx-prov", ""]], "parent_admin")
    assert result is None
    assert problems(preview) == [(2, "parent_code")]
    assert not Unit.objects.filter(code="xx-st1").exists()


def test_a_unit_admin_changes_only_units_they_manage_and_cannot_take_others(world: World) -> None:
    preview, _result = run(
        world,
        [
            ["xx-prov", "ยึด", "", "", "", ""],
            ["tt-st2", "", "", "", "tt-st1", ""],
            ["tt-st1", "", "", "", "xx-prov", ""],
        ],
        "parent_admin",
    )
    assert problems(preview) == [(2, "code"), (4, "parent_code")]
    _preview, result = run(
        world, [["tt-st1", "", "Renamed by the admin", "", "", ""]], "unit_admin"
    )
    assert result is not None and result.counts[Action.UPDATE] == 1


def test_a_new_unit_cannot_hang_under_an_unchanged_row_of_a_unit_one_does_not_manage(
    world: World,
) -> None:
    preview, _result = run(
        world,
        [
            ["xx-prov", "หน่วยงานอื่น", "", "", "", ""],
            ["xx-st1", "แอบเพิ่ม", "", "", "xx-prov", ""],
        ],
        "unit_admin",
    )
    assert problems(preview) == [(2, "code"), (3, "parent_code")]


def test_only_a_superuser_adds_a_top_level_unit(world: World) -> None:
    preview, _result = run(world, [["root", "ราก", "", "", "", ""]], "parent_admin")
    assert problems(preview) == [(2, "parent_code")]
    _preview, result = run(world, [["root", "ราก", "", "", "", ""]], "superuser")
    assert result is not None
    assert Unit.objects.get(code="root").parent is None


def test_a_dry_run_saves_nothing(world: World) -> None:
    preview, result = run(world, [["s1", "หนึ่ง", "", "", "tt-prov", ""]], dry_run=True)
    assert preview.is_valid and result is None
    assert not Unit.objects.filter(code="s1").exists()


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(
            b"\xef\xbb\xbf" + csv_bytes([HEADER, ["s1", "หนึ่ง", "", "", "tt-prov", ""]]), id="bom"
        ),
        pytest.param(
            csv_bytes([HEADER, ["s1", "หนึ่ง", "", "", "tt-prov", ""]], encoding="cp874"), id="cp874"
        ),
        pytest.param(
            csv_bytes([HEADER, ["s1", "หนึ่ง", "", "", "tt-prov", ""]], delimiter=";"),
            id="semicolons",
        ),
        pytest.param(
            xlsx_bytes([[h.upper() for h in HEADER], ["s1", "หนึ่ง", None, None, "tt-prov"]]),
            id="xlsx",
        ),
    ],
)
def test_every_kind_of_file_imports_the_same(world: World, data: bytes) -> None:
    importer = UnitImporter(None)
    _preview, result = importer.run(importer.read(data, filename="units"))
    assert result is not None
    assert Unit.objects.get(code="s1").name_th == "หนึ่ง"
