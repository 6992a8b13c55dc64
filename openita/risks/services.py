"""Every write of the bribery-risk register, and the rules: levels from the matrix, the residual check,
approval and versions, treatments as measures of the unit's plan, the minimum content of the assessment."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from openita.accounts.models import Membership, User
from openita.core import publication
from openita.core.dates import is_thai
from openita.core.thai import fiscal_year_bounds
from openita.documents.kinds import DocumentRequest, get_kind, make_file
from openita.frameworks.models import Assessment as OitAssessment
from openita.frameworks.services import get_or_create_assessment, matching_item
from openita.measures import services as measure_services
from openita.measures.models import FollowUpFrequency, Measure, PeriodKind, PlanStatus
from openita.oit import services as oit_services
from openita.oit.models import Disclosure, Evidence
from openita.units.models import Unit

from .models import AssessmentStatus, Process, Risk, RiskAssessment, RiskMatrix, Treatment

MATRIX_DIR = Path(__file__).with_name("matrices")
PROCESSES_FILE = Path(__file__).with_name("processes.yaml")
DEFAULT_MATRIX = "thai-5x5"
FORMAT = "openita-risk-matrix/1"


class NotEditable(ValidationError):
    pass


# --- matrices ----------------------------------------------------------------------------------


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def check_matrix(data: Any) -> list[str]:
    """What is wrong with a matrix library, in words a site admin can act on: the format, a code and an
    integer version, scales 1…n in order with Thai and English names and Thai definitions, bands that cover
    every score from 1 to the largest without gap or overlap, each with a code, names and a #rrggbb colour."""
    if not isinstance(data, dict):
        return [_("The file is not a matrix: it must be a YAML mapping (name: value lines).")]
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(_("“format” must be %(format)s.") % {"format": FORMAT})
    if not isinstance(data.get("code"), str) or not re.fullmatch(
        r"[a-z0-9][a-z0-9-]*", data.get("code") or ""
    ):
        problems.append(_("“code” is required: lower-case letters, digits and dashes."))
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(_("“version” must be a whole number from 1."))
    name = data.get("name")
    if not isinstance(name, dict) or not name.get("th"):
        problems.append(_("“name” needs a Thai name (th)."))
    for scale, label in (("likelihood", _("Likelihood")), ("impact", _("Impact"))):
        levels = data.get(scale)
        if not isinstance(levels, list) or not levels:
            problems.append(_("%(scale)s: give the levels as a list.") % {"scale": label})
            continue
        values = [level.get("value") if isinstance(level, dict) else None for level in levels]
        if values != list(range(1, len(values) + 1)):
            problems.append(
                _("%(scale)s: the levels' values must be 1, 2, 3 … in order.") % {"scale": label}
            )
        for level in levels:
            if not isinstance(level, dict):
                continue
            names = _mapping(level.get("name"))
            definition = _mapping(level.get("definition"))
            if not names.get("th") or not names.get("en"):
                problems.append(
                    _("%(scale)s level %(value)s: a name in Thai and in English.")
                    % {"scale": label, "value": level.get("value")}
                )
            if not definition.get("th"):
                problems.append(
                    _("%(scale)s level %(value)s: a definition in Thai.")
                    % {"scale": label, "value": level.get("value")}
                )
    likelihood, impact = data.get("likelihood"), data.get("impact")
    top = (len(likelihood) if isinstance(likelihood, list) else 0) * (
        len(impact) if isinstance(impact, list) else 0
    )
    bands = data.get("bands")
    if not isinstance(bands, list) or not bands:
        problems.append(_("Give the level bands as a list."))
        return problems
    expected = 1
    for band in bands:
        if not isinstance(band, dict):
            problems.append(_("Each band is a mapping with code, from, to, colour and name."))
            break
        code = band.get("code") or "?"
        start, end = band.get("from"), band.get("to")
        if (
            not isinstance(start, int)
            or not isinstance(end, int)
            or start != expected
            or end < start
        ):
            problems.append(
                _("Band %(code)s: it must start at %(expected)s and end at or after its start.")
                % {"code": code, "expected": expected}
            )
            break
        if not re.fullmatch(r"#[0-9a-fA-F]{6}", str(band.get("colour", ""))):
            problems.append(
                _("Band %(code)s: the colour as #rrggbb, e.g. #c62828.") % {"code": code}
            )
        names = _mapping(band.get("name"))
        if not band.get("code") or not names.get("th") or not names.get("en"):
            problems.append(
                _("Band %(code)s: a code and a name in Thai and in English.") % {"code": code}
            )
        expected = end + 1
    else:
        if top and expected != top + 1:
            problems.append(
                _("The bands must cover every score from 1 to %(top)s without a gap.")
                % {"top": top}
            )
    return problems


