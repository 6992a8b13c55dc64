"""Comparing two framework versions: what was added, removed, reworded."""

from openita.frameworks.compare import (
    ADDED,
    CHANGED,
    REMOVED,
    RENUMBERED,
    REWORDED,
    UNCHANGED,
    compare_libraries,
    compare_oit_items,
    item_summary,
)
from openita.frameworks.library import SHIPPED_LIBRARY_DIR, canonical_library, read_library
from openita.frameworks.tests.factories import small_library


def shipped(name: str) -> dict:
    return canonical_library(read_library(SHIPPED_LIBRARY_DIR / f"{name}.yaml").data)


def test_a_version_compared_with_itself_has_no_differences() -> None:
    assert compare_libraries(small_library(), small_library()).parts == []


def test_fy2568_police_adds_o25_and_rewords_year_conditions() -> None:
    diff = compare_libraries(shipped("ita-2567-police"), shipped("ita-2568-police"))
    o25 = diff.find("oit_item", "O25")
    assert o25 is not None and o25.status == ADDED
    o6 = diff.find("oit_item", "O6")
    assert o6 is not None
    year = next(change for change in o6.changes if change.field == "year_condition")
    assert year.is_rewording
    assert "2568" in year.new["th"] and "2567" in year.old["en"]
    scoring = diff.find("scoring", "")
    assert scoring is not None
    unit_types = next(change for change in scoring.changes if change.field == "unit_types")
    assert (unit_types.old, unit_types.new) == (
        ["police_station", "immigration"],
        ["police_station"],
    )
    assert diff.find("sample_rule", "eit_stakeholder_representatives").status == REMOVED  # type: ignore[union-attr]
    assert diff.find("sample_rule", "iit_staff").status == ADDED  # type: ignore[union-attr]
    assert diff.find("survey_item", "i1") is None
    assert diff.summary()[ADDED] >= 1


def test_reworded_texts_are_told_apart_from_other_changes() -> None:
    old = small_library()
    new = small_library()
    new["survey_items"][1]["text"] = {"th": "ปฏิบัติอย่างเท่าเทียม", "en": "Equal treatment"}
    new["instruments"][0]["weight"] = 35
    new["instruments"][2]["weight"] = 35
    new["oit_items"][0]["elements"] = [
        {"code": "2", "th": "ผู้บริหาร", "en": "Heads"},
        {"code": "3", "th": "เบอร์โทร", "en": "Phone"},
    ]
    diff = compare_libraries(old, new)
    assert diff.find("survey_item", "e1").status == REWORDED  # type: ignore[union-attr]
    weight = diff.find("instrument", "IIT")
    assert weight is not None and weight.status == CHANGED
    assert [(c.field, c.old, c.new) for c in weight.changes] == [("weight", 30, 35)]
    elements = {(p.code, p.status) for p in diff.parts if p.kind == "element"}
    assert elements == {("O1.1", REMOVED), ("O1.3", ADDED)}


def test_parts_are_listed_in_natural_order() -> None:
    old = small_library()
    new = small_library()
    for number in (10, 2):
        item = {**old["oit_items"][0], "code": f"O{number}", "sub_indicator": "9.1"}
        new["oit_items"].append(item)
    diff = compare_libraries(old, new)
    codes = [p.code for p in diff.parts if p.kind == "oit_item"]
    assert codes == ["O2", "O10"]


# -- OIT items, matched by purpose and title ---------------------------------------------------


def _by_new_code(changes: list) -> dict:
    return {change.new_code or f"-{change.old_code}": change for change in changes}


def test_items_renumbered_between_unit_types_are_matched_by_purpose() -> None:
    changes = _by_new_code(
        compare_oit_items(shipped("ita-2566-general"), shipped("ita-2567-police"))
    )
    channel = changes["O16"]
    assert (channel.status, channel.old_code, channel.matched_by) == (
        RENUMBERED,
        "O28",
        "purpose",
    )
    assert channel.title_changed
    assert changes["O12"].status == ADDED  # the criminal investigation fund is police-only
    assert changes["-O10"].status == REMOVED  # personal data policy: not in the police list
    summary = item_summary(list(changes.values()))
    assert summary[RENUMBERED] >= 10 and summary[ADDED] >= 1 and summary[REMOVED] >= 1


def test_the_o25_placeholder_is_the_only_difference_of_fy2568_version_2() -> None:
    changes = compare_oit_items(shipped("ita-2568-police"), shipped("ita-2568-police-v2"))
    assert [(c.status, c.old_code) for c in changes if c.status != UNCHANGED] == [(REMOVED, "O25")]


def test_items_without_purposes_are_matched_by_title_and_their_elements_compared() -> None:
    old = shipped("ita-2569-police")
    new = shipped("ita-2569-police")
    for library in (old, new):
        for item in library["oit_items"]:
            item.pop("purposes", None)
    moved = new["oit_items"].pop(2)  # O3 relevant laws becomes O30, slightly reworded
    moved = {**moved, "code": "O30", "elements": list(moved["elements"])}
    moved["title"] = {"th": moved["title"]["th"] + "ของหน่วย", "en": moved["title"]["en"]}
    moved["elements"][0] = {"th": moved["elements"][0]["th"] + " ล่าสุด", "en": "Latest"}
    moved["elements"].append({"th": "ลิงก์ไปยังราชกิจจานุเบกษา", "en": "Links to the Gazette"})
    new["oit_items"].append(moved)
    changes = _by_new_code(compare_oit_items(old, new))
    laws = changes["O30"]
    assert (laws.status, laws.old_code, laws.matched_by) == (RENUMBERED, "O3", "title")
    assert laws.elements_added == [{"th": "ลิงก์ไปยังราชกิจจานุเบกษา", "en": "Links to the Gazette"}]
    assert len(laws.elements_reworded) == 1 and laws.elements_removed == []
    assert changes["O4"].status == UNCHANGED


def test_the_same_code_for_another_purpose_is_not_the_same_item() -> None:
    changes = _by_new_code(
        compare_oit_items(shipped("ita-2566-general"), shipped("ita-2567-police"))
    )
    # O2 is "executives" in the general list and "duties and area" in the police list.
    assert changes["O2"].old_code == "O3"
    assert changes["-O2"].status == REMOVED
    assert (changes["O1"].old_code, changes["O1"].matched_by) == ("O1", "code")
