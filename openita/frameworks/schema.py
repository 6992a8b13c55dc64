"""The shape of a framework library file: which keys each part has and what they hold.

This module is plain data read by ``validation.py`` (checking), ``library.py`` (canonical form,
export) and the documentation. Keys are listed in the order in which export writes them.
"""

from __future__ import annotations

from dataclasses import dataclass

from openita.core.years import KNOWN_FISCAL_YEARS

LIBRARY_FORMAT = "openita-framework/1"
FRAGMENT_FORMAT = "openita-framework-fragment/1"

LANGUAGES = ("th", "en")

# Confidence levels in three marks, for screens and documents: what a source states for that year
# (confirmed), what is carried over from another year or unit type whose source states it
# (inferred), and what no source confirms (unconfirmed: shown with a badge, never printed).
CONFIDENCE_LEVELS = (
    "official",
    "public_source",
    "sample_document",
    "replica",
    "inferred",
    "unconfirmed",
    "openita_sample",
)

CONFIRMED_LEVELS = ("official", "public_source", "sample_document", "replica", "openita_sample")
INFERRED_LEVELS = ("inferred",)
UNCONFIRMED_LEVELS = ("unconfirmed",)


def confidence_mark(confidence: str) -> str:
    """``confirmed``, ``inferred`` or ``unconfirmed`` for a confidence level (blank: confirmed)."""
    if confidence in UNCONFIRMED_LEVELS:
        return "unconfirmed"
    if confidence in INFERRED_LEVELS:
        return "inferred"
    return "confirmed"


INSTRUMENT_KINDS = ("internal_survey", "external_survey", "disclosure")
SURVEY_KINDS = ("internal_survey", "external_survey")
OIT_SCORING_MODES = ("pass_fail", "pro_rata")
QUOTA_KINDS = ("line", "stakeholder_group")
SAMPLE_COMBINE_MODES = ("greater", "lesser")
FILE_FORMATS = ("pdf", "doc", "docx", "xls", "xlsx", "csv", "odt", "ods", "html", "image", "link")

ROLLUP_CHOICES: dict[str, tuple[str, ...]] = {
    "item": ("mean_of_sub_items",),
    "indicator": ("mean_of_items",),
    "instrument": ("mean_of_indicators", "mean_of_items"),
    "total": ("weighted_sum_of_instruments",),
}


@dataclass(frozen=True)
class Field:
    """One key of a part of a library.

    ``kind`` is one of: text (a {th, en} mapping), string, code, integer, number, boolean, choice,
    string_list, number_map, choice_map, node (one nested part named by ``node``), node_list
    (a list of such parts).
    """

    kind: str
    required: bool = False
    pattern: str = ""
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    node: str = ""
    hint: str = ""


PROVENANCE: dict[str, Field] = {
    "source": Field("string"),
    "confidence": Field("choice", choices=CONFIDENCE_LEVELS),
}

CODE_PATTERNS = {
    "urn": r"^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
    "instrument": r"^[A-Z]{2,6}$",
    "sub_indicator": r"^\d+\.\d+$",
    "scale": r"^[a-z][a-z0-9_]*$",
    "option": r"^[a-z0-9_]+$",
    "survey_item": r"^[ie]\d+$",
    "survey_sub_item": r"^[ie]\d+\.\d+$",
    "oit_item": r"^O\d+$",
    "element": r"^[a-z0-9_.-]+$",
    "grade": r"^[A-Z][A-Z+]{0,3}$",
    "slug": r"^[a-z][a-z0-9_]*$",
}

