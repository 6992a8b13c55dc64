"""What changed between two framework versions: parts added, removed, reworded or otherwise changed.

Parts are matched by kind and code (``O23`` in one version is ``O23`` in the other), on the canonical
libraries, so any two versions (two years, a clone and its source) can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from difflib import SequenceMatcher
from typing import Any

ADDED = "added"
REMOVED = "removed"
CHANGED = "changed"
REWORDED = "reworded"

KIND_ORDER = (
    "scoring",
    "instrument",
    "indicator",
    "sub_indicator",
    "scale",
    "survey_item",
    "oit_item",
    "element",
    "grade_band",
    "rating_level",
    "sample_rule",
    "quota",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: Any
    new: Any

    @property
    def is_rewording(self) -> bool:
        """A text changed (in either language); provenance changes do not decide a part's status."""
        return _is_text(self.old) and _is_text(self.new)


@dataclass
class PartChange:
    kind: str
    code: str
    status: str
    label: Any = None  # a {th, en} text naming the part, when it has one
    changes: list[FieldChange] = field(default_factory=list)


@dataclass
class VersionDiff:
    parts: list[PartChange]

    def of_status(self, status: str) -> list[PartChange]:
        return [part for part in self.parts if part.status == status]

    @property
    def added(self) -> list[PartChange]:
        return self.of_status(ADDED)

    @property
    def removed(self) -> list[PartChange]:
        return self.of_status(REMOVED)

    @property
    def changed(self) -> list[PartChange]:
        return [part for part in self.parts if part.status in (CHANGED, REWORDED)]

    def find(self, kind: str, code: str) -> PartChange | None:
        return next((p for p in self.parts if p.kind == kind and p.code == code), None)

    def summary(self) -> dict[str, int]:
        return {
            ADDED: len(self.added),
            REMOVED: len(self.removed),
            REWORDED: len(self.of_status(REWORDED)),
            CHANGED: len(self.of_status(CHANGED)),
        }


