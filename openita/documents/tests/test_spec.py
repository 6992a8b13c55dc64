from decimal import Decimal

import pytest

from openita.documents.spec import (
    Cell,
    Chart,
    Column,
    Image,
    NumberText,
    PageSetup,
    Row,
    Series,
    SignatureBlock,
    Signer,
    Table,
)
from openita.documents.tests.builders import SQUARE_SVG, small_png
from openita.documents.text import piece_text


def test_it_refuses_rows_with_the_wrong_number_of_cells():
    with pytest.raises(ValueError, match="row 1 has 1 cells for 2 columns"):
        Table(columns=(Column("ก", 1), Column("ข", 1)), rows=(Row((Cell.of("x"),)),))


def test_it_refuses_columns_without_width_and_split_groups():
    with pytest.raises(ValueError, match="width must be positive"):
        Column("ก", 0)
    with pytest.raises(ValueError, match="side by side"):
        Table(columns=(Column("ก", 1, group="ช่วง"), Column("ข", 1), Column("ค", 1, group="ช่วง")))


def test_it_groups_header_columns_and_flattens_titles_for_spreadsheets():
    table = Table(
        columns=(
            Column("ตัวชี้วัด", 2),
            Column("เริ่ม", 1, group="ระยะเวลา"),
            Column("สิ้นสุด", 1, group="ระยะเวลา"),
        )
    )
    assert table.has_two_header_rows
    assert [(group, len(columns)) for group, columns in table.header_groups()] == [
        (None, 1),
        ("ระยะเวลา", 2),
    ]
    assert table.flat_titles() == ["ตัวชี้วัด", "ระยะเวลา: เริ่ม", "ระยะเวลา: สิ้นสุด"]
    assert table.width_shares() == (0.5, 0.25, 0.25)


def test_it_joins_abbreviated_ranks_to_names():
    assert Signer("สมชาย ใจดี", rank="พ.ต.อ.").display_name == "พ.ต.อ.สมชาย ใจดี"
    assert Signer("สมชาย ใจดี", rank="พันตำรวจเอก").display_name == "พันตำรวจเอก สมชาย ใจดี"
    assert Signer("สมชาย ใจดี").display_name == "สมชาย ใจดี"
    with pytest.raises(ValueError):
        SignatureBlock(())


@pytest.mark.parametrize(
    ("rank", "bracketed", "below"),
    [
        ("พ.ต.อ.", "สมชาย ใจดี", ("พันตำรวจเอก", "ผู้กำกับการ")),
        ("ร.ต.อ.หญิง", "สมชาย ใจดี", ("ร้อยตำรวจเอกหญิง", "ผู้กำกับการ")),
        ("ด.ต.", "สมชาย ใจดี", ("ดาบตำรวจ", "ผู้กำกับการ")),
        ("ว่าที่ ร.ต.", "สมชาย ใจดี", ("ว่าที่ร้อยตรี", "ผู้กำกับการ")),
        ("พันตำรวจโท", "สมชาย ใจดี", ("พันตำรวจโท", "ผู้กำกับการ")),
        ("นาย", "นายสมชาย ใจดี", ("ผู้กำกับการ",)),  # a title, not a rank: in the brackets
        ("น.ส.", "นางสาวสมชาย ใจดี", ("ผู้กำกับการ",)),
        ("", "สมชาย ใจดี", ("ผู้กำกับการ",)),
        ("น.อ.", "สมชาย ใจดี", ("น.อ.", "ผู้กำกับการ")),  # navy or air force: as typed
    ],
)
def test_a_signature_has_the_name_alone_in_brackets_and_the_full_rank_below(rank, bracketed, below):
    signer = Signer("สมชาย ใจดี", rank=rank, position=("ผู้กำกับการ",))
    assert (signer.bracketed, signer.below) == (bracketed, below)


def test_a_chart_has_one_value_per_category_in_one_to_three_series():
    one = Series("ปี 2568", (1, 2, 3))
    with pytest.raises(ValueError, match="2 values for 3 categories"):
        Chart("bar", ("ก", "ข", "ค"), (Series("ปี 2567", (1, 2)),))
    with pytest.raises(ValueError, match="1 to 3 series"):
        Chart("bar", ("ก", "ข", "ค"), (one,) * 4)
    with pytest.raises(ValueError, match="at least 3 categories"):
        Chart("radar", ("ก", "ข"), (Series("x", (1, 2)),))
    with pytest.raises(ValueError, match="width"):
        Chart("bar", ("ก", "ข", "ค"), (one,), width=1.5)
    with pytest.raises(ValueError, match="maximum"):
        Chart("bar", ("ก", "ข", "ค"), (one,), maximum=0)
    assert Chart("radar", ("ก", "ข", "ค"), (one, Series("ปี 2567", (None, 2, 3)))).series


@pytest.mark.parametrize(
    ("maximum", "ticks"),
    [
        (100, (0, 20, 40, 60, 80, 100)),
        (5, (0, 1, 2, 3, 4, 5)),
        (250, (0, 50, 100, 150, 200, 250)),
        (1, (0, 0.2, 0.4, 0.6, 0.8, 1)),
    ],
)
def test_a_chart_scale_has_round_marks(maximum, ticks):
    chart = Chart("bar", ("ก",), (Series("x", (1,)),), maximum=maximum)
    assert chart.ticks() == pytest.approx(ticks)


def test_an_image_is_png_jpeg_or_svg():
    assert Image(data=small_png()).data
    assert Image(svg=SQUARE_SVG).svg
    with pytest.raises(ValueError, match="either"):
        Image()
    with pytest.raises(ValueError, match="either"):
        Image(data=small_png(), svg=SQUARE_SVG)
    with pytest.raises(ValueError, match="PNG or JPEG"):
        Image(data=b"GIF89a")


def test_signed_numbers_show_the_direction_of_a_change():
    shown = [
        piece_text(NumberText(Decimal(value), 2, signed=True), "arabic")
        for value in ("2.4", "-1.5", "0", "-0.001")
    ]
    assert shown == ["+2.40", "-1.50", "0.00", "0.00"]
    assert piece_text(NumberText(Decimal("7.15"), 2, signed=True), "thai") == "+๗.๑๕"
    assert piece_text(NumberText(3, signed=True), "arabic") == "+3"


def test_the_text_width_follows_the_orientation_and_margins():
    assert PageSetup().text_width_mm == 160
    assert PageSetup(orientation="landscape").text_width_mm == 247