SCHEMAS: dict[str, dict[str, Field]] = {
    "library": {
        "format": Field("choice", required=True, choices=(LIBRARY_FORMAT,)),
        "urn": Field("code", required=True, pattern=CODE_PATTERNS["urn"]),
        "version": Field("integer", required=True, minimum=1),
        "fiscal_year": Field(
            "integer",
            required=True,
            minimum=KNOWN_FISCAL_YEARS[0],
            maximum=KNOWN_FISCAL_YEARS[-1],
        ),
        "unit_types": Field("string_list", required=True),
        "name": Field("text", required=True),
        "description": Field("text"),
        **PROVENANCE,
        "include": Field("string_list"),
        "scoring": Field("node", required=True, node="scoring"),
        "grade_bands": Field("node_list", required=True, node="grade_band"),
        "rating_levels": Field("node_list", required=True, node="rating_level"),
        "scales": Field("node_list", required=True, node="scale"),
        "instruments": Field("node_list", required=True, node="instrument"),
        "indicators": Field("node_list", required=True, node="indicator"),
        "sub_indicators": Field("node_list", node="sub_indicator"),
        "survey_items": Field("node_list", required=True, node="survey_item"),
        "oit_items": Field("node_list", required=True, node="oit_item"),
        "sample_rules": Field("node_list", node="sample_rule"),
    },
    "scoring": {
        "pass_threshold": Field("number", required=True, minimum=0, maximum=100),
        "indicator_benchmark": Field("number", required=True, minimum=0, maximum=100),
        "oit_scoring": Field("choice", required=True, choices=OIT_SCORING_MODES),
        "rollup": Field("choice_map", required=True),
        **PROVENANCE,
    },
    "grade_band": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["grade"]),
        "min_score": Field("number", required=True, minimum=0, maximum=100),
        "name": Field("text"),
        **PROVENANCE,
    },
    "rating_level": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["slug"]),
        "name": Field("text", required=True),
        "min_total": Field("number", required=True, minimum=0, maximum=100),
        "instrument_minimums": Field("number_map"),
        **PROVENANCE,
    },
    "scale": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["scale"]),
        "name": Field("text", required=True),
        "options": Field("node_list", required=True, node="option"),
        **PROVENANCE,
    },
    "option": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["option"]),
        "label": Field("text", required=True),
        "score": Field(
            "number", required=True, minimum=0, maximum=100, hint="every answer needs a score"
        ),
    },
    "instrument": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["instrument"]),
        "kind": Field("choice", required=True, choices=INSTRUMENT_KINDS),
        "weight": Field("number", required=True, minimum=0, maximum=100),
        "name": Field("text", required=True),
        "help": Field("text"),
        **PROVENANCE,
    },
    "indicator": {
        "number": Field("integer", required=True, minimum=1, maximum=99),
        "instrument": Field("code", required=True, pattern=CODE_PATTERNS["instrument"]),
        "name": Field("text", required=True),
        "help": Field("text"),
        **PROVENANCE,
    },
    "sub_indicator": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["sub_indicator"]),
        "indicator": Field("integer", required=True, minimum=1, maximum=99),
        "name": Field("text", required=True),
        "help": Field("text"),
        **PROVENANCE,
    },
    "survey_item": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["survey_item"]),
        "indicator": Field(
            "integer",
            required=True,
            minimum=1,
            maximum=99,
            hint="every item belongs to an indicator",
        ),
        "text": Field("text", required=True),
        "help": Field("text"),
        "scale": Field("code", required=True, pattern=CODE_PATTERNS["scale"]),
        "reverse": Field("boolean"),
        "sub_items": Field("node_list", node="survey_sub_item"),
        **PROVENANCE,
    },
    "survey_sub_item": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["survey_sub_item"]),
        "text": Field("text", required=True),
        "help": Field("text"),
        "scale": Field("code", pattern=CODE_PATTERNS["scale"]),
        "reverse": Field("boolean"),
        **PROVENANCE,
    },
    "oit_item": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["oit_item"]),
        "indicator": Field(
            "integer",
            required=True,
            minimum=1,
            maximum=99,
            hint="every item belongs to an indicator",
        ),
        "sub_indicator": Field("code", pattern=CODE_PATTERNS["sub_indicator"]),
        "purposes": Field("string_list"),
        "title": Field("text", required=True),
        "help": Field("text"),
        "year_condition": Field("text"),
        "formats": Field("string_list"),
        "monthly": Field("node", node="monthly"),
        "scoring": Field("choice", choices=OIT_SCORING_MODES),
        "elements": Field("node_list", node="element"),
        **PROVENANCE,
    },
    "monthly": {
        "first_month": Field("integer", required=True, minimum=1, maximum=12),
        "last_month": Field("integer", required=True, minimum=1, maximum=12),
        "empty_statement": Field(
            "text", required=True, hint="what the page says for a month with nothing to show"
        ),
        **PROVENANCE,
    },
    "element": {
        "code": Field("code", pattern=CODE_PATTERNS["element"]),
        "th": Field("string", required=True),
        "en": Field("string", required=True),
        **PROVENANCE,
    },
    "sample_rule": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["slug"]),
        "instrument": Field("code", required=True, pattern=CODE_PATTERNS["instrument"]),
        "name": Field("text", required=True),
        "unit_types": Field("string_list"),
        "minimum_count": Field("integer", minimum=0),
        "population_share_percent": Field("number", minimum=0, maximum=100),
        "combine": Field("choice", choices=SAMPLE_COMBINE_MODES),
        "maximum_count": Field("integer", minimum=0),
        "cap_at_population": Field("boolean"),
        "quotas": Field("node_list", node="quota"),
        "note": Field("text"),
        **PROVENANCE,
    },
    "quota": {
        "code": Field("code", required=True, pattern=CODE_PATTERNS["slug"]),
        "kind": Field("choice", required=True, choices=QUOTA_KINDS),
        "name": Field("text", required=True),
        "minimum_count": Field("integer", minimum=0),
        **PROVENANCE,
    },
}

# Keys a fragment (a file named in ``include``) may hold.
FRAGMENT_KEYS = (
    "format",
    "source",
    "confidence",
    "scoring",
    "grade_bands",
    "rating_levels",
    "scales",
    "instruments",
    "indicators",
    "sub_indicators",
    "survey_items",
    "oit_items",
    "sample_rules",
)

# What identifies each part inside its list (used in field paths and duplicate checks).
IDENTIFYING_KEY = {
    "grade_band": "code",
    "rating_level": "code",
    "scale": "code",
    "option": "code",
    "instrument": "code",
    "indicator": "number",
    "sub_indicator": "code",
    "survey_item": "code",
    "survey_sub_item": "code",
    "oit_item": "code",
    "element": "code",
    "sample_rule": "code",
    "quota": "code",
}
