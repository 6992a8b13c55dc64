"""Framework libraries as files: read (with includes), check, put in canonical form, write back.

A *library* is one YAML file describing one framework version (see docs/frameworks.md). It may
``include`` fragment files holding parts shared between years (the survey items written by
openita, the grade bands). Reading a library merges its fragments in; the *canonical* form is the
merged library as plain data with defaults left out and numbers tidied, so that a file, the
database copy loaded from it and the export of that copy all have the same canonical form and the
same content hash.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .schema import FRAGMENT_FORMAT, FRAGMENT_KEYS, SCHEMAS
from .validation import Problem, errors_of, validate_library_data
from .yamlio import (
    MarkedDict,
    MarkedList,
    Origin,
    YamlProblem,
    dump_yaml,
    origin_of,
    read_marked_yaml,
)

SHIPPED_LIBRARY_DIR = Path(__file__).resolve().parent / "libraries"


@dataclass
class LibraryFile:
    """A library read from disk: its merged data and every problem found."""

    path: Path
    data: Any
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return errors_of(self.problems)

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if not problem.is_error]

    @property
    def is_valid(self) -> bool:
        return not self.errors


def _load_order(path: Path) -> tuple[str, int]:
    """``ita-2568-police.yaml`` (version 1) before ``ita-2568-police-v2.yaml``: a later version of
    a framework is published after the earlier one, so new assessments get it."""
    match = re.fullmatch(r"(.+)-v(\d+)", path.stem)
    return (match.group(1), int(match.group(2))) if match else (path.stem, 1)


def shipped_library_paths() -> list[Path]:
    """The libraries that come with openita (fragments in ``shared/`` are not libraries), a
    framework's versions in order (``NAME.yaml``, ``NAME-v2.yaml``, …)."""
    return sorted(SHIPPED_LIBRARY_DIR.glob("*.yaml"), key=_load_order)


