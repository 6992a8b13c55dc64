"""Check a framework library and say precisely what is wrong: file, line, field, problem.

Two passes over the (already include-merged) library data:

1. shape: every part has only known keys, the required ones, values of the right type, codes of the
   right form, both languages of every text;
2. meaning: identifiers are unique, references resolve (an item's indicator, a scale, a
   sub-indicator), instrument weights add up to 100, grade bands start at 0, quotas fit their
   minimum, and the like.

Problems are errors (the library cannot be loaded) or warnings (it can, but someone should look).
Nothing here touches the database, so the checks run the same for files, exports and forms.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .purposes import purpose_codes
from .schema import (
    FILE_FORMATS,
    IDENTIFYING_KEY,
    LANGUAGES,
    ROLLUP_CHOICES,
    SCHEMAS,
    SURVEY_KINDS,
    Field,
)
from .yamlio import Origin, origin_of

ERROR = "error"
WARNING = "warning"

LANGUAGE_NAMES = {"th": "Thai", "en": "English"}
WEIGHT_TOLERANCE = 0.001


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a library, located as precisely as the data allows."""

    file: str
    line: int
    field: str
    message: str
    severity: str = ERROR

    def __str__(self) -> str:
        label = "" if self.severity == ERROR else " (warning)"
        return f"{self.file}:{self.line}: {self.field}: {self.message}{label}"

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR


class _Report:
    def __init__(self, default_file: str) -> None:
        self.default_file = default_file
        self.problems: list[Problem] = []

    def add(self, origin: Origin | None, field: str, message: str, severity: str = ERROR) -> None:
        file = origin.file if origin else self.default_file
        line = origin.line if origin else 0
        self.problems.append(Problem(file, line, field or "(library)", message, severity))

    def error(self, origin: Origin | None, field: str, message: str) -> None:
        self.add(origin, field, message, ERROR)

    def warning(self, origin: Origin | None, field: str, message: str) -> None:
        self.add(origin, field, message, WARNING)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _all_numbers(values: Sequence[Any]) -> list[float] | None:
    """The values when every one is a number, else None."""
    if all(_is_number(value) for value in values):
        return [float(value) for value in values]
    return None


def _entry_label(node: Any, schema_name: str, index: int) -> str:
    key = IDENTIFYING_KEY.get(schema_name)
    if key and isinstance(node, dict):
        value = node.get(key)
        if isinstance(value, str | int) and not isinstance(value, bool):
            return str(value)
    return str(index + 1)


# ---------------------------------------------------------------------------------------------
# Pass 1: shape


def _check_node(
    report: _Report, schema_name: str, node: Any, path: str, origin: Origin | None
) -> None:
    schema = SCHEMAS[schema_name]
    if not isinstance(node, dict):
        report.error(origin, path, "must be a mapping of keys to values")
        return
    for key in node:
        if key not in schema:
            known = ", ".join(schema)
            report.error(
                origin_of(node, key),
                _join(path, str(key)),
                f"unknown key '{key}' (known keys here: {known})",
            )
    for key, field in schema.items():
        field_path = _join(path, key)
        if key not in node:
            if field.required:
                hint = f": {field.hint}" if field.hint else ""
                report.error(origin_of(node), field_path, f"missing required key '{key}'{hint}")
            continue
        _check_value(report, field, node, key, field_path)


def _check_value(report: _Report, field: Field, node: Any, key: str, path: str) -> None:
    value = node[key]
    origin = origin_of(node, key)
    kind = field.kind
    if kind == "text":
        _check_text(report, value, path, origin)
    elif kind == "string":
        if not isinstance(value, str) or not value.strip():
            report.error(origin, path, "must be non-empty text")
    elif kind == "code":
        _check_code(report, field, node, key, path, origin)
    elif kind in ("integer", "number"):
        _check_number(report, field, value, path, origin)
    elif kind == "boolean":
        if not isinstance(value, bool):
            report.error(origin, path, "must be true or false")
    elif kind == "choice":
        if value not in field.choices:
            allowed = ", ".join(field.choices)
            report.error(origin, path, f"'{value}' is not one of: {allowed}")
    elif kind == "string_list":
        _check_string_list(report, value, path, origin)
    elif kind == "number_map":
        _check_number_map(report, value, path, origin)
    elif kind == "choice_map":
        _check_rollup(report, value, path, origin)
    elif kind == "node":
        _check_node(report, field.node, value, path, origin)
    elif kind == "node_list":
        _check_node_list(report, field.node, value, path, origin)
    else:  # pragma: no cover - schema programming error
        raise ValueError(f"unknown field kind {kind}")


