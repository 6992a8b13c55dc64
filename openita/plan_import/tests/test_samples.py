"""The three real documents of ../shared/samples (copied into tests/samples), as text and as Word, Excel and
PDF files built from them, read with the counts established by reading them (issue #19)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import pytest

from openita.frameworks.library import read_library, shipped_library_paths
from openita.plan_import.reading import read_document
from openita.plan_import.recognise import FrameworkFacts, recognise
from openita.plan_import.result import GUESS, SURE

from .builders import PHUKAEW, SAO, TAK, sample_items, to_docx, to_pdf, to_xlsx


@cache
def facts(library: str, fiscal_year: int) -> FrameworkFacts:
    path = next(path for path in shipped_library_paths() if path.stem == library)
    data = read_library(path).data
    assert data is not None
    return FrameworkFacts.from_library(data, fiscal_year)


@cache
def file_of(sample: Path, file_format: str) -> bytes:
    if file_format == "txt":
        return sample.read_bytes()
    builder = {"docx": to_docx, "xlsx": to_xlsx, "pdf": to_pdf}[file_format]
    return builder(sample_items(sample))


def counts(sample: Path, file_format: str, library: str, fiscal_year: int) -> dict[str, Any]:
    document = read_document(f"{sample.stem}.{file_format}", file_of(sample, file_format))
    return recognise(document, facts(library, fiscal_year)).counts()


def by_indicator(*numbers: int) -> dict[str, int]:
    return {str(index): count for index, count in enumerate(numbers, 1)}


FORMATS = ["txt", "docx", "xlsx", "pdf"]


@pytest.mark.parametrize("file_format", FORMATS)
def test_police_station_plan(file_format: str) -> None:
    """27 measures (6, 4, 4, 1, 4, 2, 2, 2, 1, 1), the continued rows joined; the analysis table's
    31 numbered issues (an introduction before ๑. stays with it)."""
    found = counts(PHUKAEW, file_format, "ita-2567-police", 2566)
    assert found["measures"] == 27
    assert found["measures_by_indicator"] == by_indicator(6, 4, 4, 1, 4, 2, 2, 2, 1, 1)
    assert found["analysis_issues"] == 31
    assert found["analysis_issues_by_indicator"] == by_indicator(3, 2, 3, 3, 4, 4, 2, 3, 5, 2)
    assert found["not_understood_cells"] == 0
    assert found["progress_entries"] == found["calendar_rows"] == found["oit_assignments"] == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_province_plan_under_its_own_issues(file_format: str) -> None:
    """Tak numbers its own seven issues ('(๑) กระบวนการ…'), each with its measures below: 8 measures; the
    indicator of each issue is a guess from its words, shown as such."""
    found = counts(TAK, file_format, "ita-2569-general", 2568)
    assert found["measures"] == 8
    assert found["analysis_issues"] == 7
    assert found["measures_by_indicator"] == by_indicator(1, 1, 1, 1, 1, 2, 1, 0, 0, 0)
    assert found["not_understood_cells"] == 0


@pytest.mark.parametrize("file_format", FORMATS)
def test_six_month_report(file_format: str) -> None:
    """14 rows, each an issue and its measure; 15 progress entries (one row names two days); the
    indicators from the 'ตัวชี้วัดที่ …' headings, and from the OIT topics the issue repeats."""
    found = counts(SAO, file_format, "ita-2566-general", 2566)
    assert found["measures"] == 14
    assert found["analysis_issues"] == 14
    assert found["progress_entries"] == 15
    assert found["measures_by_indicator"] == by_indicator(1, 2, 1, 1, 1, 0, 0, 0, 4, 2)
    assert found["not_understood_cells"] == 0


def test_fields_of_a_measure_and_their_confidence() -> None:
    document = read_document("plan.txt", PHUKAEW.read_bytes())
    result = recognise(document, facts("ita-2567-police", 2566))
    first = result.measures[0]
    assert first.label == "1."
    assert first.title.startswith("การจัดทำแผนปฏิบัติราชการสถานีตำรวจภูธรภูแก้ว")
    assert first.indicator == 1 and first.indicator_confidence == SURE
    assert first.period_kind == "all_year"
    assert first.follow_up_frequency == "quarterly"
    assert "สารวัตรอำนาจการ" in first.responsible_text
    # the row cut by a page break is one measure, its text joined without a space between Thai letters
    fifth_indicator = [measure for measure in result.measures if measure.indicator == 5]
    assert "อย่างเป็นรูปธรรมมีการกำกับ" in fifth_indicator[1].title
    # every cell of the row is in a field
    assert all(cell.field for measure in result.measures for cell in measure.sources)
    tak = recognise(read_document("tak.txt", TAK.read_bytes()), facts("ita-2569-general", 2568))
    assert {measure.indicator_confidence for measure in tak.measures} <= {SURE, GUESS}
    assert tak.measures[0].due_date is not None and tak.measures[0].start_date is not None


def test_progress_entries_with_their_dates() -> None:
    result = recognise(read_document("sao.txt", SAO.read_bytes()), facts("ita-2566-general", 2566))
    entries = result.progress_entries
    assert entries[0].description.startswith("ผู้ช่วยประชาสัมพันธ์ดำเนินการเมื่อวันที่")
    assert entries[0].done_on is not None and entries[0].done_on.isoformat() == "2023-01-26"
    assert entries[0].date_confidence == SURE
    # 'ดำเนินการทุกเดือน' names no day: the end of the report's period (31 March 2566), to check
    undated = [entry for entry in entries if entry.description == "ดำเนินการทุกเดือน"]
    assert undated and all(entry.done_on.isoformat() == "2023-03-31" for entry in undated)  # type: ignore[union-attr]
    assert all(entry.date_confidence == GUESS for entry in undated)
    assert result.measures[-1].item_codes == ["i28", "i29", "i30"]
