"""Demo results: the official FY2567 results of the demo units, and FY2568 results computed from invented
answers, or from the registered inputs once the surveys and OIT apps provide their demo answers. Idempotent: running it again gives the same
numbers (the invented answers are drawn from a generator seeded with the unit's code)."""

from __future__ import annotations

import random
from decimal import Decimal

from openita.frameworks.models import FrameworkVersion
from openita.frameworks.services import NoFrameworkVersion, get_or_create_assessment
from openita.units.models import Unit

from . import engine
from .config import scoring_config
from .inputs import has_registered_sources, registered_inputs
from .services import OfficialScores, compute_and_store, recompute, save_official_result

# unit code → (how well it does in FY2567, in FY2568): the share of the best answers, roughly
DEMO_QUALITY = {
    "demo-tt-muang": (Decimal("0.93"), 0.95),
    "demo-tt-khlongsai": (Decimal("0.88"), 0.86),
    "demo-tt-donmakham": (Decimal("0.79"), 0.84),
    "demo-tt-immigration": (Decimal("0.90"), 0.92),
}
RESPONDENTS = {"IIT": 8, "EIT": 25}  # per line of work


def _official_2567(quality: Decimal) -> OfficialScores:
    def score(offset: str) -> Decimal:
        value = quality * 100 + Decimal(offset)
        return min(value, Decimal(100)).quantize(Decimal("0.01"))

    indicators = {
        n: score(offset)
        for n, offset in zip(
            range(1, 11), ["3", "1", "-2", "4", "-5", "2", "0", "1", "-6", "-3"], strict=True
        )
    }
    instruments = {
        "IIT": (sum((indicators[n] for n in range(1, 6)), Decimal(0)) / 5).quantize(
            Decimal("0.01")
        ),
        "EIT": (sum((indicators[n] for n in range(6, 9)), Decimal(0)) / 3).quantize(
            Decimal("0.01")
        ),
        "OIT": ((indicators[9] + indicators[10]) / 2).quantize(Decimal("0.01")),
    }
    total = (
        (instruments["IIT"] * 30 + instruments["EIT"] * 30 + instruments["OIT"] * 40) / 100
    ).quantize(Decimal("0.01"))
    return OfficialScores(
        fiscal_year=2567,
        total=total,
        instruments=instruments,
        indicators=indicators,
        note="ข้อมูลสาธิต (demo data)",
    )


def _invented_inputs(
    config: engine.ScoringConfig, unit: Unit, quality: float
) -> tuple[
    dict[str, dict[str, dict[str, int]]], dict[str, Decimal], dict[str, engine.SurveyTallies]
]:
    generator = random.Random(f"{unit.code}-2568")
    lines = [line.code for line in unit.lines.all()] or ["all"]
    by_line: dict[str, dict[str, dict[str, dict[str, int]]]] = {}
    totals: dict[str, dict[str, dict[str, int]]] = {}
    for line in lines:
        line_tallies: dict[str, dict[str, dict[str, int]]] = {}
        for code, answerable in config.answerables.items():
            ranked = sorted(answerable.option_scores, key=lambda o: -answerable.option_scores[o])
            counts: dict[str, int] = {}
            for _ in range(RESPONDENTS.get(answerable.instrument, 5)):
                position = 0
                while position < len(ranked) - 1 and generator.random() > quality:
                    position += 1
                counts[ranked[position]] = counts.get(ranked[position], 0) + 1
            line_tallies.setdefault(answerable.instrument, {})[code] = counts
            unit_counts = totals.setdefault(answerable.instrument, {}).setdefault(code, {})
            for option, count in counts.items():
                unit_counts[option] = unit_counts.get(option, 0) + count
        by_line[line] = line_tallies
    oit = {
        item.code: Decimal(100 if generator.random() < quality else 0) for item in config.oit_items
    }
    return totals, oit, dict(by_line) if len(lines) > 1 else {}


def load_scoring_demo() -> int:
    """Store the demo results; returns how many were stored."""
    stored = 0
    for unit in Unit.objects.filter(code__in=DEMO_QUALITY).prefetch_related("lines"):
        quality_2567, quality_2568 = DEMO_QUALITY[unit.code]
        save_official_result(unit, _official_2567(quality_2567))
        stored += 1
        if not FrameworkVersion.objects.usable().filter(fiscal_year=2568).exists():
            continue
        try:
            assessment = get_or_create_assessment(unit, 2568)
        except NoFrameworkVersion:
            continue
        if has_registered_sources():
            recompute([assessment], registered_inputs())  # the surveys / OIT demo data
        else:
            config = scoring_config(assessment.framework_version)
            tallies, oit, lines = _invented_inputs(config, unit, quality_2568)
            compute_and_store(assessment, tallies, oit, lines)
        stored += 1
    return stored