def _check_text(report: _Report, value: Any, path: str, origin: Origin | None) -> None:
    if isinstance(value, str):
        report.error(origin, path, "must give both languages, e.g. {th: ..., en: ...}")
        return
    if not isinstance(value, dict):
        report.error(origin, path, "must be a mapping with 'th' and 'en' texts")
        return
    for language in value:
        if language not in LANGUAGES:
            report.error(
                origin_of(value, language),
                _join(path, str(language)),
                f"unknown language '{language}' (use th and en)",
            )
    for language in LANGUAGES:
        text = value.get(language)
        if text is None:
            name = LANGUAGE_NAMES[language]
            report.error(origin_of(value), _join(path, language), f"missing the {name} text")
        elif not isinstance(text, str) or not text.strip():
            report.error(
                origin_of(value, language), _join(path, language), "must be non-empty text"
            )


def _check_code(
    report: _Report, field: Field, node: Any, key: str, path: str, origin: Origin | None
) -> None:
    value = node[key]
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
        node[key] = value
    if not isinstance(value, str):
        hint = " (write it in quotes)" if isinstance(value, float | bool) else ""
        report.error(origin, path, f"must be a code written as text{hint}")
        return
    if field.pattern and not re.match(field.pattern, value):
        report.error(origin, path, f"'{value}' is not a valid code here")


def _check_number(
    report: _Report, field: Field, value: Any, path: str, origin: Origin | None
) -> None:
    if field.kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        report.error(origin, path, "must be a whole number")
        return
    if not _is_number(value):
        report.error(origin, path, "must be a number")
        return
    if field.minimum is not None and value < field.minimum:
        report.error(origin, path, f"must be at least {field.minimum:g}")
    if field.maximum is not None and value > field.maximum:
        report.error(origin, path, f"must be at most {field.maximum:g}")


def _check_string_list(report: _Report, value: Any, path: str, origin: Origin | None) -> None:
    if not isinstance(value, list):
        report.error(origin, path, "must be a list")
        return
    for index, entry in enumerate(value):
        if not isinstance(entry, str) or not entry.strip():
            report.error(origin_of(value, index), f"{path}[{index + 1}]", "must be text")


def _check_number_map(report: _Report, value: Any, path: str, origin: Origin | None) -> None:
    if not isinstance(value, dict):
        report.error(origin, path, "must be a mapping of instrument codes to numbers")
        return
    for key, number in value.items():
        if not _is_number(number) or not 0 <= number <= 100:
            report.error(
                origin_of(value, key), _join(path, str(key)), "must be a number from 0 to 100"
            )


def _check_rollup(report: _Report, value: Any, path: str, origin: Origin | None) -> None:
    if not isinstance(value, dict):
        report.error(origin, path, "must be a mapping of levels to roll-up rules")
        return
    for key, rule in value.items():
        if key not in ROLLUP_CHOICES:
            known = ", ".join(ROLLUP_CHOICES)
            report.error(
                origin_of(value, key),
                _join(path, str(key)),
                f"unknown key '{key}' (known keys here: {known})",
            )
        elif rule not in ROLLUP_CHOICES[key]:
            allowed = ", ".join(ROLLUP_CHOICES[key])
            report.error(
                origin_of(value, key), _join(path, key), f"'{rule}' is not one of: {allowed}"
            )
    for key in ROLLUP_CHOICES:
        if key not in value:
            report.error(origin, _join(path, key), f"missing required key '{key}'")


def _check_node_list(
    report: _Report, schema_name: str, value: Any, path: str, origin: Origin | None
) -> None:
    if not isinstance(value, list):
        report.error(origin, path, "must be a list")
        return
    for index, entry in enumerate(value):
        label = _entry_label(entry, schema_name, index)
        _check_node(report, schema_name, entry, f"{path}[{label}]", origin_of(value, index))


# ---------------------------------------------------------------------------------------------
# Pass 2: meaning


def _nodes(data: dict[str, Any], key: str) -> list[tuple[int, dict[str, Any]]]:
    entries = data.get(key)
    if not isinstance(entries, list):
        return []
    return [(index, entry) for index, entry in enumerate(entries) if isinstance(entry, dict)]


