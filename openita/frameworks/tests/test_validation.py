"""Broken libraries get precise messages (file, line, field), never a traceback."""

from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from openita.frameworks.library import read_library
from openita.frameworks.tests.factories import small_library, text
from openita.frameworks.yamlio import dump_yaml


def write(tmp_path: Path, library: Any, name: str = "broken.yaml") -> Path:
    path = tmp_path / name
    path.write_text(library if isinstance(library, str) else dump_yaml(library), encoding="utf-8")
    return path


def line_of(path: Path, needle: str, occurrence: int = 1, whole: bool = False) -> int:
    """The line number of the occurrence-th line containing (or, ``whole``, being) ``needle``."""
    seen = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if (line.strip() == needle) if whole else (needle in line):
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle} not in {path}")


def messages(path: Path) -> list[str]:
    return [
        str(problem) for problem in read_library(path, known_unit_types=["police_station"]).errors
    ]


def test_a_valid_library_has_no_problems(tmp_path: Path) -> None:
    assert read_library(write(tmp_path, small_library())).problems == []


def test_it_names_file_line_and_field_of_an_unknown_key(tmp_path: Path) -> None:
    library = small_library()
    library["instruments"][1]["colour"] = "red"
    path = write(tmp_path, library)
    assert messages(path) == [
        f"{path}:{line_of(path, 'colour:')}: instruments[EIT].colour: unknown key 'colour' "
        "(known keys here: code, kind, weight, name, help, source, confidence)"
    ]


def test_it_reports_a_missing_translation(tmp_path: Path) -> None:
    library = small_library()
    library["survey_items"][0]["sub_items"][1]["text"] = {"th": "ระยะเวลา"}
    path = write(tmp_path, library)
    assert messages(path) == [
        f"{path}:{line_of(path, 'th: ระยะเวลา')}: survey_items[i1].sub_items[i1.2].text.en: "
        "missing the English text"
    ]


def test_it_reports_an_item_without_an_indicator(tmp_path: Path) -> None:
    library = small_library()
    del library["survey_items"][1]["indicator"]
    library["oit_items"][0]["indicator"] = 4
    path = write(tmp_path, library)
    assert messages(path) == [
        f"{path}:{line_of(path, 'code: e1')}: survey_items[e1].indicator: missing required key "
        "'indicator': every item belongs to an indicator",
        f"{path}:{line_of(path, 'indicator: 4')}: oit_items[O1].indicator: no indicator 4 is "
        "defined: every item belongs to an indicator",
        f"{path}:{line_of(path, 'number: 6')}: indicators[6]: this indicator has no items",
        f"{path}:{line_of(path, 'number: 9')}: indicators[9]: this indicator has no items",
    ]


def test_it_reports_weights_that_do_not_add_up_to_100(tmp_path: Path) -> None:
    library = small_library()
    library["instruments"][2]["weight"] = 45
    path = write(tmp_path, library)
    assert messages(path) == [
        f"{path}:{line_of(path, 'instruments:')}: instruments: instrument weights add up to 105, not 100"
    ]


def test_it_refuses_duplicate_identifiers(tmp_path: Path) -> None:
    library = small_library()
    library["survey_items"][1]["code"] = "i1"
    library["oit_items"].append({**library["oit_items"][0]})
    path = write(tmp_path, library)
    assert messages(path) == [
        f"{path}:{line_of(path, '- code: i1', 2, whole=True)}: survey_items[i1].code: duplicate identifier: "
        f"survey item 'i1' is already defined at {path}:{line_of(path, '- code: i1', 1, whole=True)}",
        f"{path}:{line_of(path, 'code: O1', 2)}: oit_items[O1].code: duplicate identifier: "
        f"OIT item 'O1' is already defined at {path}:{line_of(path, 'code: O1', 1)}",
    ]


def test_it_refuses_a_repeated_key_in_one_mapping(tmp_path: Path) -> None:
    path = write(
        tmp_path, dump_yaml(small_library()).replace("version: 1\n", "version: 1\nversion: 2\n")
    )
    assert messages(path) == [
        f"{path}:{line_of(path, 'version: 2')}: (mapping): the key 'version' is repeated"
    ]


def test_it_refuses_a_scale_without_scores(tmp_path: Path) -> None:
    library = small_library()
    for option in library["scales"][0]["options"]:
        del option["score"]
    path = write(tmp_path, library)
    found = messages(path)
    first_option = "- code: '1'"
    assert (
        found[-1]
        == f"{path}:{line_of(path, '- code: four_level')}: scales[four_level]: this scale has no scores"
    )
    assert found[0] == (
        f"{path}:{line_of(path, first_option)}: scales[four_level].options[1].score: missing required "
        "key 'score': every answer needs a score"
    )


def test_it_explains_yaml_syntax_errors_with_their_line(tmp_path: Path) -> None:
    path = write(tmp_path, "format: openita-framework/1\nurn: [unclosed\nversion: 1\n")
    [problem] = read_library(path).problems
    assert (problem.file, problem.field) == (str(path), "(file)")
    assert problem.line in (3, 4)
    assert problem.message.startswith("not valid YAML")


