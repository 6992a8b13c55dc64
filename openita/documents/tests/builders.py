"""Small documents for the tests, built in code."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from PIL import Image as PILImage
from PIL import ImageDraw

from openita.documents.spec import (
    BulletList,
    Cell,
    Chart,
    Column,
    DateText,
    Digits,
    Document,
    GroupRow,
    Heading,
    Image,
    Metadata,
    NumberText,
    PageSetup,
    Paragraph,
    Row,
    Series,
    SignatureBlock,
    Signer,
    Table,
    Title,
    link,
    text,
)

# Words that engines are known to cut (เทคโนโล|ยี, กัน|ยายน, ปีงบ|ประมาณ), without spaces.
HARD_WORDS = "การนำเทคโนโลยีมาใช้ภายในเดือนกันยายนของปีงบประมาณ"
LONG_PARAGRAPH = (
    HARD_WORDS
    + "สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติได้ร่วมกับสำนักงานตำรวจแห่งชาติ"
    + "ในการขยายการประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐลงสู่สถานีตำรวจ"
    + HARD_WORDS * 3
)
MARKUP_LOOKALIKE = "#set page(width: 1cm) *ตัวหนา* _เอียง_ $x$ <label> @ref = หัวข้อ"
PLAN_URL = "https://example.go.th/ita/2566/plan?page=1"


def one_page_document(digits: Digits = "thai") -> Document:
    """Every kind of block, short enough for one A4 page."""
    return Document(
        metadata=Metadata(title="แผนทดสอบ", author="สถานีตำรวจภูธรทดสอบ", subject="ITA"),
        digits=digits,
        blocks=(
            Title((text("มาตรการส่งเสริมคุณธรรมและความโปร่งใส"), text("ประจำปีงบประมาณ พ.ศ. 2568"))),
            Heading(text("1. ความเป็นมา")),
            Paragraph(
                text(
                    "คำสั่งที่ 7/2568 ลงวันที่ ",
                    DateText(date(2025, 1, 9), with_era=True),
                    " มีผู้รับผิดชอบ ",
                    NumberText(1234),
                    " คน งบประมาณ ",
                    NumberText(Decimal("56789.5"), decimals=2),
                    " บาท",
                )
            ),
            Paragraph(text(MARKUP_LOOKALIKE), indent=False),
            BulletList((text("ข้อแรก"), text("ข้อที่สอง")), numbered=True),
            BulletList((text("เผยแพร่บนเว็บไซต์"),)),
            Heading(text("2. แผน"), level=2),
            Table(
                columns=(
                    Column("ตัวชี้วัด", 0.3),
                    Column("เริ่ม", 0.2, group="ระยะเวลา"),
                    Column("สิ้นสุด", 0.2, group="ระยะเวลา"),
                    Column("เอกสาร", 0.3),
                ),
                rows=(
                    GroupRow(text("แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน")),
                    Row(
                        (
                            Cell.of("การปฏิบัติหน้าที่"),
                            Cell((text(DateText(date(2024, 10, 1), month="abbr")),)),
                            Cell((text(DateText(date(2025, 9, 30), month="abbr")),)),
                            Cell((link("แผนปฏิบัติการ", PLAN_URL),)),
                        )
                    ),
                    Row(
                        (
                            Cell.of("การใช้งบประมาณ", "บรรทัดที่สอง"),
                            Cell.of("ต.ค. 2567"),
                            Cell.of("ก.ย. 2568"),
                            Cell((text(NumberText(42)),), align="right"),
                        )
                    ),
                ),
                name="แผน",
                group_title="แบบวัด",
            ),
            SignatureBlock(
                (
                    Signer("สมชาย ใจดี", rank="พ.ต.อ.", position=("ผู้กำกับการ",)),
                    Signer("สมหญิง รักงาน", position=("เลขานุการ", "คณะทำงาน")),
                )
            ),
        ),
    )


def narrow_columns_document() -> Document:
    """A long paragraph without spaces and a table of narrow Thai cells (several pages)."""
    rows = tuple(
        Row(
            (
                Cell.of(f"{number}) การปฏิบัติหน้าที่"),
                Cell.of(HARD_WORDS + "และเผยแพร่ประชาสัมพันธ์ให้ผู้บังคับบัญชาทราบ"),
                Cell.of("เจ้าหน้าที่เทคโนโลยี", "สารวัตรอำนวยการ"),
                Cell.of("กันยายน 2568"),
                Cell.of("ปีงบประมาณ 2568", f"รอบที่ {number}"),
            )
        )
        for number in range(1, 41)
    )
    return Document(
        metadata=Metadata(title="ทดสอบการตัดบรรทัด"),
        blocks=(
            Paragraph(text(LONG_PARAGRAPH)),
            Table(
                columns=(
                    Column("ตัวชี้วัด", 0.17),
                    Column("ขั้นตอนหรือวิธีการ", 0.33),
                    Column("ผู้รับผิดชอบ", 0.18),
                    Column("ระยะเวลาดำเนินการ", 0.16),
                    Column("การกำกับติดตาม", 0.16),
                ),
                rows=rows,
            ),
        ),
    )


def landscape(doc: Document) -> Document:
    return Document(
        metadata=doc.metadata,
        blocks=doc.blocks,
        page=PageSetup(orientation="landscape"),
        digits=doc.digits,
    )


INDICATORS = (
    "การปฏิบัติหน้าที่",
    "การใช้งบประมาณ",
    "การใช้อำนาจ",
    "การใช้ทรัพย์สินของราชการ",
    "การแก้ไขปัญหาการทุจริต",
    "คุณภาพการดำเนินงาน",
    "ประสิทธิภาพการสื่อสาร",
    "การปรับปรุงระบบการทำงาน",
    "การเปิดเผยข้อมูล",
    "การป้องกันการทุจริต",
)
THIS_YEAR = tuple(
    Decimal(value)
    for value in (
        "97.71",
        "97.02",
        "82.73",
        "98.75",
        "97.32",
        "97.49",
        "98.08",
        "98.40",
        "100",
        "100",
    )
)
LAST_YEAR: tuple[Decimal | None, ...] = tuple(
    None if value is None else Decimal(value)
    for value in ("96", "94", "91", "97", "88", "95", "93", None, "87", "90")
)
SQUARE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 40 20">'
    '<rect x="1" y="1" width="38" height="18" fill="#ccc" stroke="#000"/></svg>'
)


def small_png(width: int = 120, height: int = 60) -> bytes:
    picture = PILImage.new("L", (width, height), 255)
    ImageDraw.Draw(picture).rectangle((10, 10, width - 10, height - 10), fill=80)
    output = io.BytesIO()
    picture.save(output, "PNG")
    return output.getvalue()


def indicator_bar_chart() -> Chart:
    return Chart(
        kind="bar",
        categories=tuple(f"{number} {name}" for number, name in enumerate(INDICATORS, start=1)),
        series=(Series("ปีงบประมาณ พ.ศ. 2568", THIS_YEAR), Series("ปีงบประมาณ พ.ศ. 2567", LAST_YEAR)),
        reference=85,
        reference_label="เกณฑ์ 85 คะแนน",
        caption=text("แผนภูมิที่ 1 คะแนนรายตัวชี้วัด"),
        name="แผนภูมิตัวชี้วัด",
        category_title="ตัวชี้วัด",
    )


def chart_document(digits: Digits = "thai") -> Document:
    """A bar chart, a radar chart and two images (PNG and SVG) with captions."""
    bar = indicator_bar_chart()
    radar = Chart(
        kind="radar",
        categories=tuple(str(number) for number in range(1, 11)),
        series=bar.series,
        reference=85,
        reference_label="เกณฑ์ 85 คะแนน",
        caption=text("แผนภูมิที่ 2 คะแนนรายตัวชี้วัดแบบเรดาร์"),
        width=0.6,
    )
    return Document(
        metadata=Metadata(title="แผนภูมิทดสอบ"),
        digits=digits,
        blocks=(
            Title((text("ผลการประเมินทดสอบ"), text("ประจำปีงบประมาณ พ.ศ. 2568"))),
            Paragraph(text("คะแนนรายตัวชี้วัดเทียบกับปีก่อนและเกณฑ์")),
            bar,
            radar,
            Image(data=small_png(), width=0.3, caption=text("รูปที่ 1 ภาพทดสอบ"), alt="ภาพทดสอบ"),
            Image(svg=SQUARE_SVG, width=0.2, caption=text("รูปที่ 2 ภาพเวกเตอร์")),
        ),
    )
