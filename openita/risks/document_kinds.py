"""The bribery-risk assessment (O19 and its later numbers) and the report of results per process (O20) as
documents: PDF, Word, Excel. The assessment prints the minimum content the OIT asks: each process, the
criteria, the risk events, the level on the matrix, and the plan to manage them; the report prints, per
process, what was done for each treatment (the progress entries of its measure in the plan)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from openita.core.thai import to_thai_digits
from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable, register
from openita.documents.spec import (
    Cell,
    Column,
    DateText,
    Document,
    Heading,
    Metadata,
    PageSetup,
    Paragraph,
    Row,
    Table,
    Title,
    text,
)

from . import services
from .models import Risk, RiskAssessment, Treatment

TREATMENTS_TH = {
    Treatment.REDUCE: "ลดความเสี่ยง",
    Treatment.AVOID: "หลีกเลี่ยงความเสี่ยง",
    Treatment.TRANSFER: "ถ่ายโอนความเสี่ยง",
    Treatment.ACCEPT: "ยอมรับความเสี่ยง",
}


def _assessment(request: DocumentRequest) -> RiskAssessment:
    assessment = services.approved(request.unit, request.fiscal_year) or services.current(
        request.unit, request.fiscal_year
    )
    if assessment is None:
        raise DocumentUnavailable(_("The unit has not assessed its bribery risks this year."))
    return assessment


def _digits(value: object, request: DocumentRequest) -> str:
    return to_thai_digits(value) if request.digits == "thai" else str(value)


def _level(risk_l: int, risk_i: int, assessment: RiskAssessment, request: DocumentRequest) -> str:
    band = assessment.matrix.band(risk_l, risk_i)
    score = _digits(band["score"], request)
    return (
        f"{band['name']['th']} ({_digits(risk_l, request)} × {_digits(risk_i, request)} = {score})"
    )


def build_assessment(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    unit, matrix = request.unit, assessment.matrix
    title = "การประเมินความเสี่ยงการรับสินบน"
    blocks: list = [
        Title(
            (text(title), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {request.fiscal_year}"))
        ),
        Heading(text("๑. เกณฑ์การประเมิน")),
        Paragraph(text(assessment.criteria or "-")),
    ]
    scale_rows = tuple(
        Row(
            (
                Cell.of(_digits(level["value"], request), align="center"),
                Cell.of(level["name"]["th"]),
                Cell.of(level["definition"]["th"]),
                Cell.of(impact["name"]["th"]),
                Cell.of(impact["definition"]["th"]),
            )
        )
        for level, impact in zip(matrix.likelihood, matrix.impact, strict=False)
    )
    blocks.append(
        Table(
            columns=(
                Column("ระดับ", 0.08, align="center"),
                Column("โอกาสที่จะเกิด", 0.14),
                Column("ความหมาย", 0.3),
                Column("ผลกระทบ", 0.14),
                Column("ความหมาย", 0.34),
            ),
            rows=scale_rows,
            name="เกณฑ์",
        )
    )
    bands = "  ".join(
        f"{band['name']['th']} {_digits(band['from'], request)}–{_digits(band['to'], request)}"
        for band in matrix.data["bands"]
    )
    blocks.append(Paragraph(text(f"ระดับความเสี่ยง = โอกาส × ผลกระทบ: {bands}"), indent=False))
    blocks.append(Heading(text("๒. ผลการประเมินความเสี่ยงและแผนการจัดการความเสี่ยง")))
    rows = []
    for process in assessment.processes.prefetch_related("risks__owner"):
        for risk in process.risks.all():
            rows.append(
                Row(
                    (
                        Cell.of(process.name),
                        Cell.of(risk.event),
                        Cell.of(risk.existing_controls or "-"),
                        Cell.of(
                            _level(
                                risk.inherent_likelihood, risk.inherent_impact, assessment, request
                            )
                        ),
                        Cell.of(
                            TREATMENTS_TH[Treatment(risk.treatment)],
                            risk.treatment_plan or risk.accept_reason,
                        ),
                        Cell.of(
                            _level(
                                risk.residual_likelihood or 0,
                                risk.residual_impact or 0,
                                assessment,
                                request,
                            )
                            if risk.residual_score is not None
                            else "-"
                        ),
                        Cell.of(risk.owner.display_name if risk.owner else "-"),
                    )
                )
            )
    blocks.append(
        Table(
            columns=(
                Column("กระบวนงาน", 0.14),
                Column("เหตุการณ์ความเสี่ยง (รูปแบบพฤติการณ์)", 0.2),
                Column("การควบคุมที่มีอยู่", 0.14),
                Column("ระดับความเสี่ยง", 0.12),
                Column("แผนการจัดการความเสี่ยง", 0.2),
                Column("ระดับหลังจัดการ", 0.1),
                Column("ผู้รับผิดชอบ", 0.1),
            ),
            rows=tuple(rows),
            name="ทะเบียนความเสี่ยง",
        )
    )
    missing = services.missing_content(assessment)
    if missing:
        blocks.append(Paragraph(text("ยังขาด: " + " ".join(missing)), indent=False))
    if assessment.approved_at:
        blocks.append(
            Paragraph(text("อนุมัติเมื่อ ", DateText(assessment.approved_at.date())), indent=False)
        )
    return Document(
        metadata=Metadata(
            title=f"{title} {unit.name_th} {request.fiscal_year}", author=unit.name_th
        ),
        digits=request.digits,
        page=PageSetup(orientation="landscape"),
        blocks=tuple(blocks),
    )


def build_report(request: DocumentRequest) -> Document:
    assessment = _assessment(request)
    unit = request.unit
    title = "รายงานผลการดำเนินการเพื่อจัดการความเสี่ยงการรับสินบน"
    blocks: list = [
        Title((text(title), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {request.fiscal_year}")))
    ]
    risks = Risk.objects.filter(process__assessment=assessment).select_related("process", "measure")
    for risk in risks:
        blocks.append(Heading(text(f"{risk.process.name}: {risk.event}"), level=2))
        measure = risk.measure
        entries = list(measure.progress_entries.order_by("done_on")) if measure else []
        if not entries:
            blocks.append(Paragraph(text("ยังไม่มีการรายงานผล"), indent=False))
            continue
        blocks.append(
            Table(
                columns=(
                    Column("วันที่", 0.2),
                    Column("การดำเนินการ", 0.6),
                    Column("ร้อยละ", 0.2, align="center"),
                ),
                rows=tuple(
                    Row(
                        (
                            Cell(lines=(text(DateText(entry.done_on, month="abbr")),)),
                            Cell.of(entry.description),
                            Cell.of(_digits(entry.percent, request), align="center"),
                        )
                    )
                    for entry in entries
                ),
                name="ผลการดำเนินการ",
            )
        )
    return Document(
        metadata=Metadata(
            title=f"{title} {unit.name_th} {request.fiscal_year}", author=unit.name_th
        ),
        digits=request.digits,
        blocks=tuple(blocks),
    )


RISK_ASSESSMENT = register(
    DocumentKind(
        code="bribery-risk-assessment",
        label=_("Bribery-risk assessment"),
        build=build_assessment,
        source=_("the unit's bribery-risk register"),
    )
)
RISK_REPORT = register(
    DocumentKind(
        code="bribery-risk-report",
        label=_("Report on managing bribery risks"),
        build=build_report,
        source=_("the treatments of the register and their progress in the plan"),
    )
)
