"""The plan importer on a 200-row measures plan, dry run (read and recognise, nothing written): target at
most 2 s (issue #19). The plan is the police-station sample's measures table repeated to 200 activity rows,
as text, Word (.docx, merged indicator cells and the header repeated) and Excel (.xlsx); the PDF of the same
rows made by openita's renderer is timed too.

    .venv/bin/python bench/plan_import_bench.py [--rounds 5] [--no-write]

Figures go to docs/benchmarks.md, section "## Plan import"."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "openita-bench-only")

import django  # noqa: E402

django.setup()

from record import record_run  # noqa: E402

from openita.frameworks.library import read_library, shipped_library_paths  # noqa: E402
from openita.plan_import.reading import read_document  # noqa: E402
from openita.plan_import.recognise import FrameworkFacts, recognise  # noqa: E402
from openita.plan_import.tests.builders import (  # noqa: E402
    PHUKAEW,
    SampleTable,
    sample_items,
    to_docx,
    to_pdf,
    to_xlsx,
)
from openita.plan_import.text import clean_cell, leading_number  # noqa: E402

TARGET_SECONDS = 2.0
ROWS = 200


def two_hundred_rows() -> list[object]:
    """The sample's measures table, its rows repeated until 200 activity rows, one page every 8 rows."""
    items = sample_items(PHUKAEW)
    table = next(item for item in items if isinstance(item, SampleTable) and len(item.header) == 5)
    rows = [row for row in table.rows() if leading_number(clean_cell(row[1])) is not None]
    big: list[list[str]] = []
    while len(big) < ROWS:
        big.extend(rows)
    big = big[:ROWS]
    chunks = [big[start : start + 8] for start in range(0, ROWS, 8)]
    return [
        "มาตรการส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. ๒๕๖๖",
        SampleTable(table.header, chunks),
    ]


def as_text(items: list[object]) -> bytes:
    lines = []
    for item in items:
        if isinstance(item, str):
            lines.append(item)
            continue
        assert isinstance(item, SampleTable)
        for chunk in item.chunks:
            lines.append("")
            lines.append("\t".join(item.header))
            lines.extend("\t".join(row) for row in chunk)
    return "\n".join(lines).encode()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    options = parser.parse_args()
    library = next(path for path in shipped_library_paths() if path.stem == "ita-2567-police")
    data = read_library(library).data
    assert data is not None
    facts = FrameworkFacts.from_library(data, 2566)
    items = two_hundred_rows()
    files = {
        "txt": as_text(items),
        "docx": to_docx(items),  # type: ignore[arg-type]
        "xlsx": to_xlsx(items),  # type: ignore[arg-type]
        "pdf": to_pdf(items),  # type: ignore[arg-type]
    }
    results = []
    for file_format, content in files.items():
        timings = []
        measures = 0
        for _round in range(
            options.rounds if file_format != "pdf" else max(1, options.rounds // 2)
        ):
            started = time.perf_counter()
            result = recognise(read_document(f"plan.{file_format}", content), facts)
            timings.append(time.perf_counter() - started)
            measures = len(result.measures)
        median = statistics.median(timings)
        results.append((file_format, len(content), measures, median, max(timings)))
        sys.stdout.write(
            f"{file_format}: {measures} measures, median {median:.2f} s, worst {max(timings):.2f} s\n"
        )
    lines = [
        f"### {date.today().isoformat()} · {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}",
        "",
        f"A {ROWS}-row measures plan, dry run (read and recognise), {options.rounds} rounds (PDF: fewer); "
        f"target {TARGET_SECONDS:.0f} s.",
        "",
        "| file | size (KB) | measures found | median (s) | worst (s) |",
        "|---|---|---|---|---|",
        *(
            f"| .{fmt} | {size // 1024} | {found} | {median:.2f} | {worst:.2f} |"
            for fmt, size, found, median, worst in results
        ),
    ]
    if not options.no_write:
        record_run("## Plan import", lines)
    failed = [
        fmt
        for fmt, _size, found, median, _worst in results
        if fmt != "pdf" and median > TARGET_SECONDS
    ]
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