def test_it_reports_a_file_that_is_not_there(tmp_path: Path) -> None:
    [problem] = read_library(tmp_path / "missing.yaml").problems
    assert problem.message == "file not found"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda lib: lib["survey_items"][0].update(scale="five_level"),
            "survey_items[i1].scale: no scale 'five_level' is defined",
        ),
        (
            lambda lib: lib["oit_items"][0].update(sub_indicator="10.1"),
            "oit_items[O1].sub_indicator: no sub-indicator '10.1' is defined",
        ),
        (
            lambda lib: lib["oit_items"][0].update(formats=["pdf", "docx|pages"]),
            "oit_items[O1].formats[2]: unknown file format 'pages'",
        ),
        (
            lambda lib: lib["survey_items"][0]["sub_items"][0].update(code="i2.1"),
            "survey_items[i1].sub_items[i2.1].code: sub-item 'i2.1' must start with its item code i1.",
        ),
        (
            lambda lib: lib.update(unit_types=["police"]),
            "unit_types[1]: unknown unit type 'police'",
        ),
        (lambda lib: lib["grade_bands"].pop(), "grade_bands: scores below 85 would have no grade"),
        (
            lambda lib: lib["rating_levels"][0].update(instrument_minimums={"XIT": 85}),
            "rating_levels[good].instrument_minimums.XIT: no instrument 'XIT' is defined",
        ),
        (
            lambda lib: lib["sample_rules"][0].update(instrument="OIT"),
            "sample_rules[eit].instrument: OIT is not a survey",
        ),
        (lambda lib: lib.update(name="ชื่อ"), "name: must give both languages"),
        (
            lambda lib: lib["instruments"][0].update(weight="thirty"),
            "instruments[IIT].weight: must be a number",
        ),
    ],
)
def test_it_checks_references_and_values(tmp_path: Path, change: Any, expected: str) -> None:
    library = small_library()
    change(library)
    found = messages(write(tmp_path, library))
    assert any(expected in message for message in found), found


def test_quotas_short_of_the_minimum_are_a_warning(tmp_path: Path) -> None:
    library = read_library(write(tmp_path, small_library()))
    assert library.is_valid
    assert library.warnings == []
    short = small_library()
    short["sample_rules"][0]["minimum_count"] = 300
    with translation.override("en"):  # the warning is in the language of the page or command
        library = read_library(write(tmp_path, short))
    assert library.is_valid
    [warning] = library.warnings
    assert "the quotas add up to 100, less than the minimum of 300" in warning.message
    with translation.override("th"):
        [warning] = read_library(write(tmp_path, short)).warnings
    assert "โควตารวมกันได้ 100 น้อยกว่าจำนวนขั้นต่ำ 300" in warning.message


def test_yes_and_no_stay_text(tmp_path: Path) -> None:
    library = small_library()
    library["scales"].append(
        {
            "code": "yes_no",
            "name": text("มี/ไม่มี"),
            "options": [
                {"code": "yes", "label": text("มี"), "score": 100},
                {"code": "no", "label": text("ไม่มี"), "score": 0},
            ],
        }
    )
    source = dump_yaml(library).replace("'yes'", "yes").replace("'no'", "no")
    assert "code: yes\n" in source
    assert read_library(write(tmp_path, source)).errors == []


def test_includes_are_merged_and_report_their_own_file(tmp_path: Path) -> None:
    library = small_library()
    shared = {"format": "openita-framework-fragment/1", "scales": library.pop("scales")}
    shared["scales"][0]["options"][0]["labell"] = "typo"
    (tmp_path / "shared.yaml").write_text(dump_yaml(shared), encoding="utf-8")
    library["include"] = ["shared.yaml"]
    path = write(tmp_path, library)
    fragment = tmp_path / "shared.yaml"
    found = messages(path)
    assert len(found) == 1
    assert found[0].startswith(
        f"{fragment}:{line_of(fragment, 'labell')}: scales[four_level].options[1].labell: unknown key"
    )


def test_a_missing_include_is_reported_where_it_is_named(tmp_path: Path) -> None:
    library = small_library()
    library["include"] = ["nowhere.yaml"]
    path = write(tmp_path, library)
    assert messages(path)[0] == (
        f"{path}:{line_of(path, '- nowhere.yaml')}: include[1]: cannot include 'nowhere.yaml': file not found"
    )


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            paths += _paths(value, (*prefix, index))
    return paths


@pytest.mark.parametrize("wrong", [None, 7, "x", [], {}, [1, "a"], {"th": 1}])
def test_a_wrong_value_anywhere_gives_problems_never_an_exception(wrong: Any) -> None:
    from openita.frameworks.validation import validate_library_data

    for path in _paths(small_library()):
        library = small_library()
        container = library
        for key in path[:-1]:
            container = container[key]
        container[path[-1]] = wrong
        problems = validate_library_data(library, known_unit_types=["police_station"])
        assert isinstance(problems, list), path


@pytest.mark.parametrize("text", ["", "- a list\n- not a mapping\n", "just text", "{a: [}", "\t"])
def test_text_that_is_not_a_library_gives_a_problem(tmp_path: Path, text: str) -> None:
    library = read_library(write(tmp_path, text))
    assert library.errors
    assert all(problem.line >= 0 for problem in library.errors)
