"""Demo results: the official FY2567 results of the demo units (as if imported from the national platform),
and FY2568 results computed from what the surveys and OIT demos hold — their generated answers and the OIT
scores released so far — through the registered inputs (`openita.scoring.inputs`). Run after those demos.
Idempotent: the same data gives the same numbers.

FY2568 is the middle of a cycle, so most FY2568 results are partial: Ban Khlong Sai has a total (its surveys
closed short of their minimums, OIT scores released); Mueang Thanthong's OIT is not scored yet and Don Makham has no EIT
yet, so they show their instruments' scores without a total. Survey answers count only once their campaign
has closed (docs/anonymity.md): the immigration office, still collecting, has no survey scores yet."""

from __future__ import annotations

from decimal import Decimal

from openita.units.models import Unit

from .inputs import registered_inputs
from .services import OfficialScores, assessments_of_year, recompute, save_official_result

# unit code → how well it did in FY2567 (the official result's indicators lie around this share)
DEMO_QUALITY = {
    "demo-tt-muang": Decimal("0.93"),
    "demo-tt-khlongsai": Decimal("0.88"),
    "demo-tt-donmakham": Decimal("0.79"),
    "demo-tt-immigration": Decimal("0.90"),
}
COMPUTED_YEAR = 2568


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
        note="",  # printed as หมายเหตุ in the results report: nothing internal on a paper
    )


def load_scoring_demo() -> int:
    """Store the demo results; returns how many were stored."""
    units = list(Unit.objects.filter(code__in=DEMO_QUALITY).order_by("path"))
    for unit in units:
        save_official_result(unit, _official_2567(DEMO_QUALITY[unit.code]))
    report = recompute(assessments_of_year(COMPUTED_YEAR, units), registered_inputs())
    return len(units) + report.computed