def _check_unique(
    report: _Report,
    entries: Iterable[tuple[str, dict[str, Any]]],
    key: str,
    what: str,
) -> None:
    """``entries``: (path of the entry, entry). Reports every repeat of ``entry[key]``."""
    seen: dict[Any, str] = {}
    for path, entry in entries:
        value = entry.get(key)
        if value is None or isinstance(value, dict | list):
            continue
        if value in seen:
            report.error(
                origin_of(entry, key),
                _join(path, key),
                f"duplicate identifier: {what} '{value}' is already defined at {seen[value]}",
            )
        else:
            seen[value] = str(origin_of(entry, key) or path)


def _check_meaning(report: _Report, data: dict[str, Any], known_unit_types: Sequence[str]) -> None:
    _check_unit_types(report, data, known_unit_types)
    instruments = _check_instruments(report, data)
    indicators = _check_indicators(report, data, instruments)
    sub_indicators = _check_sub_indicators(report, data, indicators)
    scales = _check_scales(report, data)
    items_per_indicator: Counter[int] = Counter()
    _check_survey_items(report, data, instruments, indicators, scales, items_per_indicator)
    _check_oit_items(report, data, instruments, indicators, sub_indicators, items_per_indicator)
    _check_indicator_coverage(report, data, instruments, indicators, items_per_indicator)
    _check_grades_and_ratings(report, data, instruments)
    _check_sample_rules(report, data, instruments, known_unit_types)


def _check_unit_types(
    report: _Report, data: dict[str, Any], known_unit_types: Sequence[str]
) -> None:
    unit_types = data.get("unit_types")
    if not isinstance(unit_types, list):
        return
    if not unit_types:
        report.error(origin_of(data, "unit_types"), "unit_types", "name at least one unit type")
    counts = Counter(unit_type for unit_type in unit_types if isinstance(unit_type, str))
    for index, unit_type in enumerate(unit_types):
        if not isinstance(unit_type, str):
            continue  # reported by the shape checks
        path = f"unit_types[{index + 1}]"
        if known_unit_types and unit_type not in known_unit_types:
            allowed = ", ".join(known_unit_types)
            report.error(
                origin_of(unit_types, index),
                path,
                f"unknown unit type '{unit_type}' (known: {allowed})",
            )
        if counts[unit_type] > 1:
            report.error(origin_of(unit_types, index), path, f"'{unit_type}' is listed twice")
            counts[unit_type] = 1