def parse_matrix(text: str) -> dict[str, Any]:
    """A matrix library from YAML text, checked; a ValidationError lists every problem in words."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            raise ValidationError(
                _("The YAML cannot be read at line %(line)s, column %(column)s.")
                % {"line": mark.line + 1, "column": mark.column + 1}
            ) from error
        raise ValidationError(_("The YAML cannot be read.")) from error
    problems = check_matrix(data)
    if problems:
        raise ValidationError(problems)
    return dict(data)


def matrix_yaml(matrix: RiskMatrix, *, next_version: bool = False) -> str:
    """A stored matrix as a library file, to copy and edit (with the next free version number)."""
    data = dict(matrix.data)
    if next_version:
        data["version"] = (
            RiskMatrix.objects.filter(code=matrix.code)
            .order_by("-version")
            .values_list("version", flat=True)[0]
            + 1
        )
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110)


@transaction.atomic
def load_matrix(data: dict[str, Any]) -> RiskMatrix:
    """Store a matrix version (idempotent). A stored version never changes: assessments keep it."""
    problems = check_matrix(data)
    if problems:
        raise ValidationError(problems)
    existing = RiskMatrix.objects.filter(code=data["code"], version=data["version"]).first()
    if existing is not None:
        if existing.data != data:
            raise ValidationError(
                _(
                    "Version %(version)s of %(code)s is stored with other content: give the file a new version."
                )
                % {"version": data["version"], "code": data["code"]}
            )
        return existing
    return RiskMatrix.objects.create(
        code=data["code"],
        version=data["version"],
        name_th=data["name"]["th"],
        name_en=data["name"].get("en", ""),
        data=data,
    )


@transaction.atomic
def publish_matrix(data: dict[str, Any]) -> RiskMatrix:
    """A site admin's new matrix, or a new version of one: its version must be above every stored version
    of the code (an assessment keeps the version it was made with; new registers take the newest)."""
    problems = check_matrix(data)
    if problems:
        raise ValidationError(problems)
    latest = (
        RiskMatrix.objects.filter(code=data["code"])
        .order_by("-version")
        .values_list("version", flat=True)
    ).first()
    if latest is not None and data["version"] <= latest:
        raise ValidationError(
            _("%(code)s already has version %(latest)s: give this one version %(next)s or higher.")
            % {"code": data["code"], "latest": latest, "next": latest + 1}
        )
    return load_matrix(data)


def matrix_choices() -> list[RiskMatrix]:
    """The newest version of each matrix: what a new register may be made on."""
    if not RiskMatrix.objects.filter(code=DEFAULT_MATRIX).exists():
        load_shipped_matrices()
    newest: dict[str, RiskMatrix] = {}
    for matrix in RiskMatrix.objects.order_by("code", "-version"):
        newest.setdefault(matrix.code, matrix)
    return list(newest.values())


def load_shipped_matrices() -> list[RiskMatrix]:
    loaded = []
    for path in sorted(MATRIX_DIR.glob("*.yaml")):
        with path.open(encoding="utf-8") as file:
            loaded.append(load_matrix(yaml.safe_load(file)))
    return loaded


def latest_matrix(code: str = DEFAULT_MATRIX) -> RiskMatrix:
    matrix = RiskMatrix.objects.filter(code=code).order_by("-version").first()
    if matrix is None:
        load_shipped_matrices()
        matrix = RiskMatrix.objects.filter(code=code).order_by("-version").first()
    if matrix is None:
        raise ValidationError(_("No risk matrix %(code)s.") % {"code": code})
    return matrix


@cache
def _catalogue() -> dict[str, list[dict[str, str]]]:
    with PROCESSES_FILE.open(encoding="utf-8") as file:
        data: dict[str, list[dict[str, str]]] = yaml.safe_load(file)
    return data


def catalogue(unit_type: str) -> list[dict[str, str]]:
    """The processes a unit of this type usually assesses (general agencies' list for other types)."""
    data = _catalogue()
    return list(data.get(unit_type) or data["general"])


# --- assessments -------------------------------------------------------------------------------


def current(unit: Unit, fiscal_year: int) -> RiskAssessment | None:
    """The latest version of the unit's assessment of the year."""
    return (
        RiskAssessment.objects.filter(unit=unit, fiscal_year=fiscal_year)
        .select_related("matrix")
        .order_by("-version")
        .first()
    )


def approved(unit: Unit, fiscal_year: int) -> RiskAssessment | None:
    return (
        RiskAssessment.objects.filter(
            unit=unit, fiscal_year=fiscal_year, status=AssessmentStatus.APPROVED
        )
        .order_by("-version")
        .first()
    )


def _copy_content(source: RiskAssessment, target: RiskAssessment, *, keep_measures: bool) -> None:
    for process in source.processes.prefetch_related("risks"):
        risks = list(process.risks.all())
        process.pk = None
        process.assessment = target
        process.save()
        for risk in risks:
            risk.pk = None
            risk.process = process
            if not keep_measures:
                risk.measure = None
            risk.save()


def previous_approved(unit: Unit, fiscal_year: int) -> RiskAssessment | None:
    """The approved assessment of the latest earlier year: where next year's register starts from."""
    return (
        RiskAssessment.objects.filter(
            unit=unit, fiscal_year__lt=fiscal_year, status=AssessmentStatus.APPROVED
        )
        .select_related("matrix")
        .order_by("-fiscal_year", "-version")
        .first()
    )


@transaction.atomic
def start_assessment(
    unit: Unit, fiscal_year: int, actor: User | None = None, *, matrix_code: str = ""
) -> RiskAssessment:
    """The year's assessment, started from last year's approved one when there is one (the processes and
    risks carried over to be assessed again, on the newest version of its matrix), otherwise from the
    processes of the unit type, on the matrix chosen (the shipped Thai 5 × 5 by default)."""
    existing = current(unit, fiscal_year)
    if existing is not None:
        return existing
    previous = previous_approved(unit, fiscal_year)
    matrix = latest_matrix(previous.matrix.code if previous else matrix_code or DEFAULT_MATRIX)
    if previous is not None and (
        len(matrix.likelihood) != len(previous.matrix.likelihood)
        or len(matrix.impact) != len(previous.matrix.impact)
    ):
        matrix = previous.matrix  # the carried levels would not fit the newer scales
    assessment = RiskAssessment.objects.create(
        unit=unit,
        fiscal_year=fiscal_year,
        matrix=matrix,
        criteria=previous.criteria if previous else "",
    )
    if previous is not None:
        _copy_content(previous, assessment, keep_measures=False)
    else:
        for position, entry in enumerate(catalogue(unit.unit_type), 1):
            Process.objects.create(
                assessment=assessment,
                catalogue_code=entry["code"],
                name=entry["th"],
                position=position,
            )
    return assessment


def _require_editable(assessment: RiskAssessment) -> None:
    if not assessment.is_editable:
        raise NotEditable(
            _("Version %(version)s is approved and frozen: start a new version to change it.")
            % {"version": assessment.version}
        )


@transaction.atomic
def update_assessment(assessment: RiskAssessment, *, criteria: str) -> RiskAssessment:
    _require_editable(assessment)
    assessment.criteria = criteria.strip()
    assessment.save(update_fields=["criteria"])
    return assessment


@transaction.atomic
def save_process(
    assessment: RiskAssessment, *, process: Process | None = None, name: str, description: str = ""
) -> Process:
    _require_editable(assessment)
    process = process or Process(assessment=assessment, position=assessment.processes.count() + 1)
    process.name = name.strip()
    process.description = description.strip()
    process.full_clean(exclude=["assessment"])
    process.save()
    return process


@transaction.atomic
def delete_process(process: Process) -> None:
    _require_editable(process.assessment)
    process.delete()


def _check_level(
    matrix: RiskMatrix, field: str, scale: str, value: int | None, required: bool
) -> None:
    if value is None:
        if required:
            raise ValidationError({field: _("Choose a level.")})
        return
    if not 1 <= value <= len(getattr(matrix, scale)):
        raise ValidationError({field: _("Not a level of the matrix.")})


RISK_FIELDS = (
    "event",
    "existing_controls",
    "inherent_likelihood",
    "inherent_impact",
    "treatment",
    "treatment_plan",
    "accept_reason",
    "residual_likelihood",
    "residual_impact",
    "owner",
)


@transaction.atomic
def save_risk(process: Process, *, risk: Risk | None = None, **values: Any) -> Risk:
    """Create or change a risk: levels must be levels of the assessment's matrix; accepting a risk needs a
    reason (the head approves it with the assessment); the owner must have a role in the unit."""
    assessment = process.assessment
    _require_editable(assessment)
    risk = risk or Risk(process=process, position=process.risks.count() + 1)
    for name in RISK_FIELDS:
        if name in values:
            setattr(risk, name, values[name])
    matrix = assessment.matrix
    _check_level(matrix, "inherent_likelihood", "likelihood", risk.inherent_likelihood, True)
    _check_level(matrix, "inherent_impact", "impact", risk.inherent_impact, True)
    _check_level(matrix, "residual_likelihood", "likelihood", risk.residual_likelihood, False)
    _check_level(matrix, "residual_impact", "impact", risk.residual_impact, False)
    if risk.treatment == Treatment.ACCEPT and not risk.accept_reason.strip():
        raise ValidationError({"accept_reason": _("Say why the risk is accepted.")})
    if risk.treatment != Treatment.ACCEPT:
        risk.accept_reason = ""
        risk.accept_approved_by = None
    if (
        risk.owner is not None
        and not Membership.objects.filter(unit=assessment.unit, user=risk.owner).exists()
    ):
        raise ValidationError({"owner": _("The owner must have a role in this unit.")})
    risk.full_clean(exclude=["process", "measure", "owner", "accept_approved_by"])
    risk.save()
    return risk


@transaction.atomic
def delete_risk(risk: Risk) -> None:
    _require_editable(risk.process.assessment)
    risk.delete()


def risk_bands(risk: Risk, matrix: RiskMatrix) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """A risk's band before treatment, and after it where the residual levels are given."""
    inherent = matrix.band(risk.inherent_likelihood, risk.inherent_impact)
    if risk.residual_score is None:
        return inherent, None
    return inherent, matrix.band(risk.residual_likelihood or 0, risk.residual_impact or 0)


def assessment_snapshot(assessment: RiskAssessment) -> dict[str, Any]:
    """The content as approved, with each level and band worked out on the assessment's matrix."""
    matrix = assessment.matrix
    processes = []
    for process in assessment.processes.prefetch_related("risks__owner"):
        risks = []
        for risk in process.risks.all():
            inherent, residual = risk_bands(risk, matrix)
            risks.append(
                {
                    "id": risk.pk,
                    "event": risk.event,
                    "existing_controls": risk.existing_controls,
                    "inherent": [risk.inherent_likelihood, risk.inherent_impact, inherent["code"]],
                    "treatment": risk.treatment,
                    "treatment_plan": risk.treatment_plan,
                    "accept_reason": risk.accept_reason,
                    "residual": (
                        [risk.residual_likelihood, risk.residual_impact, residual["code"]]
                        if residual
                        else None
                    ),
                    "owner": risk.owner.display_name if risk.owner else "",
                    "measure": risk.measure_id,
                }
            )
        processes.append({"name": process.name, "description": process.description, "risks": risks})
    return {"matrix": str(matrix), "criteria": assessment.criteria, "processes": processes}


@transaction.atomic
def approve(assessment: RiskAssessment, actor: User) -> RiskAssessment:
    """The head's approval: the version is frozen with its content; accepted risks are approved with it;
    an earlier approved version of the year is replaced."""
    _require_editable(assessment)
    problems = missing_content(assessment, blocking_only=True)
    if problems:
        raise ValidationError(problems)
    Risk.objects.filter(process__assessment=assessment, treatment=Treatment.ACCEPT).update(
        accept_approved_by=actor
    )
    assessment.snapshot = assessment_snapshot(assessment)
    assessment.status = AssessmentStatus.APPROVED
    assessment.approved_by = actor
    assessment.approved_at = timezone.now()
    assessment.save()
    RiskAssessment.objects.filter(
        unit=assessment.unit,
        fiscal_year=assessment.fiscal_year,
        status=AssessmentStatus.APPROVED,
        version__lt=assessment.version,
    ).update(status=AssessmentStatus.SUPERSEDED)
    publication.changed(assessment.unit_id)  # the public site shows the approved version
    return assessment


@transaction.atomic
def new_version(assessment: RiskAssessment, actor: User | None = None) -> RiskAssessment:
    """Change an approved assessment: a new draft version with the same content (the approved one stays in
    force until the new one is approved). The matrix stays the one the assessment was made with."""
    if assessment.status != AssessmentStatus.APPROVED:
        raise ValidationError(_("A new version starts from the approved assessment."))
    latest = current(assessment.unit, assessment.fiscal_year)
    if latest is not None and latest.pk != assessment.pk:
        return latest
    draft = RiskAssessment.objects.create(
        unit=assessment.unit,
        fiscal_year=assessment.fiscal_year,
        version=assessment.version + 1,
        matrix=assessment.matrix,
        criteria=assessment.criteria,
    )
    _copy_content(assessment, draft, keep_measures=True)
    return draft


# --- treatments in the plan --------------------------------------------------------------------


def _indicator_for(risk: Risk) -> Any:
    assessment = get_or_create_assessment(
        risk.process.assessment.unit, risk.process.assessment.fiscal_year
    )
    item = matching_item(assessment, "bribery-risk-report") or matching_item(
        assessment, "bribery-risk-assessment"
    )
    if item is not None:
        return item.indicator, [item.code]
    indicator = assessment.framework_version.indicators.order_by("-number").first()
    return indicator, []


@transaction.atomic
def treatment_to_measure(risk: Risk, actor: User | None) -> Measure:
    """The treatment as a measure of the year's plan (in a new draft version when the plan is approved,
    which the head then approves), followed up monthly and due by the end of the fiscal year."""
    if risk.treatment == Treatment.ACCEPT:
        raise ValidationError(_("An accepted risk has no treatment to carry out."))
    if risk.measure_id is not None:
        return risk.measure  # type: ignore[return-value]
    assessment = risk.process.assessment
    plan = measure_services.plan_for(assessment.unit, assessment.fiscal_year, actor)
    version = measure_services.latest_version(plan)
    if version.status == PlanStatus.SUBMITTED:
        raise ValidationError(
            _("The plan is waiting for approval: send it back to draft to add the treatment.")
        )
    if version.status == PlanStatus.APPROVED:
        measure_services.start_new_version(plan, actor, _("Treatment of bribery risks"))
    indicator, codes = _indicator_for(risk)
    owner = risk.owner
    _start, end = fiscal_year_bounds(assessment.fiscal_year)
    measure = measure_services.create_measure(
        plan,
        title=_("Manage the risk: %(event)s") % {"event": risk.event},
        steps=risk.treatment_plan,
        indicator=indicator,
        item_codes=codes,
        owner=owner,
        people=[owner] if owner else [],
        responsible_text=owner.display_name if owner else "",
        period_kind=PeriodKind.DATES,
        due_date=end,
        follow_up_frequency=FollowUpFrequency.MONTHLY,
        follow_up_note=_("Process: %(process)s") % {"process": risk.process.name},
    )
    Risk.objects.filter(pk=risk.pk).update(measure=measure)
    risk.measure = measure
    return measure


def treatment_status(risk: Risk, today: date | None = None) -> tuple[str, int] | None:
    """(status label, percent) of the risk's measure, from its progress entries; None without a measure."""
    measure = risk.measure
    if measure is None:
        return None
    status = measure.status_on(today or timezone.localdate())
    return str(status.label), measure.progress_percent


# --- evidence of the OIT items -----------------------------------------------------------------

# The register's documents, each the evidence of the OIT item with the purpose of the same code.
OIT_DOCUMENTS = ("bribery-risk-assessment", "bribery-risk-report")


def oit_disclosures(assessment: RiskAssessment) -> dict[str, Disclosure | None]:
    """For each document, the unit's OIT item of the year it is the evidence of (None when the year has
    no OIT work yet or its framework no such item)."""
    found: dict[str, Disclosure | None] = dict.fromkeys(OIT_DOCUMENTS)
    oit = (
        OitAssessment.objects.filter(unit=assessment.unit, fiscal_year=assessment.fiscal_year)
        .select_related("framework_version")
        .first()
    )
    if oit is None:
        return found
    for code in OIT_DOCUMENTS:
        item = matching_item(oit, code)
        if item is not None:
            found[code] = (
                Disclosure.objects.filter(assessment=oit, item=item).select_related("item").first()
            )
    return found


@transaction.atomic
def attach_to_oit(assessment: RiskAssessment, document: str, actor: User) -> Evidence:
    """The unit's own act: the approved assessment's document, as PDF, added as a file to the evidence of
    the matching OIT item (through the OIT services: the item must be in draft and the person allowed to
    edit it). Nothing is attached by itself, and never from a draft."""
    if document not in OIT_DOCUMENTS:
        raise ValidationError(_("Not a document of the register."))
    if assessment.status != AssessmentStatus.APPROVED:
        raise ValidationError(_("Only the approved assessment can be evidence of the OIT item."))
    disclosure = oit_disclosures(assessment)[document]
    if disclosure is None:
        raise ValidationError(_("The year's OIT items have no item for this document."))
    content, name = make_file(
        get_kind(document), DocumentRequest(assessment.unit, assessment.fiscal_year), "pdf"
    )
    upload = SimpleUploadedFile(name, content, content_type="application/pdf")
    return oit_services.add_file(disclosure, actor, upload)


# --- views of the register ---------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    likelihood: int
    impact: int
    score: int
    colour: str
    band: str
    count: int


def localized_name(part: dict[str, Any]) -> str:
    """A matrix part's name (a level, a band) in the page's language."""
    names = part.get("name") or {}
    english = not is_thai()
    return str(names.get("en") if english and names.get("en") else names.get("th", ""))


def heat_grid(matrix: RiskMatrix, cells: list[tuple[int, int]]) -> list[list[HeatCell]]:
    """Rows from the highest impact down, columns from likelihood 1 up; each cell with its band's colour and
    the number of (likelihood, impact) pairs of `cells` in it."""
    counts: dict[tuple[int, int], int] = {}
    for key in cells:
        counts[key] = counts.get(key, 0) + 1
    rows = []
    for impact in range(len(matrix.impact), 0, -1):
        row = []
        for likelihood in range(1, len(matrix.likelihood) + 1):
            band = matrix.band(likelihood, impact)
            row.append(
                HeatCell(
                    likelihood,
                    impact,
                    likelihood * impact,
                    band["colour"],
                    localized_name(band),
                    counts.get((likelihood, impact), 0),
                )
            )
        rows.append(row)
    return rows


def heat_map(assessment: RiskAssessment, *, residual: bool = False) -> list[list[HeatCell]]:
    """The assessment's risks on the matrix: before treatment, or after it (the residual levels, where
    given)."""
    cells = []
    for risk in Risk.objects.filter(process__assessment=assessment):
        if residual:
            if risk.residual_score is None:
                continue
            cells.append((risk.residual_likelihood or 0, risk.residual_impact or 0))
        else:
            cells.append((risk.inherent_likelihood, risk.inherent_impact))
    return heat_grid(assessment.matrix, cells)


def missing_content(assessment: RiskAssessment, *, blocking_only: bool = False) -> list[str]:
    """What the assessment still lacks of the minimum content the OIT asks (the process, the criteria, the
    risk events, the risk level, the plan to manage it), in words a person can act on. With
    `blocking_only`, what approval refuses: a process listed but not assessed yet does not stop it, as long
    as some risk is assessed."""
    problems: list[str] = []
    if not assessment.criteria.strip():
        problems.append(_("The assessment criteria are not written."))
    processes = list(assessment.processes.prefetch_related("risks"))
    if not processes:
        problems.append(_("No process is assessed."))
    if not any(process.risks.all() for process in processes):
        problems.append(_("No risk event is assessed."))
    for process in processes:
        risks = list(process.risks.all())
        if not risks and not blocking_only:
            problems.append(_("%(process)s: no risk event.") % {"process": process.name})
        for risk in risks:
            if risk.treatment != Treatment.ACCEPT and not risk.treatment_plan.strip():
                problems.append(
                    _("%(process)s: no plan to manage “%(event)s”.")
                    % {"process": process.name, "event": risk.event[:60]}
                )
    return problems
