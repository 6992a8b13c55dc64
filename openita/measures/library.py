"""The library of measures: loading the YAML, searching it in Thai, suggesting entries for an issue.

Thai is written without spaces between words, so search cannot split on spaces. The query is cut into words
with PyThaiNLP, and an entry matches when every word is a substring of its text with all spaces removed
(``search_text``): a database `contains` filter that works the same on SQLite and PostgreSQL, whatever the
segmentation of the entry's text. When no entry has every word (a typo, a different spelling), entries are
ranked by the share of the query's character trigrams they contain.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.db import transaction
from django.utils.translation import gettext as _

from openita.core.thai import to_arabic_digits
from openita.measures.models import FollowUpFrequency, LibraryMeasure, MeasuresPlan

LIBRARY_DIR = Path(__file__).parent / "library"
LIBRARY_FORMAT = "openita-measures-library/1"
_NOT_SEARCHED = re.compile(r"[\s\u200b\u200c\u200d\ufeff.,;:!?()\[\]{}\"'`“”‘’/\\|_\-–—•·]+")
TRIGRAM_THRESHOLD = 0.5


class LibraryError(ValueError):
    pass


def normalise(text: str) -> str:
    """Lower case, Arabic digits, no spaces or punctuation: the form both sides of a search take."""
    text = unicodedata.normalize("NFC", to_arabic_digits(str(text))).lower()
    return _NOT_SEARCHED.sub("", text)


def _both(node: dict[str, Any], key: str, where: str) -> tuple[str, str]:
    value = node.get(key) or {}
    if not isinstance(value, dict) or not value.get("th"):
        raise LibraryError(f"{where}: `{key}` needs a Thai text (th)")
    return str(value["th"]).strip(), str(value.get("en", "")).strip()


# libyaml's safe loader (C) when present: the same data, about ten times faster (the library is read
# whenever a database without it shows suggestions, which the tests do often).
_YAML_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_library(path: Path) -> tuple[int, list[dict[str, Any]]]:
    """(version, entries as model field values) of a library file; LibraryError on any problem."""
    with path.open(encoding="utf-8") as stream:
        data = yaml.load(stream, Loader=_YAML_LOADER)
    if not isinstance(data, dict) or data.get("format") != LIBRARY_FORMAT:
        raise LibraryError(f"{path.name}: format must be {LIBRARY_FORMAT}")
    version = data.get("version")
    if not isinstance(version, int) or version < 1:
        raise LibraryError(f"{path.name}: version must be a whole number from 1")
    entries: list[dict[str, Any]] = []
    codes: set[str] = set()
    for position, node in enumerate(data.get("measures") or []):
        where = f"{path.name}: measures[{position}]"
        code = str(node.get("code", ""))
        if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,59}", code) or code in codes:
            raise LibraryError(f"{where}: missing, badly formed or repeated code {code!r}")
        codes.add(code)
        follow_up = node.get("follow_up", FollowUpFrequency.QUARTERLY)
        if follow_up not in FollowUpFrequency.values:
            raise LibraryError(f"{where}: unknown follow_up {follow_up!r}")
        values: dict[str, Any] = {"code": code, "position": position, "library_version": version}
        for key, field_name in (
            ("title", "title"),
            ("summary", "summary"),
            ("steps", "steps"),
            ("output", "output"),
            ("evaluation", "evaluation"),
        ):
            if key == "title" or node.get(key):
                values[f"{field_name}_th"], values[f"{field_name}_en"] = _both(node, key, where)
        values["awareness_channels"] = list(node.get("awareness") or [])
        values["indicator_numbers"] = [int(number) for number in node.get("indicators") or []]
        values["survey_item_codes"] = [str(code) for code in node.get("survey_items") or []]
        values["oit_item_codes"] = {
            str(family): [str(code) for code in codes_]
            for family, codes_ in (node.get("oit_items") or {}).items()
        }
        values["follow_up_frequency"] = follow_up
        values["tags"] = [str(tag) for tag in node.get("tags") or []]
        entries.append(values)
    return version, entries


def search_text_of(values: dict[str, Any]) -> str:
    parts: list[str] = [
        values.get(name, "")
        for name in (
            "title_th",
            "title_en",
            "summary_th",
            "summary_en",
            "steps_th",
            "steps_en",
            "output_th",
            "output_en",
        )
    ]
    parts += values.get("tags", []) + values.get("survey_item_codes", [])
    for codes in values.get("oit_item_codes", {}).values():
        parts += codes
    return " ".join(normalise(part) for part in parts if part)


@transaction.atomic
def load_library(path: Path | None = None) -> dict[str, int]:
    """Load a library file into the database (idempotent): new entries are created, changed ones updated.
    Entries no longer in the file stay (measures may refer to them). Returns counts."""
    files = [path] if path else sorted(LIBRARY_DIR.glob("*.yaml"))
    counts = {"created": 0, "updated": 0, "unchanged": 0}
    for file in files:
        _version, entries = read_library(file)
        for values in entries:
            values["search_text"] = search_text_of(values)
            existing = LibraryMeasure.objects.filter(code=values["code"]).first()
            if existing is None:
                LibraryMeasure.objects.create(**values)
                counts["created"] += 1
                continue
            changed = [name for name, value in values.items() if getattr(existing, name) != value]
            if changed:
                for name in changed:
                    setattr(existing, name, values[name])
                existing.save(update_fields=changed)
                counts["updated"] += 1
            else:
                counts["unchanged"] += 1
    return counts


def ensure_library_loaded() -> None:
    if not LibraryMeasure.objects.exists():
        load_library()


# ---------------------------------------------------------------------------------------------
# Search


@cache
def _tokenizer() -> Any:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def query_words(query: str) -> list[str]:
    """The query cut into words (Thai by PyThaiNLP), normalised, without one-letter pieces."""
    words: list[str] = []
    for chunk in str(query).split():
        for word in _tokenizer()(to_arabic_digits(chunk), engine="newmm", keep_whitespace=False):
            normalised = normalise(word)
            if len(normalised) >= 2 and normalised not in words:
                words.append(normalised)
    return words


def trigrams(text: str) -> set[str]:
    text = normalise(text)
    if len(text) < 3:
        return {text} if text else set()
    return {text[index : index + 3] for index in range(len(text) - 2)}


def trigram_similarity(query: str, text: str) -> float:
    """Share of the query's trigrams found in the text (0 to 1)."""
    wanted = trigrams(query)
    if not wanted:
        return 0.0
    haystack = normalise(text)
    return sum(1 for gram in wanted if gram in haystack) / len(wanted)


