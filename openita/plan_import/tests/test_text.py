"""Reading the Thai of real documents (issue #19, point 3)."""

from datetime import date

import pytest

from openita.plan_import.text import (
    clean_cell,
    find_dates,
    follow_up_frequency,
    leading_number,
    normalise_oit_code,
    normalise_thai,
    numbered_parts,
    period_kind,
)


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("O๑๓", "O13"),
        ("๐๑๖", "O16"),
        ("0๕", "O5"),
        ("o25", "O25"),
        ("O 7", "O7"),
        ("Оо", None),
        ("25", None),
    ],
)
def test_oit_codes_in_their_variant_spellings(written: str, code: str | None) -> None:
    assert normalise_oit_code(written) == code


@pytest.mark.parametrize(
    ("written", "day", "exact"),
    [
        ("๓๐ มี.ค.๖๘", date(2025, 3, 30), True),
        ("15 มี.ค. 2568", date(2025, 3, 15), True),
        ("ดำเนินการเมื่อวันที่ ๒๖ เดือน มกราคมพ.ศ ๒๕๖๖", date(2023, 1, 26), True),
        ("31/3/2568", date(2025, 3, 31), True),
        ("ภายในเดือนมีนาคม ๒๕๖๖", date(2023, 3, 31), False),
        ("ต.ค. ๖๗", date(2024, 10, 31), False),
    ],
)
def test_short_buddhist_era_dates(written: str, day: date, exact: bool) -> None:
    found = find_dates(written, 2568)
    assert [(item.value, item.exact_day) for item in found] == [(day, exact)]


@pytest.mark.parametrize(
    "phrase", ["ทุกวัน", "ตามปฏิทินกิจกรรมการประเมิน", "ปีงบประมาณ ๒๕๖๗ เป็นต้นไป", "ทุก ๓ เดือน", "i๑๒"]
)
def test_phrases_that_are_not_dates_give_no_date(phrase: str) -> None:
    assert find_dates(phrase, 2567) == []


def test_a_range_gives_both_ends() -> None:
    found = find_dates("ต.ค. ๖๗ – ก.ย. ๖๘", 2568)
    assert [item.value for item in found] == [date(2024, 10, 31), date(2025, 9, 30)]


@pytest.mark.parametrize(
    ("phrase", "frequency"),
    [
        ("รายงานความคืบหน้าทุก ๑ เดือน", "monthly"),
        ("ทุก ๓ เดือน", "quarterly"),
        ("ดำเนินการทุกไตรมาส", "quarterly"),
        ("ทุก ๖ เดือน", "half_yearly"),
        ("รายงานให้ผู้บังคับบัญชาทราบ", None),
    ],
)
def test_follow_up_phrases(phrase: str, frequency: str | None) -> None:
    assert follow_up_frequency(phrase) == frequency


def test_period_kinds() -> None:
    assert period_kind("ปีงบประมาณ ๒๕๖๖") == "all_year"
    assert period_kind("ทุกวัน") == "every_day"
    assert period_kind("ปีงบประมาณ ๒๕๖๗ เป็นต้นไป") is None


def test_look_alike_letters_and_html_fragments() -> None:
    lao_inside = "ทຳงาน"  # a Lao sara am and nothing else foreign
    assert normalise_thai(lao_inside) == "ทำงาน"
    assert normalise_thai("ทํางาน") == "ทำงาน"  # nikhahit + sara aa
    assert normalise_thai("เเผน") == "แผน"
    assert normalise_thai("กoง") == "กอง"
    assert clean_cell("<p>๑.หนึ่ง</p> <p>๒.สอง</p>") == "๑.หนึ่ง\n๒.สอง"
    assert clean_cell('<ol style="list-style-type: none"> 1. ก 2. ข</ol>') == "1. ก 2. ข"
    assert clean_cell("ก&amp;ข\u200b") == "ก&ข"


def test_numbered_items_inside_one_cell() -> None:
    parts = numbered_parts("ก่อน ๑.หนึ่ง (๑) ย่อย ๒. สอง ๒.๑ ต่อ ๓) ไม่ใช่")
    assert [(part.number, part.text) for part in parts] == [
        (None, "ก่อน"),
        (1, "หนึ่ง (๑) ย่อย"),
        (2, "สอง ๒.๑ ต่อ ๓) ไม่ใช่"),
    ]
    assert numbered_parts("ไม่มีเลข") == [numbered_parts("ไม่มีเลข")[0]]
    assert leading_number("๑๐)การป้องกันการทุจริต") == 10
    assert leading_number("(๒.๑) การให้บริการ") is None