def _check_instruments(report: _Report, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries = [
        (f"instruments[{_entry_label(e, 'instrument', i)}]", e)
        for i, e in _nodes(data, "instruments")
    ]
    _check_unique(report, entries, "code", "instrument")
    instruments = {e["code"]: e for _, e in entries if isinstance(e.get("code"), str)}
    weights = _all_numbers([e.get("weight") for _, e in entries])
    if entries and weights is not None:
        total = sum(weights)
        if abs(total - 100) > WEIGHT_TOLERANCE:
            report.error(
                origin_of(data, "instruments"),
                "instruments",
                f"instrument weights add up to {total:g}, not 100",
            )
    if isinstance(data.get("instruments"), list) and not entries:
        report.error(origin_of(data, "instruments"), "instruments", "define at least one")
    return instruments


def _check_indicators(
    report: _Report, data: dict[str, Any], instruments: dict[str, dict[str, Any]]
) -> dict[int, dict[str, Any]]:
    entries = [
        (f"indicators[{_entry_label(e, 'indicator', i)}]", e) for i, e in _nodes(data, "indicators")
    ]
    _check_unique(report, entries, "number", "indicator")
    for path, entry in entries:
        instrument = entry.get("instrument")
        if isinstance(instrument, str) and instrument not in instruments:
            report.error(
                origin_of(entry, "instrument"),
                _join(path, "instrument"),
                f"no instrument '{instrument}' is defined",
            )
    return {e["number"]: e for _, e in entries if isinstance(e.get("number"), int)}


def _check_sub_indicators(
    report: _Report, data: dict[str, Any], indicators: dict[int, dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    entries = [
        (f"sub_indicators[{_entry_label(e, 'sub_indicator', i)}]", e)
        for i, e in _nodes(data, "sub_indicators")
    ]
    _check_unique(report, entries, "code", "sub-indicator")
    for path, entry in entries:
        indicator = entry.get("indicator")
        code = entry.get("code")
        if isinstance(indicator, int) and indicator not in indicators:
            report.error(
                origin_of(entry, "indicator"),
                _join(path, "indicator"),
                f"no indicator {indicator} is defined",
            )
        if (
            isinstance(code, str)
            and isinstance(indicator, int)
            and not code.startswith(f"{indicator}.")
        ):
            report.error(
                origin_of(entry, "code"),
                _join(path, "code"),
                f"sub-indicator '{code}' must start with its indicator number {indicator}.",
            )
    return {e["code"]: e for _, e in entries if isinstance(e.get("code"), str)}


def _check_scales(report: _Report, data: dict[str, Any]) -> dict[str, dict[str, Any]]:
    entries = [(f"scales[{_entry_label(e, 'scale', i)}]", e) for i, e in _nodes(data, "scales")]
    _check_unique(report, entries, "code", "scale")
    for path, scale in entries:
        options = scale.get("options")
        if not isinstance(options, list):
            continue
        if not options:
            report.error(
                origin_of(scale, "options"), _join(path, "options"), "a scale needs answer options"
            )
        option_entries = [
            (f"{path}.options[{_entry_label(o, 'option', i)}]", o)
            for i, o in enumerate(options)
            if isinstance(o, dict)
        ]
        _check_unique(report, option_entries, "code", "answer option")
        if option_entries and not any(_is_number(o.get("score")) for _, o in option_entries):
            report.error(origin_of(scale), path, "this scale has no scores")
    return {e["code"]: e for _, e in entries if isinstance(e.get("code"), str)}


def _check_item_indicator(
    report: _Report,
    path: str,
    item: dict[str, Any],
    instruments: dict[str, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    want_survey: bool,
) -> int | None:
    number = item.get("indicator")
    if not isinstance(number, int):
        return None
    indicator = indicators.get(number)
    if indicator is None:
        report.error(
            origin_of(item, "indicator"),
            _join(path, "indicator"),
            f"no indicator {number} is defined: every item belongs to an indicator",
        )
        return None
    instrument_code = indicator.get("instrument")
    instrument = instruments.get(instrument_code) if isinstance(instrument_code, str) else None
    if instrument is None:
        return number
    is_survey = instrument.get("kind") in SURVEY_KINDS
    if want_survey and not is_survey:
        report.error(
            origin_of(item, "indicator"),
            _join(path, "indicator"),
            f"indicator {number} belongs to {instrument['code']}, which has no survey items",
        )
    if not want_survey and is_survey:
        report.error(
            origin_of(item, "indicator"),
            _join(path, "indicator"),
            f"indicator {number} belongs to the survey {instrument['code']}, not to disclosure",
        )
    return number


def _check_scale_reference(
    report: _Report, path: str, item: dict[str, Any], scales: dict[str, dict[str, Any]]
) -> None:
    scale = item.get("scale")
    if isinstance(scale, str) and scale not in scales:
        report.error(
            origin_of(item, "scale"), _join(path, "scale"), f"no scale '{scale}' is defined"
        )


def _check_survey_items(
    report: _Report,
    data: dict[str, Any],
    instruments: dict[str, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    scales: dict[str, dict[str, Any]],
    items_per_indicator: Counter[int],
) -> None:
    all_entries: list[tuple[str, dict[str, Any]]] = []
    for index, item in _nodes(data, "survey_items"):
        path = f"survey_items[{_entry_label(item, 'survey_item', index)}]"
        all_entries.append((path, item))
        number = _check_item_indicator(report, path, item, instruments, indicators, True)
        if number is not None:
            items_per_indicator[number] += 1
        _check_scale_reference(report, path, item, scales)
        sub_items = item.get("sub_items")
        if not isinstance(sub_items, list):
            continue
        if not sub_items:
            report.error(
                origin_of(item, "sub_items"),
                _join(path, "sub_items"),
                "leave sub_items out rather than empty",
            )
        code = item.get("code")
        for sub_index, sub_item in enumerate(sub_items):
            if not isinstance(sub_item, dict):
                continue
            sub_path = f"{path}.sub_items[{_entry_label(sub_item, 'survey_sub_item', sub_index)}]"
            all_entries.append((sub_path, sub_item))
            _check_scale_reference(report, sub_path, sub_item, scales)
            sub_code = sub_item.get("code")
            if (
                isinstance(code, str)
                and isinstance(sub_code, str)
                and not sub_code.startswith(f"{code}.")
            ):
                report.error(
                    origin_of(sub_item, "code"),
                    _join(sub_path, "code"),
                    f"sub-item '{sub_code}' must start with its item code {code}.",
                )
    _check_unique(report, all_entries, "code", "survey item")


def _check_oit_items(
    report: _Report,
    data: dict[str, Any],
    instruments: dict[str, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    sub_indicators: dict[str, dict[str, Any]],
    items_per_indicator: Counter[int],
) -> None:
    entries = []
    for index, item in _nodes(data, "oit_items"):
        path = f"oit_items[{_entry_label(item, 'oit_item', index)}]"
        entries.append((path, item))
        number = _check_item_indicator(report, path, item, instruments, indicators, False)
        if number is not None:
            items_per_indicator[number] += 1
        sub_code = item.get("sub_indicator")
        if isinstance(sub_code, str):
            sub_indicator = sub_indicators.get(sub_code)
            if sub_indicator is None:
                report.error(
                    origin_of(item, "sub_indicator"),
                    _join(path, "sub_indicator"),
                    f"no sub-indicator '{sub_code}' is defined",
                )
            elif number is not None and sub_indicator.get("indicator") != number:
                report.error(
                    origin_of(item, "sub_indicator"),
                    _join(path, "sub_indicator"),
                    f"sub-indicator '{sub_code}' is not part of indicator {number}",
                )
        _check_formats(report, path, item)
        _check_purposes(report, path, item)
        elements = item.get("elements")
        if isinstance(elements, list):
            element_entries = [
                (f"{path}.elements[{_entry_label(e, 'element', i)}]", e)
                for i, e in enumerate(elements)
                if isinstance(e, dict)
            ]
            _check_unique(report, element_entries, "code", "element")
        if not elements:
            report.warning(
                origin_of(item), path, "no elements: the checklist of what to show is empty"
            )
    _check_unique(report, entries, "code", "OIT item")


def _check_purposes(report: _Report, path: str, item: dict[str, Any]) -> None:
    given = item.get("purposes")
    if given is None:
        report.warning(
            origin_of(item),
            path,
            _("no purposes: features cannot find this item by what it is for (purposes.yaml)"),
        )
        return
    if not isinstance(given, list):
        return
    known = purpose_codes()
    seen: set[str] = set()
    for index, code in enumerate(given):
        if not isinstance(code, str):
            continue
        if code not in known:
            report.error(
                origin_of(given, index),
                f"{path}.purposes[{index + 1}]",
                f"unknown purpose '{code}' (add it to openita/frameworks/purposes.yaml first)",
            )
        elif code in seen:
            report.error(
                origin_of(given, index), f"{path}.purposes[{index + 1}]", f"'{code}' given twice"
            )
        seen.add(code)


def _check_formats(report: _Report, path: str, item: dict[str, Any]) -> None:
    formats = item.get("formats")
    if not isinstance(formats, list):
        return
    for index, requirement in enumerate(formats):
        if not isinstance(requirement, str):
            continue
        for alternative in requirement.split("|"):
            if alternative.strip() not in FILE_FORMATS:
                allowed = ", ".join(FILE_FORMATS)
                report.error(
                    origin_of(formats, index),
                    f"{path}.formats[{index + 1}]",
                    f"unknown file format '{alternative.strip()}' (known: {allowed}; "
                    "write alternatives as pdf|docx)",
                )


def _check_indicator_coverage(
    report: _Report,
    data: dict[str, Any],
    instruments: dict[str, dict[str, Any]],
    indicators: dict[int, dict[str, Any]],
    items_per_indicator: Counter[int],
) -> None:
    for number, indicator in indicators.items():
        if items_per_indicator[number] == 0:
            report.error(
                origin_of(indicator),
                f"indicators[{number}]",
                "this indicator has no items",
            )
    used = {
        indicator["instrument"]
        for indicator in indicators.values()
        if isinstance(indicator.get("instrument"), str)
    }
    for code, instrument in instruments.items():
        if code not in used:
            report.error(
                origin_of(instrument), f"instruments[{code}]", "this instrument has no indicators"
            )


def _check_grades_and_ratings(
    report: _Report, data: dict[str, Any], instruments: dict[str, dict[str, Any]]
) -> None:
    bands = [
        (f"grade_bands[{_entry_label(b, 'grade_band', i)}]", b)
        for i, b in _nodes(data, "grade_bands")
    ]
    _check_unique(report, bands, "code", "grade band")
    _check_unique(report, bands, "min_score", "grade band lower bound")
    minimums = [float(band["min_score"]) for _, band in bands if _is_number(band.get("min_score"))]
    if bands and minimums and min(minimums) != 0:
        report.error(
            origin_of(data, "grade_bands"),
            "grade_bands",
            f"scores below {min(minimums):g} would have no grade: one band must start at 0",
        )
    levels = [
        (f"rating_levels[{_entry_label(r, 'rating_level', i)}]", r)
        for i, r in _nodes(data, "rating_levels")
    ]
    _check_unique(report, levels, "code", "rating level")
    has_catch_all = False
    for path, level in levels:
        minimums_by_instrument = level.get("instrument_minimums") or {}
        if isinstance(minimums_by_instrument, dict):
            for code in minimums_by_instrument:
                if code not in instruments:
                    report.error(
                        origin_of(minimums_by_instrument, code),
                        _join(_join(path, "instrument_minimums"), str(code)),
                        f"no instrument '{code}' is defined",
                    )
        if level.get("min_total") == 0 and not minimums_by_instrument:
            has_catch_all = True
    if levels and not has_catch_all:
        report.warning(
            origin_of(data, "rating_levels"),
            "rating_levels",
            "no level starts at 0 without instrument minimums: some results would have no rating",
        )


def _check_sample_rules(
    report: _Report,
    data: dict[str, Any],
    instruments: dict[str, dict[str, Any]],
    known_unit_types: Sequence[str],
) -> None:
    rules = [
        (f"sample_rules[{_entry_label(r, 'sample_rule', i)}]", r)
        for i, r in _nodes(data, "sample_rules")
    ]
    _check_unique(report, rules, "code", "sample rule")
    library_unit_types = data.get("unit_types") if isinstance(data.get("unit_types"), list) else []
    for path, rule in rules:
        instrument_code = rule.get("instrument")
        instrument = instruments.get(instrument_code) if isinstance(instrument_code, str) else None
        if isinstance(instrument_code, str) and instrument is None:
            report.error(
                origin_of(rule, "instrument"),
                _join(path, "instrument"),
                f"no instrument '{instrument_code}' is defined",
            )
        elif instrument is not None and instrument.get("kind") not in SURVEY_KINDS:
            report.error(
                origin_of(rule, "instrument"),
                _join(path, "instrument"),
                f"{instrument_code} is not a survey: sample sizes apply to IIT and EIT",
            )
        if "minimum_count" not in rule and "population_share_percent" not in rule:
            report.error(
                origin_of(rule),
                path,
                "give minimum_count, population_share_percent or both",
            )
        rule_unit_types = rule.get("unit_types")
        for index, unit_type in enumerate(
            rule_unit_types if isinstance(rule_unit_types, list) else []
        ):
            if isinstance(unit_type, str) and unit_type not in (library_unit_types or []):
                report.error(
                    origin_of(rule_unit_types, index),
                    f"{path}.unit_types[{index + 1}]",
                    f"'{unit_type}' is not one of the library's unit types",
                )
        quotas = rule.get("quotas")
        if not isinstance(quotas, list):
            continue
        quota_entries = [
            (f"{path}.quotas[{_entry_label(q, 'quota', i)}]", q)
            for i, q in enumerate(quotas)
            if isinstance(q, dict)
        ]
        _check_unique(report, quota_entries, "code", "quota")
        counts = _all_numbers([q.get("minimum_count") for _, q in quota_entries])
        minimum = rule.get("minimum_count")
        if isinstance(minimum, int) and counts:
            total = int(sum(counts))
            if total < minimum:
                report.warning(
                    origin_of(rule, "quotas"),
                    _join(path, "quotas"),
                    _(
                        "the quotas add up to %(total)s, less than the minimum of %(minimum)s: "
                        "%(left)s answers are not assigned to any group"
                    )
                    % {"total": total, "minimum": minimum, "left": minimum - total},
                )
            elif _is_number(rule.get("maximum_count")) and total > rule["maximum_count"]:
                report.error(
                    origin_of(rule, "quotas"),
                    _join(path, "quotas"),
                    _("the quotas add up to %(total)s, more than the maximum of %(maximum)s")
                    % {"total": total, "maximum": rule["maximum_count"]},
                )


# ---------------------------------------------------------------------------------------------


def validate_library_data(
    data: Any,
    *,
    known_unit_types: Sequence[str] = (),
    default_file: str = "<library>",
) -> list[Problem]:
    """Every problem of a library given as (marked or plain) data, errors and warnings."""
    report = _Report(default_file)
    if not isinstance(data, dict):
        report.error(origin_of(data), "", "a library must be a mapping of keys to values")
        return report.problems
    _check_node(report, "library", data, "", origin_of(data))
    _check_meaning(report, data, known_unit_types)
    return report.problems


def errors_of(problems: Iterable[Problem]) -> list[Problem]:
    return [problem for problem in problems if problem.is_error]
