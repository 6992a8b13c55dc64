from openita.conftest import World
from openita.imports.base import Action
from openita.imports.lines import LineImporter
from openita.imports.tests.tables import table_of
from openita.units.models import Line

HEADER = ["unit_code", "code", "name_th", "name_en", "sort_order"]


def run(world: World, rows: list[list[str]], persona: str | None = None, default_unit=None):
    importer = LineImporter(world.user(persona) if persona else None, default_unit=default_unit)
    return importer.run(table_of(importer, [HEADER, *rows]))


def test_it_adds_and_updates_lines_and_a_second_run_changes_nothing(world: World) -> None:
    rows = [
        ["tt-st1", "patrol", "", "Patrol", "2"],
        ["tt-st1", "investigation", "สืบสวน", "", "3"],
        ["tt-st2", "patrol", "ป้องกันปราบปราม", "", ""],
    ]
    _preview, result = run(world, rows, "parent_admin")
    assert result is not None
    assert result.counts == {Action.CREATE: 2, Action.UPDATE: 1, Action.UNCHANGED: 0}
    patrol = Line.objects.get(unit=world.station, code="patrol")
    assert (patrol.name_th, patrol.name_en, patrol.sort_order) == ("ป้องกันปราบปราม", "Patrol", 2)
    _preview, again = run(world, rows, "parent_admin")
    assert again is not None and again.counts[Action.UNCHANGED] == 3


def test_lines_go_only_into_units_one_manages(world: World) -> None:
    preview, result = run(
        world,
        [
            ["tt-st1", "new", "ใหม่", "", ""],
            ["tt-st2", "new", "ใหม่", "", ""],
            ["gone", "x", "x", "", ""],
        ],
        "unit_admin",
    )
    assert result is None
    assert [(row, column) for row, column, _ in preview.errors()] == [
        (3, "unit_code"),
        (4, "unit_code"),
    ]


def test_duplicates_bad_orders_and_nameless_new_lines_are_reported(world: World) -> None:
    preview, _result = run(
        world,
        [
            ["tt-st1", "new", "ใหม่", "", "1"],
            ["tt-st1", "new", "ซ้ำ", "", "2"],
            ["tt-st1", "other", "", "", ""],
            ["tt-st1", "third", "สาม", "", "-4"],
        ],
    )
    assert [(row, column) for row, column, _ in preview.errors()] == [
        (3, "code"),
        (4, "name_th"),
        (5, "sort_order"),
    ]


def test_a_blank_unit_code_means_the_unit_the_import_started_from(world: World) -> None:
    _preview, result = run(world, [["", "new", "ใหม่", "", ""]], "unit_admin", world.station)
    assert result is not None
    assert Line.objects.filter(unit=world.station, code="new").exists()
