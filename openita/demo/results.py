"""Demo results: the official result of the year before the closed ones (as if imported from the national
platform, so that the first closed year's plan drafts from its weak points), and each played year's
results computed from its surveys and OIT scores (`openita.scoring.inputs`), on 1 August (when results are
published) for a closed year, today for the current one."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from openita.frameworks.services import NoFrameworkVersion
from openita.scoring.inputs import registered_inputs
from openita.scoring.services import (
    OfficialScores,
    assessments_of_year,
    recompute,
    save_official_result,
)
from openita.units.models import Unit

from .clock import on
from .years import day_of

# unit code → how well it did (the official result's indicators lie around this share)
DEMO_QUALITY = {
    "demo-tt-muang": Decimal("0.93"),
    "demo-tt-khlongsai": Decimal("0.88"),
    "demo-tt-donmakham": Decimal("0.79"),
    "demo-tt-immigration": Decimal("0.90"),
}
INDICATOR_OFFSETS = ["3", "1", "-2", "4", "-5", "2", "0", "1", "-6", "-3"]


def official_scores(year: int, quality: Decimal) -> OfficialScores:
    def score(offset: str) -> Decimal:
        value = quality * 100 + Decimal(offset)
        return min(value, Decimal(100)).quantize(Decimal("0.01"))

    indicators = {
        n: score(offset) for n, offset in zip(range(1, 11), INDICATOR_OFFSETS, strict=True)
    }

    def mean(numbers: range) -> Decimal:
        values = [indicators[n] for n in numbers]
        return (sum(values, Decimal(0)) / len(values)).quantize(Decimal("0.01"))

    instruments = {"IIT": mean(range(1, 6)), "EIT": mean(range(6, 9)), "OIT": mean(range(9, 11))}
    total = (
        (instruments["IIT"] * 30 + instruments["EIT"] * 30 + instruments["OIT"] * 40) / 100
    ).quantize(Decimal("0.01"))
    return OfficialScores(
        fiscal_year=year, total=total, instruments=instruments, indicators=indicators
    )


def load_official_results(year: int) -> None:
    with on(day_of(year, 8, 15)):
        for unit in Unit.objects.filter(code__in=DEMO_QUALITY):
            try:
                save_official_result(unit, official_scores(year, DEMO_QUALITY[unit.code]))
            except NoFrameworkVersion:
                continue


def compute_results(year: int, until: date) -> int:
    units = list(Unit.objects.filter(code__in=DEMO_QUALITY).order_by("path"))
    with on(min(until, day_of(year, 8, 1)), 18):
        return recompute(assessments_of_year(year, units), registered_inputs()).computed
