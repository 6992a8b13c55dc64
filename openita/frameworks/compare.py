"""What changed between two framework versions: parts added, removed, reworded or otherwise changed.

Parts are matched by kind and code (``O23`` in one version is ``O23`` in the other), on the canonical
libraries, so any two versions (two years, a clone and its source) can be compared.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