def _is_text(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == {"th", "en"}


def _fields(node: dict[str, Any], *keys: str) -> dict[str, Any]:
    return {key: node.get(key) for key in (*keys, "source", "confidence")}


def _parts(library: dict[str, Any]) -> dict[tuple[str, str], tuple[Any, dict[str, Any]]]:
    """(kind, code) → (label, comparable fields) for every part of a canonical library."""
    parts: dict[tuple[str, str], tuple[Any, dict[str, Any]]] = {}
    scoring = library["scoring"]
    parts[("scoring", "")] = (
        None,
        _fields(scoring, "pass_threshold", "indicator_benchmark", "oit_scoring", "rollup"),
    )
    parts[("scoring", "")][1]["unit_types"] = library["unit_types"]
    for instrument in library["instruments"]:
        parts[("instrument", instrument["code"])] = (
            instrument["name"],
            _fields(instrument, "name", "kind", "weight", "help"),
        )
    for indicator in library["indicators"]:
        parts[("indicator", str(indicator["number"]))] = (
            indicator["name"],
            _fields(indicator, "name", "instrument", "help"),
        )
    for sub in library.get("sub_indicators", []):
        parts[("sub_indicator", sub["code"])] = (
            sub["name"],
            _fields(sub, "name", "indicator", "help"),
        )
    for scale in library["scales"]:
        parts[("scale", scale["code"])] = (scale["name"], _fields(scale, "name", "options"))
    default_scoring = scoring["oit_scoring"]
    for item in library["survey_items"]:
        reverse = item.get("reverse", False)
        parts[("survey_item", item["code"])] = (
            item["text"],
            {**_fields(item, "indicator", "text", "help", "scale"), "reverse": reverse},
        )
        for sub_item in item.get("sub_items", []):
            parts[("survey_item", sub_item["code"])] = (
                sub_item["text"],
                {
                    **_fields(sub_item, "text", "help"),
                    "indicator": item["indicator"],
                    "scale": sub_item.get("scale", item["scale"]),
                    "reverse": sub_item.get("reverse", reverse),
                },
            )
    for item in library["oit_items"]:
        parts[("oit_item", item["code"])] = (
            item["title"],
            {
                **_fields(item, "indicator", "sub_indicator", "title", "help", "year_condition"),
                "formats": item.get("formats", []),
                "monthly": item.get("monthly", {}),
                "scoring": item.get("scoring", default_scoring),
            },
        )
        for position, element in enumerate(item.get("elements", []), start=1):
            code = f"{item['code']}.{element.get('code', str(position))}"
            text = {"th": element["th"], "en": element["en"]}
            parts[("element", code)] = (text, {**_fields(element), "text": text})
    for band in library["grade_bands"]:
        parts[("grade_band", band["code"])] = (
            band.get("name"),
            _fields(band, "min_score", "name"),
        )
    for level in library["rating_levels"]:
        parts[("rating_level", level["code"])] = (
            level["name"],
            _fields(level, "name", "min_total", "instrument_minimums"),
        )
    for rule in library.get("sample_rules", []):
        parts[("sample_rule", rule["code"])] = (
            rule["name"],
            _fields(
                rule,
                "instrument",
                "name",
                "unit_types",
                "minimum_count",
                "population_share_percent",
                "combine",
                "maximum_count",
                "cap_at_population",
                "note",
            ),
        )
        for quota in rule.get("quotas", []):
            parts[("quota", f"{rule['code']}.{quota['code']}")] = (
                quota["name"],
                _fields(quota, "kind", "name", "minimum_count"),
            )
    return parts


def _order(key: tuple[str, str]) -> tuple[int, list[Any]]:
    kind, code = key
    natural = [int(part) if part.isdigit() else part for part in _split_code(code)]
    return (KIND_ORDER.index(kind), natural)


def _split_code(code: str) -> list[str]:
    """``O12.3`` → ``['O', '12', '.', '3']`` so that O2 sorts before O10."""
    pieces: list[str] = []
    current = ""
    for char in code:
        if current and char.isdigit() != current[-1].isdigit():
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def compare_libraries(old: dict[str, Any], new: dict[str, Any]) -> VersionDiff:
    """The differences from canonical library ``old`` to ``new``."""
    old_parts = _parts(old)
    new_parts = _parts(new)
    result: list[PartChange] = []
    for key in sorted(set(old_parts) | set(new_parts), key=_order):
        kind, code = key
        if key not in old_parts:
            result.append(PartChange(kind, code, ADDED, new_parts[key][0]))
            continue
        if key not in new_parts:
            result.append(PartChange(kind, code, REMOVED, old_parts[key][0]))
            continue
        old_label, old_fields = old_parts[key]
        new_label, new_fields = new_parts[key]
        changes = [
            FieldChange(name, old_fields.get(name), new_fields.get(name))
            for name in dict.fromkeys([*old_fields, *new_fields])
            if old_fields.get(name) != new_fields.get(name)
        ]
        if changes:
            content = [c for c in changes if c.field not in ("source", "confidence")]
            reworded = content and all(change.is_rewording for change in content)
            status = REWORDED if reworded else CHANGED
            result.append(PartChange(kind, code, status, new_label or old_label, changes))
    return VersionDiff(result)


# ---------------------------------------------------------------------------------------------
# OIT items between two years: matched by what they are for, not only by number

UNCHANGED = "unchanged"
RENUMBERED = "renumbered"
TITLE_SIMILAR = 0.75  # titles at least this similar are the same item when nothing else matches
ELEMENT_SIMILAR = 0.85  # an element reworded this little is the same element


@dataclass
class ItemChange:
    """One OIT item from one version to the other.

    ``status``: added, removed, renumbered (another code, perhaps also changed), changed (same code,
    other title or elements) or unchanged. ``matched_by``: code, purpose or title.
    """

    status: str
    old: dict[str, Any] | None
    new: dict[str, Any] | None
    matched_by: str = ""
    title_changed: bool = False
    elements_added: list[dict[str, str]] = field(default_factory=list)
    elements_removed: list[dict[str, str]] = field(default_factory=list)
    elements_reworded: list[tuple[dict[str, str], dict[str, str]]] = field(default_factory=list)

    @property
    def old_code(self) -> str:
        return self.old["code"] if self.old else ""

    @property
    def new_code(self) -> str:
        return self.new["code"] if self.new else ""

    @property
    def title(self) -> dict[str, str]:
        return (self.new or self.old or {}).get("title", {})

    @property
    def purposes(self) -> list[str]:
        return list((self.new or self.old or {}).get("purposes", []))

    @property
    def elements_changed(self) -> bool:
        return bool(self.elements_added or self.elements_removed or self.elements_reworded)


def _normal(text: str) -> str:
    return "".join(text.split()).lower()


def similarity(first: str, second: str) -> float:
    """0 … 1: how alike two titles are once spaces and case are left out."""
    return SequenceMatcher(None, _normal(first), _normal(second)).ratio()


def _title_similarity(old: dict[str, Any], new: dict[str, Any]) -> float:
    return max(
        similarity(old["title"]["th"], new["title"]["th"]),
        similarity(old["title"]["en"], new["title"]["en"]),
    )


def _purpose_overlap(old: dict[str, Any], new: dict[str, Any]) -> float:
    first, second = set(old.get("purposes", [])), set(new.get("purposes", []))
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def _element_texts(item: dict[str, Any]) -> list[dict[str, str]]:
    return [{"th": e["th"], "en": e["en"]} for e in item.get("elements", [])]


def _element_changes(old: dict[str, Any], new: dict[str, Any]) -> ItemChange:
    change = ItemChange(CHANGED, old, new)
    remaining = _element_texts(new)
    for element in _element_texts(old):
        if element in remaining:
            remaining.remove(element)
            continue
        best = max(remaining, key=lambda e: similarity(e["th"], element["th"]), default=None)
        if best is not None and similarity(best["th"], element["th"]) >= ELEMENT_SIMILAR:
            remaining.remove(best)
            change.elements_reworded.append((element, best))
        else:
            change.elements_removed.append(element)
    change.elements_added = remaining
    return change


def _pair(old: dict[str, Any], new: dict[str, Any], matched_by: str) -> ItemChange:
    change = _element_changes(old, new)
    change.matched_by = matched_by
    change.title_changed = old["title"] != new["title"]
    if old["code"] != new["code"]:
        change.status = RENUMBERED
    elif change.title_changed or change.elements_changed:
        change.status = CHANGED
    else:
        change.status = UNCHANGED
    return change


def compare_oit_items(old: dict[str, Any], new: dict[str, Any]) -> list[ItemChange]:
    """Per OIT item, what changed from canonical library ``old`` to ``new`` (two years, or a draft
    and its source). Items are paired in three passes: the same code when the item is still for the
    same thing (a purpose in common, or a similar title when either has no purposes); then the same
    purposes (a renumbered item); then a similar title. What is left is removed or added. The list
    follows the new version's order, removed items last in the old order."""
    old_items: list[dict[str, Any]] = list(old["oit_items"])
    new_items: list[dict[str, Any]] = list(new["oit_items"])
    pairs: dict[str, tuple[dict[str, Any], str]] = {}  # new code → (old item, matched by)
    taken: set[str] = set()

    def take(old_item: dict[str, Any], new_item: dict[str, Any], how: str) -> None:
        pairs[new_item["code"]] = (old_item, how)
        taken.add(old_item["code"])

    old_by_code = {item["code"]: item for item in old_items}
    for new_item in new_items:
        old_item = old_by_code.get(new_item["code"])
        if old_item is None:
            continue
        both_tagged = old_item.get("purposes") and new_item.get("purposes")
        if (both_tagged and _purpose_overlap(old_item, new_item) > 0) or (
            not both_tagged and _title_similarity(old_item, new_item) >= TITLE_SIMILAR / 2
        ):
            take(old_item, new_item, "code")
    for how, score, threshold in (
        ("purpose", _purpose_overlap, 0.5),
        ("title", _title_similarity, TITLE_SIMILAR),
    ):
        candidates = sorted(
            (
                (score(o, n) + _title_similarity(o, n) / 10, o, n)
                for n in new_items
                if n["code"] not in pairs
                for o in old_items
                if o["code"] not in taken
            ),
            key=lambda entry: -entry[0],
        )
        for _value, old_item, new_item in candidates:
            if new_item["code"] in pairs or old_item["code"] in taken:
                continue
            if score(old_item, new_item) >= threshold:
                take(old_item, new_item, how)
    result: list[ItemChange] = []
    for new_item in new_items:
        if new_item["code"] in pairs:
            old_item, how = pairs[new_item["code"]]
            result.append(_pair(old_item, new_item, how))
        else:
            result.append(ItemChange(ADDED, None, new_item))
    result += [ItemChange(REMOVED, item, None) for item in old_items if item["code"] not in taken]
    return result


def item_summary(changes: list[ItemChange]) -> dict[str, int]:
    statuses = (ADDED, REMOVED, RENUMBERED, CHANGED, UNCHANGED)
    return {status: sum(1 for c in changes if c.status == status) for status in statuses}


def item_change_line(change: ItemChange) -> str:
    """One line for the command: ``~ O28 → O16 renumbered (purpose) …``."""
    mark = {ADDED: "+", REMOVED: "-", UNCHANGED: " "}.get(change.status, "~")
    codes = change.new_code or change.old_code
    if change.status == RENUMBERED:
        codes = f"{change.old_code} → {change.new_code}"
    parts = [f"{mark} {codes:<12} {change.status:<10} {change.title.get('th', '')}"]
    if change.matched_by and change.matched_by != "code":
        parts.append(f"[matched by {change.matched_by}]")
    if change.title_changed and change.old:
        parts.append(f"[title was: {change.old['title']['th']}]")
    if change.elements_changed:
        parts.append(
            f"[elements +{len(change.elements_added)} -{len(change.elements_removed)} "
            f"~{len(change.elements_reworded)}]"
        )
    return " ".join(parts)


def item_change_json(change: ItemChange) -> dict[str, Any]:
    return {
        "status": change.status,
        "old_code": change.old_code or None,
        "new_code": change.new_code or None,
        "matched_by": change.matched_by or None,
        "title": change.title,
        "old_title": change.old["title"] if change.old else None,
        "purposes": change.purposes,
        "elements_added": change.elements_added,
        "elements_removed": change.elements_removed,
        "elements_reworded": [{"old": old, "new": new} for old, new in change.elements_reworded],
    }