def search(query: str, limit: int = 50) -> list[LibraryMeasure]:
    """Entries matching every word of the query, best first; close matches when none has every word."""
    entries = LibraryMeasure.objects.all()
    words = query_words(query)
    if not words:
        return list(entries[:limit])
    matching = entries
    for word in words:
        matching = matching.filter(search_text__contains=word)
    found = list(matching)
    if found:

        def rank(entry: LibraryMeasure) -> tuple[int, int]:
            title = normalise(entry.title_th + entry.title_en)
            return (-sum(3 if word in title else 1 for word in words), entry.position)

        return sorted(found, key=rank)[:limit]
    scored = [(trigram_similarity(query, entry.search_text), entry) for entry in entries]
    close = [pair for pair in scored if pair[0] >= TRIGRAM_THRESHOLD]
    close.sort(key=lambda pair: (-pair[0], pair[1].position))
    return [entry for _score, entry in close[:limit]]


# ---------------------------------------------------------------------------------------------
# Suggestions for an issue or a weak point


@dataclass
class Suggestion:
    entry: LibraryMeasure
    score: float
    reasons: list[str] = field(default_factory=list)
    already_in_plan: bool = False


def suggest(
    plan: MeasuresPlan,
    *,
    indicator_number: int | None,
    item_codes: Sequence[str] = (),
    text: str = "",
    limit: int = 5,
    entries: Iterable[LibraryMeasure] | None = None,
) -> list[Suggestion]:
    """Library entries for an issue: those sharing its items first, then its indicator, then its words."""
    urn = plan.assessment.framework_version.urn
    used = set(
        plan.measures.active()
        .exclude(library_entry=None)
        .values_list("library_entry_id", flat=True)
    )
    wanted_codes = set(item_codes)
    suggestions: list[Suggestion] = []
    for entry in entries if entries is not None else LibraryMeasure.objects.all():
        reasons: list[str] = []
        score = 0.0
        shared = [code for code in entry.item_codes_for(urn) if code in wanted_codes]
        if shared:
            score += 5 * len(shared)
            reasons.append(_("Same items: %(codes)s") % {"codes": ", ".join(shared)})
        if indicator_number is not None and indicator_number in entry.indicator_numbers:
            score += 3 if entry.indicator_numbers[0] == indicator_number else 2
            reasons.append(_("Indicator %(number)s") % {"number": indicator_number})
        if text:
            similarity = trigram_similarity(entry.title_th + entry.summary_th, text)
            similarity = max(similarity, trigram_similarity(text, entry.search_text) * 0.5)
            if similarity >= 0.2:
                score += 2 * similarity
                reasons.append(_("Similar wording"))
        if score > 0:
            suggestions.append(Suggestion(entry, score, reasons, entry.pk in used))
    suggestions.sort(key=lambda item: (-item.score, item.entry.position))
    return suggestions[:limit]
