"""Micro-benchmark: measures plans and progress reports as PDF (and Word, Excel).

    .venv/bin/python bench/documents_bench.py [--rows 30] [--runs 5] [--no-database]

Prints the one-off cost of loading PyThaiNLP's dictionary, then per format the best and median
of several renders of the hand-built sample plan and the process's peak resident memory. Each
render gets a document that differs from the one before (a numbered title) and starts with an
empty segmentation cache, so neither Typst's incremental compilation nor the cache of cut text
makes it look faster than a real request.

Then, from a database (a fresh SQLite file in a temporary folder, migrated here, ~30 s): a police
station on the shipped ita-2568-police framework with an approved plan of `--rows` measures (three
per indicator, four steps each) and two progress entries per measure (one before 31 March with an
evidence link, one after), made through the document kinds as a request would: `measures-plan`
and `progress-report --period h1` as PDF, each run reading the database, building and rendering
(the unit's name changes between runs for the same reason as the title above).
"""

from __future__ import annotations

import argparse
import io
import os
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "benchmark-only")


def report(line: str) -> None:
    sys.stdout.write(line + "\n")


def peak_memory_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def timed(action: Callable[[int], object], runs: int) -> list[float]:
    from openita.documents.text import break_units

    seconds = []
    for run in range(runs):
        break_units.cache_clear()
        start = time.perf_counter()
        action(run)
        seconds.append(time.perf_counter() - start)
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=30)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-database", action="store_true", help="only the hand-built sample")
    arguments = parser.parse_args()
    if not arguments.no_database:
        # Never the developer's database: a throw-away SQLite file.
        folder = tempfile.mkdtemp(prefix="openita-documents-bench-")
        os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"

    import django

    django.setup()
    import pypdf

    from openita.documents.render import render_docx, render_pdf, render_xlsx
    from openita.documents.samples import measures_plan_sample
    from openita.documents.spec import Document, Metadata, Paragraph, text
    from openita.documents.text import warm_up

    def plan(run: int) -> Document:
        sample = measures_plan_sample(plan_rows=arguments.rows)
        heading = Paragraph(text(f"ฉบับทดสอบที่ {run} {sample.metadata.title}"))
        return Document(
            metadata=Metadata(title=f"{sample.metadata.title} {run}"),
            blocks=(heading, *sample.blocks),
        )

    start = time.perf_counter()
    warm_up()
    report(f"dictionary load (once per process): {time.perf_counter() - start:.2f} s")
    report(f"peak memory after load: {peak_memory_mib():.0f} MiB")

    start = time.perf_counter()
    pdf = render_pdf(plan(-1))
    report(f"first PDF (cold caches): {time.perf_counter() - start:.2f} s")
    pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
    report(f"{arguments.rows}-row plan: {pages} pages, {len(pdf) / 1024:.0f} KiB PDF")
    for name, renderer in (("pdf", render_pdf), ("docx", render_docx), ("xlsx", render_xlsx)):

        def render_once(run: int, renderer: Callable[[Document], bytes] = renderer) -> bytes:
            return renderer(plan(run))

        seconds = timed(render_once, arguments.runs)
        report(
            f"{name:>4}: best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s "
            f"over {arguments.runs} runs; peak memory {peak_memory_mib():.0f} MiB"
        )
    if not arguments.no_database:
        from_database(arguments.rows, arguments.runs)


STEPS = (
    "1. สำรวจขั้นตอนงานบริการของทุกสายงานและจัดทำคู่มือการปฏิบัติงาน",
    "2. แสดงขั้นตอนและระยะเวลาที่ใช้ในแต่ละขั้นตอน ณ จุดบริการ",
    "3. ชี้แจงในการประชุมประจำเดือนและสอดแทรกในการอบรม",
    "4. เผยแพร่บนเว็บไซต์และสื่อสังคมออนไลน์ของหน่วยงาน",
)


