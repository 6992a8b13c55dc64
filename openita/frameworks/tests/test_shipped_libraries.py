"""The libraries that ship with openita are valid and hold the facts of the ITA reference."""

import re
from pathlib import Path

import pytest

from openita.frameworks.library import (
    SHIPPED_LIBRARY_DIR,
    canonical_library,
    content_hash,
    read_library,
    shipped_library_paths,
)
from openita.frameworks.purposes import purpose_codes
from openita.frameworks.services import without_annotations
from openita.frameworks.tree import library_tree
from openita.units.models import UnitType

UNIT_TYPES = list(UnitType.values)
PLACEHOLDER = re.compile(r"not known|ยังไม่ทราบ|TODO|placeholder", re.IGNORECASE)


def shipped(name: str) -> dict:
    library = read_library(SHIPPED_LIBRARY_DIR / f"{name}.yaml", known_unit_types=UNIT_TYPES)
    assert library.errors == []
    return canonical_library(library.data)


def test_openita_ships_each_year_and_loads_a_framework_s_versions_in_order() -> None:
    names = [path.stem for path in shipped_library_paths()]
    assert names == [
        "ita-2566-general",
        "ita-2567-police",
        "ita-2568-police",
        "ita-2568-police-v2",
        "ita-2569-general",
        "ita-2569-police",
    ]


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


def test_fy2569_general_has_the_titles_a_unit_published_and_leaves_out_unknown_ones() -> None:
    library = shipped("ita-2569-general")
    codes = [item["code"] for item in library["oit_items"]]
    assert codes == ["O1", "O2", "O3", "O4"] + [f"O{n}" for n in range(8, 27)]
    marks = {item["code"]: item["confidence"] for item in library["oit_items"]}
    assert marks.pop("O2") == "inferred" and set(marks.values()) == {"public_source"}
    assert all("rtrda.or.th" in item["source"] for item in library["oit_items"])
    titles = {item["code"]: item["title"]["th"] for item in library["oit_items"]}
    assert titles["O17"] == "ช่องทางแจ้งเรื่องร้องเรียนการทุจริตและประพฤติมิชอบ"
    assert titles["O25"] == "การนำผลการประเมิน ITA ไปสู่การพัฒนาองค์กร"


def test_fy2568_police_version_2_drops_the_o25_placeholder_and_says_why() -> None:
    library = shipped("ita-2568-police-v2")
    assert (library["urn"], library["version"]) == ("ita-2568-police", 2)
    assert [item["code"] for item in library["oit_items"]] == [f"O{n}" for n in range(1, 25)]
    assert "O25" in library["description"]["en"] and "removed" in library["description"]["en"]
    assert {item["confidence"] for item in library["oit_items"]} == {"inferred"}
    assert all("FY2567" in item["source"] for item in library["oit_items"])


def test_fy2569_libraries_cover_the_unit_types_openita_serves() -> None:
    covered = {
        unit_type
        for name in ("ita-2569-general", "ita-2569-police")
        for unit_type in shipped(name)["unit_types"]
    }
    assert covered == set(UNIT_TYPES)
    for name in ("ita-2569-general", "ita-2569-police"):
        library = shipped(name)
        assert library["fiscal_year"] == 2569
        assert library["confidence"] == "inferred"
        conditions = str([item.get("year_condition") for item in library["oit_items"]])
        assert "2569" in conditions
        assert not re.search(r"256[0-57]", conditions), name


def _effective(node: dict, inherited: str) -> str:
    return node.get("confidence") or inherited


@pytest.mark.parametrize("path", shipped_library_paths(), ids=lambda path: path.stem)
def test_every_oit_item_has_a_title_elements_a_source_and_a_purpose_unless_unconfirmed(
    path: Path,
) -> None:
    """What no source confirms must say so: a shipped OIT item without elements or purposes is
    marked unconfirmed (and so never printed), and every item says where it comes from."""
    library = shipped(path.stem)
    known = set(purpose_codes())
    for item in library["oit_items"]:
        confidence = _effective(item, library.get("confidence", ""))
        assert item["title"]["th"].strip() and item["title"]["en"].strip()
        assert item.get("source") or library.get("source"), item["code"]
        assert not PLACEHOLDER.search(item["title"]["th"] + item["title"]["en"]) or (
            confidence == "unconfirmed"
        ), item["code"]
        if confidence != "unconfirmed":
            assert item.get("elements"), item["code"]
            assert item.get("purposes"), item["code"]
        assert set(item.get("purposes", [])) <= known


def test_every_purpose_finds_its_item_in_the_libraries_of_each_kind() -> None:
    """The tags named in the issue are found in every current library of both families."""
    for name in ("ita-2566-general", "ita-2569-general", "ita-2567-police", "ita-2569-police"):
        tags = {tag for item in shipped(name)["oit_items"] for tag in item.get("purposes", [])}
        assert {
            "complaint-channel",
            "complaint-statistics",
            "no-gift-policy",
            "measures-plan",
            "measures-progress",
            "service-manual",
        } <= tags, name


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


# Content (all but sources, confidence and purposes) of the libraries that installations have loaded and
# frozen before the marks and purposes were added: these may gain annotations, never other changes.
FROZEN_CONTENT = {
    "ita-2566-general": "bee090a1fb0eb92be16e9bc747317c9efd8bcb5d6d78a45a7818a224da2b5232",
    "ita-2567-police": "0fd7e0933b5fd4628297902d9781b8caf43093874b2bd9f54df50790ededdde2",
    "ita-2568-police": "9a3cd3c1b1fb26b0b4cc43470619f0e8a08ac7942a2d00ff2155dfdb2661fd15",
}


@pytest.mark.parametrize("name", sorted(FROZEN_CONTENT))
def test_published_libraries_change_only_in_their_annotations(name: str) -> None:
    """A change other than sources, confidence or purposes must be a new file with a new version:
    installations whose assessments use the version would keep it out (docs/frameworks.md)."""
    assert content_hash(without_annotations(shipped(name))) == FROZEN_CONTENT[name]
