"""The libraries that ship with openita are valid and hold the facts of the ITA reference."""

from pathlib import Path

import pytest

from openita.frameworks.library import (
    SHIPPED_LIBRARY_DIR,
    canonical_library,
    read_library,
    shipped_library_paths,
)
from openita.frameworks.tree import library_tree
from openita.units.models import UnitType

UNIT_TYPES = list(UnitType.values)


def shipped(name: str) -> dict:
    library = read_library(SHIPPED_LIBRARY_DIR / f"{name}.yaml", known_unit_types=UNIT_TYPES)
    assert library.errors == []
    return canonical_library(library.data)


def test_openita_ships_the_three_libraries() -> None:
    names = [path.stem for path in shipped_library_paths()]
    assert names == ["ita-2566-general", "ita-2567-police", "ita-2568-police"]


@pytest.mark.parametrize("path", shipped_library_paths(), ids=lambda path: path.stem)
def test_every_shipped_library_is_valid(path: Path) -> None:
    library = read_library(path, known_unit_types=UNIT_TYPES)
    assert library.errors == []


def test_fy2567_police_library_has_the_framework_of_the_minutes() -> None:
    tree = library_tree(shipped("ita-2567-police"))
    assert tree["unit_types"] == ["police_station", "immigration"]
    assert {i["code"]: i["weight"] for i in tree["instruments"]} == {
        "IIT": 30,
        "EIT": 30,
        "OIT": 40,
    }
    assert tree["counts"]["indicators"] == 10
    assert tree["counts"]["items"] == {"IIT": 30, "EIT": 15, "OIT": 24}
    assert tree["counts"]["answers"]["IIT"] == 51
    oit = next(i for i in tree["instruments"] if i["code"] == "OIT")
    items = [
        item
        for indicator in oit["indicators"]
        for sub in indicator["sub_indicators"]
        for item in sub["oit_items"]
    ]
    assert [item["code"] for item in items] == [f"O{n}" for n in range(1, 25)]
    assert all(item["elements"] for item in items)
    o14 = next(item for item in items if item["code"] == "O14")
    assert o14["formats"] == ["pdf", "xlsx|docx"]
    assert o14["id"] == "ita-2567-police:O14"


def test_iit_items_follow_the_structure_of_the_reference() -> None:
    library = shipped("ita-2567-police")
    items = {item["code"]: item for item in library["survey_items"]}
    indicator_of = {code: item["indicator"] for code, item in items.items()}
    assert [indicator_of[f"i{n}"] for n in range(1, 31)] == [
        n for n in range(1, 6) for _ in range(6)
    ]
    assert [indicator_of[f"e{n}"] for n in range(1, 16)] == [
        n for n in range(6, 9) for _ in range(5)
    ]
    sub_item_counts = {code: len(item.get("sub_items", [])) for code, item in items.items()}
    expected = {"i1": 2, "i3": 3, "i4": 3, "i5": 3, "i6": 3, "i8": 2, "i11": 2, "i12": 3}
    expected |= {"i18": 3, "i26": 2, "i28": 3, "i30": 4}
    assert {c: n for c, n in sub_item_counts.items() if n and c.startswith("i")} == expected
    reverse = {code for code, item in items.items() if item.get("reverse")}
    assert reverse >= {"i9", "i10", "i16", "i17", "i18", "i19", "i22", "i4", "i5", "i6"}
    assert "i11" not in reverse
    assert items["i11"]["sub_items"][1]["reverse"] is True
    assert items["i26"]["scale"] == "yes_no" and not items["i26"].get("reverse")
    assert all(items[code]["scale"] == "yes_no" for code in ("i4", "i5", "i6"))


def test_yes_no_answers_score_as_the_reference_says() -> None:
    tree = library_tree(shipped("ita-2567-police"))
    iit = tree["instruments"][0]
    items = {item["code"]: item for i in iit["indicators"] for item in i["survey_items"]}
    demanded = {o["code"]: o["score"] for o in items["i4"]["sub_items"][0]["options"]}
    assert demanded == {"yes": 0, "no": 100}
    reviewed = {o["code"]: o["score"] for o in items["i26"]["sub_items"][0]["options"]}
    assert reviewed == {"yes": 100, "no": 0}
    four_level = {o["code"]: o["score"] for o in items["i2"]["options"]}
    assert four_level == {"1": 0, "2": 33.33, "3": 66.67, "4": 100}
    reversed_four = {o["code"]: o["score"] for o in items["i9"]["options"]}
    assert reversed_four == {"1": 100, "2": 66.67, "3": 33.33, "4": 0}


def test_sample_wording_is_marked_as_such() -> None:
    tree = library_tree(shipped("ita-2567-police"))
    for instrument in tree["instruments"][:2]:
        for indicator in instrument["indicators"]:
            for item in indicator["survey_items"]:
                assert item["confidence"] == "openita_sample"
                assert all(sub["confidence"] == "openita_sample" for sub in item["sub_items"])


def test_fy2566_general_library_has_43_oit_items() -> None:
    library = shipped("ita-2566-general")
    assert [item["code"] for item in library["oit_items"]] == [f"O{n}" for n in range(1, 44)]
    assert "school" in library["unit_types"]


def test_fy2568_police_library_marks_what_is_not_known() -> None:
    tree = library_tree(shipped("ita-2568-police"))
    assert tree["counts"]["oit_items"] == 25
    oit = tree["instruments"][2]
    o25 = next(item for i in oit["indicators"] for item in i["oit_items"] if item["code"] == "O25")
    assert o25["confidence"] == "unconfirmed"
    assert o25["elements"] == []
    rule = next(r for r in tree["sample_rules"] if r["code"] == "eit_service_users")
    assert (rule["minimum_count"], rule["quota_total"]) == (300, 250)


def test_every_text_has_thai_and_english() -> None:
    def walk(node: object) -> None:
        if isinstance(node, dict):
            if set(node) == {"th", "en"}:
                assert node["th"].strip() and node["en"].strip(), node
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in shipped_library_paths():
        walk(shipped(path.stem))