def station_with_plan(rows: int) -> Any:
    """A station with an approved plan of `rows` measures and two progress entries per measure."""
    from django.core.management import call_command

    from openita.accounts import services as account_services
    from openita.accounts.models import Role
    from openita.documents.samples import ISSUES, PLAN_ROWS
    from openita.frameworks.library import shipped_library_paths
    from openita.frameworks.services import load_library_file
    from openita.measures import services
    from openita.units import services as unit_services

    call_command("migrate", verbosity=0)
    load_library_file(next(p for p in shipped_library_paths() if p.stem == "ita-2568-police"))
    unit = unit_services.create_unit(
        code="bench-station", name_th="สถานีตำรวจภูธรทดสอบ", unit_type="police_station"
    )
    people = {}
    for username, role, rank, position in (
        ("head", Role.EXECUTIVE, "พ.ต.อ.", "ผู้กำกับการสถานีตำรวจภูธรทดสอบ"),
        ("admin", Role.UNIT_ADMIN, "ร.ต.อ.", "รองสารวัตรอำนวยการ"),
    ):
        people[username] = account_services.create_person(
            username=username, first_name="สมชาย", last_name="ทดสอบ", rank=rank, position=position
        )
        account_services.grant_role(people[username], unit, role)
    plan = services.plan_for(unit, 2568, people["admin"])
    indicators = {item.number: item for item in plan.assessment.framework_version.indicators.all()}
    issues = [text for _group, _indicator, texts in ISSUES for text in texts]
    for number, indicator in indicators.items():
        services.create_issue(plan, text=issues[number % len(issues)], indicator=indicator)
    measures = []
    for index in range(rows):
        _indicator, steps, owners, follow_up = PLAN_ROWS[index % len(PLAN_ROWS)]
        measures.append(
            services.create_measure(
                plan,
                indicator=indicators[index // 3 % len(indicators) + 1],
                title=steps,
                steps="\n".join(STEPS),
                expected_output="คู่มือการปฏิบัติงานและประกาศ ณ จุดบริการ",
                responsible_text="\n".join(owners),
                period_kind="dates",
                start_date=date(2024, 10, 15),
                due_date=date(2025, 1 + index % 9, 28),
                follow_up_note=follow_up,
                owner=people["admin"],
            )
        )
    services.submit_plan(plan, people["admin"])
    services.approve_plan(plan, people["head"])
    for index, measure in enumerate(measures):
        for day, percent in ((date(2025, 1, 10 + index % 15), 50), (date(2025, 5, 5), 100)):
            services.add_progress(
                measure,
                done_on=day,
                description="ดำเนินการตามขั้นตอนและรายงานผู้บังคับบัญชาทราบแล้ว",
                done_by_text="งานอำนวยการ",
                percent=percent,
                links=f"https://example.go.th/ita/2568/measure-{index}",
            )
    return unit


def from_database(rows: int, runs: int) -> None:
    import pypdf

    from openita.documents import kinds
    from openita.documents.measure import measured_words
    from openita.units.models import Unit

    start = time.perf_counter()
    unit = station_with_plan(rows)
    report(f"database: migrated and filled in {time.perf_counter() - start:.1f} s")
    for code, period in (("measures-plan", None), ("progress-report", "h1")):
        kind = kinds.get_kind(code)

        def make(run: int, kind: Any = kind, period: Any = period) -> bytes:
            measured_words.cache_clear()  # as cold as the cut-text cache (see `timed`)
            Unit.objects.filter(pk=unit.pk).update(name_th=f"สถานีตำรวจภูธรทดสอบ {run}")
            fresh = Unit.objects.get(pk=unit.pk)
            content, _name = kinds.make_file(
                kind, kinds.DocumentRequest(unit=fresh, fiscal_year=2568, period=period), "pdf"
            )
            return content

        def build_only(run: int, kind: Any = kind, period: Any = period) -> object:
            measured_words.cache_clear()
            fresh = Unit.objects.get(pk=unit.pk)
            return kind.build(kinds.DocumentRequest(unit=fresh, fiscal_year=2568, period=period))

        pdf = make(-1)
        pages = len(pypdf.PdfReader(io.BytesIO(pdf)).pages)
        seconds = timed(make, runs)
        building = timed(build_only, runs)
        label = f"{code}{' --period ' + period if period else ''}"
        report(
            f"{label} from the database ({rows} measures, {pages} pages, {len(pdf) / 1024:.0f} KiB): "
            f"best {min(seconds):.3f} s, median {statistics.median(seconds):.3f} s over {runs} runs "
            f"(reading and building the description: median {statistics.median(building):.3f} s); "
            f"peak memory {peak_memory_mib():.0f} MiB"
        )


if __name__ == "__main__":
    main()
