import pytest

from openita.documents.spec import Cell, Column, Row, SignatureBlock, Signer, Table


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
