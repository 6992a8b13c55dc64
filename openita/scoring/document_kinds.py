"""The unit's result report of a fiscal year as a document (kind `results-report`).

รายงานผลการประเมิน ITA: the total, grade and rating with the three instruments; the 10 indicators as a
table and a chart, each against the framework's benchmark; the weak points (ประเด็นที่ต้องปรับปรุง) with
the issue text of the framework; the differences from last year; where the numbers come from. It shows
the year's *preferred* result (the official one when entered, else the one openita computed), as the
result page does (`queries.unit_result`), and the weak points of `weak_points.weak_points`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from openita.documents.kinds import DocumentKind, DocumentRequest, DocumentUnavailable
from openita.documents.spec import (
    Block,
    BulletList,
    Cell,
    Chart,
    Column,
    DateText,
    Document,
    GroupRow,
    Heading,
    Line,
    Metadata,
    NumberText,
    Paragraph,
    Piece,
    Row,
    Series,
    Table,
    Title,
    text,
)
from openita.frameworks.models import Assessment, Indicator, Instrument

from .models import AssessmentResult
from .queries import ScoreRow, UnitResult, unit_result
from .weak_points import LOWEST_INDICATORS, LOWEST_ITEMS, WeakPoint, weak_points

REPORT_TITLE = "รายงานผลการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ (ITA)"
SCORE_DECIMALS = 2


@dataclass(frozen=True)
class ReportData:
    """What the report shows, read in a fixed number of queries."""

    result: UnitResult
    instrument_names: dict[str, str]  # code → Thai name
    instrument_weights: dict[str, Decimal]
    indicator_names: dict[int, str]  # number → Thai name
    indicator_instruments: dict[int, str]  # number → instrument code
    weak: list[WeakPoint]

    @property
    def current(self) -> AssessmentResult:
        assert self.result.result is not None
        return self.result.result

    @property
    def previous(self) -> AssessmentResult | None:
        return self.result.previous

    @property
    def fiscal_year(self) -> int:
        return self.result.fiscal_year


def report_data(request: DocumentRequest) -> ReportData:
    unit, year = request.unit, request.fiscal_year
    with translation.override("th"):
        data = unit_result(unit, year)
    if data.result is None:
        raise DocumentUnavailable(
            f"ยังไม่มีผลการประเมินของ{unit.name_th} ปีงบประมาณ พ.ศ. {year} "
            "ให้คำนวณผลในหน้า “ผลการประเมิน” ของหน่วยงาน (ปุ่ม “คำนวณใหม่”) "
            "หรือบันทึกผลอย่างเป็นทางการในหน้า “ผลอย่างเป็นทางการ” ก่อน"
        )
    version = data.version
    instruments = list(Instrument.objects.filter(version=version)) if version else []
    indicators = (
        list(Indicator.objects.filter(version=version).select_related("instrument"))
        if version
        else []
    )
    weak: list[WeakPoint] = []
    if version is not None:
        assessment = Assessment.objects.of(unit, year).first()
        # A year with only an official result has no assessment: its weak points are those of
        # its indicators, read against the framework its result would use.
        weak = weak_points(
            assessment or Assessment(unit=unit, fiscal_year=year, framework_version=version)
        )
    return ReportData(
        result=data,
        instrument_names={i.code: i.name_th for i in instruments},
        instrument_weights={i.code: i.weight for i in instruments},
        indicator_names={i.number: i.name_th for i in indicators},
        indicator_instruments={i.number: i.instrument.code for i in indicators},
        weak=weak,
    )


# --- Pieces --------------------------------------------------------------------------------------


def score(value: Decimal | None, bold: bool = False) -> Cell:
    """A score cell: a real number, or a dash when there is none."""
    if value is None:
        return Cell.of("-", align="center", bold=bold)
    return Cell((text(NumberText(value, SCORE_DECIMALS, bold=bold)),), align="right", bold=bold)


def change(value: Decimal | None, bold: bool = False) -> Cell:
    if value is None:
        return Cell.of("-", align="center", bold=bold)
    return Cell(
        (text(NumberText(value, SCORE_DECIMALS, bold=bold, signed=True)),), align="right", bold=bold
    )


def weight_text(value: Decimal | None) -> Line:
    if value is None:
        return text("-")
    if value == value.to_integral_value():
        return text(NumberText(int(value)))
    return text(NumberText(value, SCORE_DECIMALS))


def year_label(year: int) -> str:
    return f"พ.ศ. {year}"


def _score_columns(
    data: ReportData, first: Column, last: Iterable[Column] = ()
) -> tuple[Column, ...]:
    year = data.fiscal_year
    columns = [first, Column(year_label(year), 0.15, group="คะแนน", align="right")]
    if data.previous is not None:
        columns += [
            Column(year_label(year - 1), 0.15, group="คะแนน", align="right"),
            Column("ผลต่าง", 0.12, align="right"),
        ]
    return (*columns, *last)


def _score_cells(row: ScoreRow, has_previous: bool, bold: bool = False) -> list[Cell]:
    cells = [score(row.score, bold)]
    if has_previous:
        cells += [score(row.previous, bold), change(row.change, bold)]
    return cells


def instrument_label(code: str, names: dict[str, str]) -> str:
    name = names.get(code, "")
    return f"{name} ({code})" if name else code


# --- Sections ------------------------------------------------------------------------------------


def summary_sentence(data: ReportData) -> Line:
    result, previous, year = data.current, data.previous, data.fiscal_year
    unit = data.result.unit.name_th
    pieces: list[str | Piece] = [
        f"{unit}ได้รับการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ "
        f"ประจำปีงบประมาณ พ.ศ. {year} "
    ]
    if result.total is None:
        pieces.append("ยังไม่มีคะแนนรวม เนื่องจากผลการประเมินยังไม่ครบทุกแบบวัด")
        return text(*pieces)
    pieces += ["ได้คะแนนรวม ", NumberText(result.total, SCORE_DECIMALS), " คะแนน"]
    if result.grade:
        pieces.append(f" อยู่ในระดับ {result.grade}")
    if result.rating_name_th:
        pieces.append(f" ผลการประเมิน “{result.rating_name_th}”")
    if previous is not None and previous.total is not None:
        difference = result.total - previous.total
        pieces.append(f" เมื่อเทียบกับปีงบประมาณ พ.ศ. {year - 1} ")
        if difference > 0:
            pieces += ["คะแนนเพิ่มขึ้น ", NumberText(difference, SCORE_DECIMALS), " คะแนน"]
        elif difference < 0:
            pieces += ["คะแนนลดลง ", NumberText(-difference, SCORE_DECIMALS), " คะแนน"]
        else:
            pieces.append("คะแนนเท่าเดิม")
    return text(*pieces)


def overall_table(data: ReportData) -> Table:
    result, previous = data.current, data.previous
    has_previous = previous is not None
    rows: list[Row | GroupRow] = []
    for row in data.result.instruments:
        weight = data.instrument_weights.get(row.code, row.weight)
        rows.append(
            Row(
                (
                    Cell.of(instrument_label(row.code, data.instrument_names)),
                    Cell((weight_text(weight),), align="center"),
                    *_score_cells(row, has_previous),
                )
            )
        )
    total = ScoreRow("total", "", result.total, previous.total if previous is not None else None)
    rows.append(
        Row(
            (
                Cell.of("คะแนนรวม", bold=True),
                Cell((weight_text(Decimal(100)),), align="center", bold=True),
                *_score_cells(total, has_previous, bold=True),
            )
        )
    )
    for label, now, before in (
        ("ระดับผลการประเมิน", result.grade, previous.grade if previous else ""),
        ("ผลการประเมิน", result.rating_name_th, previous.rating_name_th if previous else ""),
    ):
        cells = [Cell.of(label), Cell.of(""), Cell.of(now or "-", align="center")]
        if has_previous:
            cells += [Cell.of(before or "-", align="center"), Cell.of("")]
        rows.append(Row(tuple(cells)))
    first, *scores = _score_columns(data, Column("แบบวัด", 0.5))
    return Table(
        columns=(first, Column("น้ำหนัก (ร้อยละ)", 0.11, align="center"), *scores),
        rows=tuple(rows),
        name="ผลการประเมินภาพรวม",
    )


def indicator_chart(data: ReportData) -> Chart:
    year, benchmark = data.fiscal_year, data.result.benchmark
    indicators = data.result.indicators
    series = [Series(f"ปีงบประมาณ พ.ศ. {year}", tuple(row.score for row in indicators))]
    if data.previous is not None:
        series.append(
            Series(f"ปีงบประมาณ พ.ศ. {year - 1}", tuple(row.previous for row in indicators))
        )
    caption = f"แผนภูมิที่ 1 คะแนนรายตัวชี้วัด ปีงบประมาณ พ.ศ. {year}"
    if data.previous is not None:
        caption += f" เทียบกับปีงบประมาณ พ.ศ. {year - 1}"
    if benchmark is not None:
        caption += f" และเกณฑ์ {_plain(benchmark)} คะแนน"
    return Chart(
        kind="bar",
        categories=tuple(f"{row.code} {_indicator_name(data, row)}" for row in indicators),
        series=tuple(series),
        reference=benchmark,
        reference_label=f"เกณฑ์ {_plain(benchmark)} คะแนน" if benchmark is not None else "",
        caption=text(caption),
        name="แผนภูมิตัวชี้วัด",
        category_title="ตัวชี้วัด",
        decimals=SCORE_DECIMALS,
    )


def _plain(value: Decimal | None) -> str:
    """85 for 85.00, 82.5 for 82.50."""
    if value is None:
        return ""
    return f"{value.normalize():f}"


def _indicator_name(data: ReportData, row: ScoreRow) -> str:
    return data.indicator_names.get(int(row.code), row.name)


def indicator_table(data: ReportData) -> Table:
    benchmark = data.result.benchmark
    has_previous = data.previous is not None
    last = (
        (Column(f"เทียบเกณฑ์ {_plain(benchmark)}", 0.16, align="center"),)
        if benchmark is not None
        else ()
    )
    rows: list[Row | GroupRow] = []
    group = None
    for row in data.result.indicators:
        number = int(row.code)
        instrument = data.indicator_instruments.get(number) or row.instrument_code
        if instrument and instrument != group:
            group = instrument
            rows.append(GroupRow(text(instrument_label(instrument, data.instrument_names))))
        cells = [
            Cell.of(f"{number}. {_indicator_name(data, row)}"),
            *_score_cells(row, has_previous),
        ]
        if benchmark is not None:
            status = "" if row.score is None else "ต่ำกว่าเกณฑ์" if row.below_benchmark else "ผ่านเกณฑ์"
            cells.append(Cell.of(status or "-", align="center", bold=row.below_benchmark))
        rows.append(Row(tuple(cells)))
    return Table(
        columns=_score_columns(data, Column("ตัวชี้วัด", 0.44), last),
        rows=tuple(rows),
        name="คะแนนรายตัวชี้วัด",
        group_title="แบบวัด",
    )


def _reason(point: WeakPoint) -> str:
    if point.below_benchmark:
        return f"ต่ำกว่าเกณฑ์ {_plain(point.benchmark)} คะแนน"
    if point.kind == "indicator":
        return f"อยู่ใน {LOWEST_INDICATORS} ตัวชี้วัดที่คะแนนต่ำสุด"
    return f"อยู่ใน {LOWEST_ITEMS} ข้อที่คะแนนต่ำสุด"


def weak_point_section(data: ReportData) -> list[Paragraph | Table]:
    benchmark = data.result.benchmark
    if benchmark is None:
        return [
            Paragraph(text("ไม่มีกรอบการประเมินของปีงบประมาณนี้ในระบบ จึงยังวิเคราะห์ประเด็นที่ต้องปรับปรุงไม่ได้"))
        ]
    introduction = (
        f"ตัวชี้วัดและข้อที่ได้คะแนนต่ำกว่าเกณฑ์ {_plain(benchmark)} คะแนน "
        f"และ {LOWEST_INDICATORS} ตัวชี้วัดกับ {LOWEST_ITEMS} ข้อที่ได้คะแนนต่ำสุด "
        "(ไม่นับที่ได้ 100 คะแนน) คือประเด็นที่หน่วยงานควรปรับปรุงหรือยกระดับ "
        "ตามประเด็นของกรอบการประเมิน ดังนี้"
    )
    if data.result.computed is None:
        introduction += " (ผลอย่างเป็นทางการมีเฉพาะคะแนนรายตัวชี้วัด จึงไม่มีการวิเคราะห์รายข้อ)"
    if not data.weak:
        return [
            Paragraph(
                text(
                    f"ทุกตัวชี้วัดและทุกข้อได้คะแนนไม่ต่ำกว่าเกณฑ์ {_plain(benchmark)} คะแนน "
                    "และไม่มีประเด็นที่ต้องปรับปรุง"
                )
            )
        ]
    by_indicator: dict[int, list[WeakPoint]] = {}
    for point in data.weak:
        by_indicator.setdefault(point.indicator_number, []).append(point)
    rows: list[Row | GroupRow] = []
    for number in sorted(by_indicator):
        name = data.indicator_names.get(number, "")
        rows.append(GroupRow(text(f"ตัวชี้วัดที่ {number} {name}".strip())))
        points = sorted(by_indicator[number], key=lambda p: (p.kind != "indicator", p.score))
        for point in points:
            label = text("ตัวชี้วัด") if point.kind == "indicator" else text(f"ข้อ {point.code}")
            rows.append(
                Row(
                    (
                        Cell((label,)),
                        score(point.score),
                        Cell.of(_reason(point)),
                        Cell.of(point.issue_th),
                    )
                )
            )
    return [
        Paragraph(text(introduction)),
        Table(
            columns=(
                Column("ตัวชี้วัด / ข้อ", 0.16),
                Column("คะแนน", 0.11, align="right"),
                Column("เหตุที่ต้องปรับปรุง", 0.2),
                Column("ประเด็นที่ต้องปรับปรุง", 0.53),
            ),
            rows=tuple(rows),
            name="ประเด็นที่ต้องปรับปรุง",
            group_title="ตัวชี้วัด",
        ),
    ]


def _changes(rows: list[ScoreRow], sign: int) -> list[tuple[ScoreRow, Decimal]]:
    """The rows whose score went up (sign 1), down (-1) or stayed (0), the largest change first."""
    picked = [
        (row, row.change)
        for row in rows
        if row.change is not None and (row.change > 0) - (row.change < 0) == sign
    ]
    return sorted(picked, key=lambda pair: (-abs(pair[1]), int(pair[0].code)))


def comparison_section(data: ReportData) -> list[Paragraph | BulletList]:
    year, previous = data.fiscal_year, data.previous
    if previous is None:
        return [
            Paragraph(
                text(
                    f"ยังไม่มีผลการประเมินของปีงบประมาณ พ.ศ. {year - 1} ในระบบ จึงยังเปรียบเทียบไม่ได้ "
                    "(บันทึกผลอย่างเป็นทางการของปีก่อนได้ในหน้า “ผลอย่างเป็นทางการ”)"
                )
            )
        ]
    result = data.current
    pieces: list[str | Piece] = []
    if result.total is not None and previous.total is not None:
        difference = result.total - previous.total
        pieces += [
            f"คะแนนรวมปีงบประมาณ พ.ศ. {year} เท่ากับ ",
            NumberText(result.total, SCORE_DECIMALS),
            f" คะแนน ปีงบประมาณ พ.ศ. {year - 1} เท่ากับ ",
            NumberText(previous.total, SCORE_DECIMALS),
            " คะแนน ผลต่าง ",
            NumberText(difference, SCORE_DECIMALS, signed=True),
            " คะแนน",
        ]
    if result.grade and previous.grade:
        if result.grade == previous.grade:
            pieces.append(f" ระดับผลการประเมิน {result.grade} เท่าเดิม")
        else:
            pieces.append(f" ระดับผลการประเมินเปลี่ยนจาก {previous.grade} เป็น {result.grade}")
    items: list[Line] = []
    indicators = data.result.indicators
    for label, sign in (("เพิ่มขึ้น", 1), ("ลดลง", -1), ("เท่าเดิม", 0)):
        changed = _changes(indicators, sign)
        if not changed:
            continue
        parts: list[str | Piece] = [f"ตัวชี้วัดที่คะแนน{label} {len(changed)} ตัวชี้วัด ได้แก่ "]
        for index, (row, difference) in enumerate(changed):
            if index:
                parts.append(", ")
            parts.append(f"{row.code}. {_indicator_name(data, row)}")
            if sign:
                parts += [" (", NumberText(difference, SCORE_DECIMALS, signed=True), ")"]
        items.append(text(*parts))
    missing = [row for row in indicators if row.change is None]
    if missing:
        names = ", ".join(f"{row.code}. {_indicator_name(data, row)}" for row in missing)
        items.append(text(f"ตัวชี้วัดที่ไม่มีคะแนนของทั้งสองปีให้เปรียบเทียบ ได้แก่ {names}"))
    blocks: list[Paragraph | BulletList] = []
    if pieces:
        blocks.append(Paragraph(text(*pieces)))
    if items:
        blocks.append(BulletList(tuple(items)))
    return blocks


def _source(result: AssessmentResult) -> Line:
    year = result.fiscal_year
    if result.is_official:
        what = "ผลอย่างเป็นทางการที่หน่วยงานบันทึกหรือนำเข้าจากระบบของสำนักงาน ป.ป.ช."
    else:
        what = "ผลที่คำนวณจากคำตอบแบบวัด IIT และ EIT และคะแนน OIT (ยังไม่ใช่ผลอย่างเป็นทางการ)"
    pieces: list[str | Piece] = [f"ผลปีงบประมาณ พ.ศ. {year}: {what}"]
    pieces += [" ข้อมูล ณ วันที่ ", DateText(timezone.localdate(result.computed_at))]
    if not result.complete:
        pieces.append(" ผลยังไม่ครบถ้วน")
    if result.note:
        pieces.append(f" หมายเหตุ: {result.note}")
    return text(*pieces)


def build_results_report(request: DocumentRequest) -> Document:
    data = report_data(request)
    unit, year = request.unit, request.fiscal_year
    previous = data.previous
    notes = [_source(data.current)]
    if previous is not None:
        notes.append(_source(previous))
    notes.append(text("ระดับผลการประเมินและเกณฑ์เป็นไปตามกรอบการประเมินของปีนั้น คะแนนทุกส่วนเต็ม 100 คะแนน"))
    blocks: list[Block] = [
        Title((text(REPORT_TITLE), text(unit.name_th), text(f"ประจำปีงบประมาณ พ.ศ. {year}"))),
        Heading(text("1. ผลการประเมินภาพรวม")),
        Paragraph(summary_sentence(data)),
        overall_table(data),
        Heading(text("2. คะแนนรายตัวชี้วัด")),
    ]
    if data.result.indicators:
        blocks += [indicator_table(data), indicator_chart(data)]
    else:
        blocks.append(Paragraph(text("ผลการประเมินนี้ไม่มีคะแนนรายตัวชี้วัด")))
    blocks += [
        Heading(text("3. ประเด็นที่ต้องปรับปรุง")),
        *weak_point_section(data),
        Heading(text(f"4. การเปรียบเทียบกับปีงบประมาณ พ.ศ. {year - 1}")),
        *comparison_section(data),
        Heading(text("หมายเหตุ"), level=2),
        BulletList(tuple(notes)),
    ]
    return Document(
        metadata=Metadata(
            title=f"{REPORT_TITLE} {unit.name_th} ปีงบประมาณ พ.ศ. {year}",
            author=unit.name_th,
            subject="ITA",
        ),
        digits=request.digits,
        blocks=tuple(blocks),
    )


RESULTS_REPORT = DocumentKind(
    code="results-report",
    label=_("Result report"),
    build=build_results_report,
    source=_("the unit's result of the year, its weak points and last year's result"),
)
