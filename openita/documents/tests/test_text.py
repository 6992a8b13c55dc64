from datetime import date
from decimal import Decimal

import pytest

from openita.documents.spec import DateText, NumberText, Run, text
from openita.documents.text import (
    NO_BREAK_SPACE,
    break_units,
    line_text,
    piece_text,
    split_long_name,
    split_long_word,
)


def kept(value: str) -> list[str]:
    return [unit.text for unit in break_units(value) if not unit.is_space]


def test_it_cuts_long_names_into_their_words():
    assert split_long_name("สำนักงานคณะกรรมการป้องกันและปราบปรามการทุจริตแห่งชาติ") == (
        "สำนักงาน",
        "คณะกรรมการ",
        "ป้องกัน",
        "และ",
        "ปราบปราม",
        "การ",
        "ทุจริต",
        "แห่งชาติ",
    )
    assert split_long_name("สำนักงานตำรวจ") == ("สำนักงานตำรวจ",)  # shorter than 16


@pytest.mark.parametrize("word", ["เทคโนโลยี", "กันยายน", "พฤศจิกายน", "อินเทอร์เน็ต"])
def test_it_keeps_words_that_engines_cut_whole(word):
    assert word in kept(f"ภายในเดือน{word}นี้")


def test_it_cuts_a_long_compound_once_into_two_dictionary_words():
    assert split_long_word("ปีงบประมาณ") == ("ปี", "งบประมาณ")
    assert split_long_word("ผู้รับผิดชอบ") == ("ผู้", "รับผิดชอบ")
    assert split_long_word("เข้าใจง่าย") == ("เข้าใจ", "ง่าย")  # not เข้า|ใจง่าย
    assert split_long_word("กันยายน") == ("กันยายน",)  # shorter than 8 characters


@pytest.mark.parametrize("word", ["เทคโนโลยี", "วิเคราะห์", "ครอบครัว", "จริยธรรม", "ประสิทธิภาพ"])
def test_it_keeps_long_words_that_are_not_compounds_whole(word):
    assert split_long_word(word) == (word,)


def test_it_glues_the_era_to_its_year_and_punctuation_to_words():
    units = kept(f"ประจำปี พ.ศ.{NO_BREAK_SPACE}๒๕๖๘ “สถานีตำรวจ” ต่าง ๆ ปรับปรุง/ยกระดับ")
    assert f"พ.ศ.{NO_BREAK_SPACE}๒๕๖๘" in units
    assert units[units.index("ต่าง ๆ") - 1].endswith("”")
    assert "“สถานี" in units
    assert "ปรับปรุง/" in units


def test_it_leaves_latin_text_to_the_engine():
    units = break_units("(Integrity and Transparency Assessment: ITA)")
    assert all(not unit.keep for unit in units)
    assert next(unit.text for unit in units if not unit.is_space) == "(Integrity"


def test_it_keeps_spaces_at_run_edges():
    assert break_units("ลงวันที่ ")[-1].is_space


def test_it_shows_digits_dates_and_numbers_as_the_document_asks():
    line = text("ที่ 7/2568 ", DateText(date(2025, 1, 9), with_era=True), " ", NumberText(1234))
    assert line_text(line, "thai") == f"ที่ ๗/๒๕๖๘ ๙ มกราคม พ.ศ.{NO_BREAK_SPACE}๒๕๖๘ ๑,๒๓๔"
    assert line_text(line, "arabic") == f"ที่ 7/2568 9 มกราคม พ.ศ.{NO_BREAK_SPACE}2568 1,234"


def test_it_formats_decimals_and_abbreviated_months():
    assert piece_text(NumberText(Decimal("56789.5"), decimals=2), "arabic") == "56,789.50"
    assert piece_text(DateText(date(2024, 10, 1), month="abbr"), "thai") == "๑ ต.ค. ๒๕๖๗"


def test_it_glues_the_era_written_in_text_and_keeps_digits_when_asked():
    assert piece_text(Run("พ.ศ. 2566 และ พ.ศ.2567"), "arabic") == (
        f"พ.ศ.{NO_BREAK_SPACE}2566 และ พ.ศ.{NO_BREAK_SPACE}2567"
    )
    assert piece_text(Run("https://example.go.th/2566", keep_digits=True), "thai") == (
        "https://example.go.th/2566"
    )


def test_dates_are_glued_so_that_no_line_cuts_them():
    from openita.documents.text import NO_BREAK_SPACE, glue_dates

    glued = glue_dates("ต.ค. 2567 – 31 ม.ค. 2568 ภายในเดือนมกราคม 2566 ทุก 3 เดือน")
    assert glued == (
        f"ต.ค.{NO_BREAK_SPACE}2567 – 31{NO_BREAK_SPACE}ม.ค.{NO_BREAK_SPACE}2568 "
        f"ภายในเดือนมกราคม{NO_BREAK_SPACE}2566 ทุก 3 เดือน"
    )


def test_a_name_breaks_only_between_its_words():
    from openita.documents.text import break_units, break_units_keeping

    value = "นางกนกพร มั่นคงธรรม หัวหน้าสถานีตำรวจภูธรเมืองตาก"
    assert "กนก" in [unit.text for unit in break_units(value)]  # the dictionary cuts the name
    units = break_units_keeping(value, frozenset({"กนกพร มั่นคงธรรม", "สถานีตำรวจภูธรเมืองตาก"}))
    shown = [unit.text for unit in units if not unit.is_space]
    assert "กนกพร" in shown and "มั่นคงธรรม" in shown and "สถานีตำรวจภูธรเมืองตาก" in shown
    assert all(unit.keep for unit in units if not unit.is_space)