def display_name(path: Path) -> str:
    """A short name for messages: relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _problem(origin: Origin | None, field_name: str, message: str) -> Problem:
    file = origin.file if origin else "<library>"
    return Problem(file, origin.line if origin else 0, field_name, message)


def _yaml_problem(error: YamlProblem, field_name: str = "(file)") -> Problem:
    return Problem(error.origin.file, error.origin.line, field_name, error.message)


def _merge_fragment(main: MarkedDict, fragment: Any, problems: list[Problem]) -> None:
    """Fold one fragment into ``main``: lists are joined (fragment first), mappings merged (the
    library's own keys win), other values are taken only when the library has none."""
    if not isinstance(fragment, dict):
        problems.append(_problem(origin_of(fragment), "(fragment)", "a fragment must be a mapping"))
        return
    if fragment.get("format") != FRAGMENT_FORMAT:
        problems.append(
            _problem(
                origin_of(fragment, "format"),
                "format",
                f"a fragment must declare format: {FRAGMENT_FORMAT}",
            )
        )
    for key, value in fragment.items():
        if key == "format":
            continue
        if key not in FRAGMENT_KEYS:
            known = ", ".join(k for k in FRAGMENT_KEYS if k != "format")
            problems.append(
                _problem(
                    origin_of(fragment, key),
                    key,
                    f"unknown key '{key}' in a fragment (known keys here: {known})",
                )
            )
            continue
        if key not in main:
            main[key] = value
            main.key_origins[key] = origin_of(fragment, key) or Origin("<fragment>", 0)
            continue
        mine = main[key]
        if isinstance(mine, list) and isinstance(value, list):
            joined = MarkedList(list(value) + list(mine))
            joined.origin = origin_of(mine)
            joined.item_origins = [origin_of(value, i) for i in range(len(value))] + [
                origin_of(mine, i) for i in range(len(mine))
            ]
            main[key] = joined
        elif isinstance(mine, dict) and isinstance(value, dict):
            merged = MarkedDict(value)
            merged.origin = origin_of(mine)
            merged.key_origins = dict(getattr(value, "key_origins", {}))
            merged.update(mine)
            merged.key_origins.update(getattr(mine, "key_origins", {}))
            main[key] = merged


def read_library(path: Path, *, known_unit_types: Sequence[str] = ()) -> LibraryFile:
    """Read a library file, merge its includes and check it. Never raises for bad content."""
    name = display_name(path)
    try:
        data, repeated = read_marked_yaml(path, name)
    except YamlProblem as error:
        return LibraryFile(path, None, [_yaml_problem(error)])
    problems = [_yaml_problem(error, "(mapping)") for error in repeated]
    if isinstance(data, MarkedDict):
        includes = data.get("include") or []
        if isinstance(includes, list):
            for index, include in enumerate(includes):
                if not isinstance(include, str):
                    continue
                include_path = (path.parent / include).resolve()
                try:
                    fragment, fragment_repeats = read_marked_yaml(
                        include_path, display_name(include_path)
                    )
                except YamlProblem as error:
                    problems.append(
                        _problem(
                            origin_of(includes, index),
                            f"include[{index + 1}]",
                            f"cannot include '{include}': {error.message}",
                        )
                    )
                    continue
                problems.extend(_yaml_problem(error, "(mapping)") for error in fragment_repeats)
                _merge_fragment(data, fragment, problems)
    problems.extend(
        validate_library_data(data, known_unit_types=known_unit_types, default_file=name)
    )
    return LibraryFile(path, data, problems)


# ---------------------------------------------------------------------------------------------
# Canonical form


def tidy_number(value: Any) -> Any:
    """Whole numbers as int, others rounded to 2 decimals (scores such as 33.33)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        return round(value, 2)
    return value


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, str):
        return value.strip()
    return tidy_number(value)


def _ordered(schema_name: str, node: dict[str, Any]) -> dict[str, Any]:
    """The node's keys in schema order, nested parts ordered too, empty optional parts dropped."""
    schema = SCHEMAS[schema_name]
    result: dict[str, Any] = {}
    for key, spec in schema.items():
        if key not in node:
            continue
        value = node[key]
        if spec.kind == "node_list":
            if not value and not spec.required:
                continue
            value = [_ordered(spec.node, entry) for entry in value]
        elif spec.kind == "node":
            value = _ordered(spec.node, value)
        elif spec.kind == "text":
            value = {language: value[language] for language in ("th", "en")}
        elif spec.kind == "string_list" and not value and not spec.required:
            continue
        result[key] = _plain(value)
    return result


def canonical_library(data: dict[str, Any]) -> dict[str, Any]:
    """The canonical form of a *valid* merged library (see the module docstring)."""
    library = _ordered("library", data)
    library.pop("include", None)
    default_oit_scoring = library["scoring"]["oit_scoring"]
    for item in library["survey_items"]:
        if item.get("reverse") is False:
            del item["reverse"]
        for sub_item in item.get("sub_items", []):
            if sub_item.get("scale") == item["scale"]:
                del sub_item["scale"]
            if sub_item.get("reverse", None) == item.get("reverse", False):
                del sub_item["reverse"]
    for item in library["oit_items"]:
        if item.get("scoring") == default_oit_scoring:
            del item["scoring"]
        for position, element in enumerate(item.get("elements", []), start=1):
            if element.get("code") == str(position):
                del element["code"]
    for rule in library.get("sample_rules", []):
        if rule.get("combine") == "greater":
            del rule["combine"]
        if rule.get("cap_at_population") is False:
            del rule["cap_at_population"]
    return library


def content_hash(canonical: dict[str, Any]) -> str:
    """A fingerprint of a canonical library: equal content, equal hash."""
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def library_to_yaml(canonical: dict[str, Any]) -> str:
    header = (
        "# openita framework library (exported). Format: docs/frameworks.md\n"
        f"# {canonical['urn']} version {canonical['version']}, "
        f"fiscal year {canonical['fiscal_year']}\n"
    )
    return header + dump_yaml(canonical)


# ---------------------------------------------------------------------------------------------
# Stable identifiers


def node_id(urn: str, kind: str, code: str, parent_code: str = "") -> str:
    """The stable identifier of one part of a library, e.g. ``ita-2568-police:O23``."""
    if kind in ("instrument", "survey_item", "oit_item"):
        local = code
    elif kind in ("indicator", "sub_indicator"):
        local = f"indicator-{code}"
    elif kind == "element":
        local = f"{parent_code}.{code}"
    elif kind == "scale":
        local = f"scale-{code}"
    elif kind == "option":
        local = f"scale-{parent_code}.{code}"
    elif kind == "grade_band":
        local = f"grade-{code}"
    elif kind == "rating_level":
        local = f"rating-{code}"
    elif kind == "sample_rule":
        local = f"sample-{code}"
    elif kind == "quota":
        local = f"sample-{parent_code}.{code}"
    else:
        raise ValueError(f"unknown part kind {kind}")
    return f"{urn}:{local}"
