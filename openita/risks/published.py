"""What of a unit's bribery-risk register is public (for the public site, openita.public_site).

Only the approved version of a year's assessment, read from its frozen snapshot: a draft, a newer version
waiting for approval and a superseded version are never public. The report of results shows, for each
risk, the progress of its treatment's measure only when that measure is in the year's approved plan (read
through `measures.published`, so a measure of a plan's newer draft stays private). Owners' names are left
out unless asked for.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from openita.measures import published as measures_published
from openita.units.models import Unit

from . import services
from .models import AssessmentStatus, Risk, RiskAssessment, RiskMatrix, Treatment


@dataclass
class PublicRisk:
    event: str
    existing_controls: str
    inherent: dict[str, Any]
    treatment: str
    treatment_plan: str
    accept_reason: str
    residual: dict[str, Any] | None
    owner: str
    measure: measures_published.PublicMeasure | None = None


@dataclass
class PublicProcess:
    name: str
    description: str
    risks: list[PublicRisk] = field(default_factory=list)


@dataclass
class PublicAssessment:
    assessment: RiskAssessment
    matrix: RiskMatrix
    criteria: str
    processes: list[PublicProcess]
    before: list[list[services.HeatCell]]
    after: list[list[services.HeatCell]]

    @property
    def fiscal_year(self) -> int:
        return self.assessment.fiscal_year


def approved_assessment(unit: Unit | int, fiscal_year: int) -> RiskAssessment | None:
    """The version in force of the year: the latest approved one (None when none is approved)."""
    return (
        RiskAssessment.objects.filter(
            unit=unit, fiscal_year=fiscal_year, status=AssessmentStatus.APPROVED
        )
        .select_related("matrix")
        .order_by("-version")
        .first()
    )


def approved_years(unit: Unit | int) -> list[int]:
    """The fiscal years with an approved assessment, latest first."""
    return sorted(
        set(
            RiskAssessment.objects.filter(unit=unit, status=AssessmentStatus.APPROVED).values_list(
                "fiscal_year", flat=True
            )
        ),
        reverse=True,
    )


def approved_everywhere(
    unit: Unit | None = None,
) -> list[tuple[str, int, int, datetime.datetime | None]]:
    """(unit code, fiscal year, version, approval time) of every assessment in force of active units (of
    one unit when given)."""
    rows = RiskAssessment.objects.filter(status=AssessmentStatus.APPROVED, unit__is_active=True)
    if unit is not None:
        rows = rows.filter(unit=unit)
    return list(
        rows.order_by("unit__code", "-fiscal_year").values_list(
            "unit__code", "fiscal_year", "version", "approved_at"
        )
    )


def _band(matrix: RiskMatrix, levels: list[Any] | None) -> dict[str, Any] | None:
    if not levels:
        return None
    band = matrix.band(int(levels[0]), int(levels[1]))
    return {
        **band,
        "likelihood": levels[0],
        "impact": levels[1],
        "label": services.localized_name(band),
    }


def published_assessment(
    unit: Unit | int,
    fiscal_year: int,
    *,
    with_names: bool = False,
    today: datetime.date | None = None,
) -> PublicAssessment | None:
    """The approved assessment of the year as frozen, with the treatments' progress from the approved
    plan, or None."""
    assessment = approved_assessment(unit, fiscal_year)
    if assessment is None:
        return None
    matrix = assessment.matrix
    snapshot = assessment.snapshot or services.assessment_snapshot(assessment)
    plan = measures_published.published_plan(unit, fiscal_year, with_names=with_names, today=today)
    in_plan = {measure.id: measure for measure in (plan.measures if plan else [])}
    # A treatment may be put in the plan after the approval: the frozen risk rows carry the measure.
    measures = dict(
        Risk.objects.filter(process__assessment=assessment).values_list("pk", "measure_id")
    )
    processes = []
    inherent_cells: list[tuple[int, int]] = []
    residual_cells: list[tuple[int, int]] = []
    for process in snapshot.get("processes", []):
        public = PublicProcess(process["name"], process.get("description", ""))
        for risk in process.get("risks", []):
            inherent = _band(matrix, risk["inherent"])
            residual = _band(matrix, risk.get("residual"))
            inherent_cells.append((risk["inherent"][0], risk["inherent"][1]))
            if risk.get("residual"):
                residual_cells.append((risk["residual"][0], risk["residual"][1]))
            public.risks.append(
                PublicRisk(
                    event=risk["event"],
                    existing_controls=risk.get("existing_controls", ""),
                    inherent=inherent or {},
                    treatment=str(Treatment(risk["treatment"]).label),
                    treatment_plan=risk.get("treatment_plan", ""),
                    accept_reason=risk.get("accept_reason", ""),
                    residual=residual,
                    owner=risk.get("owner", "") if with_names else "",
                    measure=in_plan.get(measures.get(risk.get("id")) or risk.get("measure") or 0),
                )
            )
        processes.append(public)
    return PublicAssessment(
        assessment=assessment,
        matrix=matrix,
        criteria=snapshot.get("criteria", ""),
        processes=processes,
        before=services.heat_grid(matrix, inherent_cells),
        after=services.heat_grid(matrix, residual_cells),
    )
