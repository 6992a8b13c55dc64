"""A batch of documents for 1,500 units under one parent, end to end, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openita_batch_bench \\
        .venv/bin/python bench/documents_batch_bench.py [--kind measures-plan] [--kind ita-calendar] ...

Data (made once per database, which is created if missing; --fresh drops and remakes it): a provincial
command with 1,500 police stations under it, each with an FY2568 assessment on the shipped
ita-2568-police framework and what a measures plan needs: its plan (title, introduction, the standard
column layout), one analysed issue per indicator (10), 30 measures taken from the library of measures
(steps, output, awareness channels, periods), an approved version (the snapshot), and a head of unit
(rank and position, for the signature). The first station is made through the services; the others are
copies written in bulk.

Measured, per kind (`--kind`, repeatable; default measures-plan): what happens when someone presses "Make
the documents": `services.start_batch` records the batch, then the worker runs as its own OS process (this
script re-run with --worker, the same as the queue's `make_batch` task (services.run_batch) plus the bench's own kind) with
its pool of OPENITA_DOCUMENT_BATCH_WORKERS processes (one per core); the script polls the batch row as the
progress page does. Reported: seconds from the request to the finished zip, units per second, the zip's
size, and memory: the peak memory of the worker and its pool processes together (the sum of their
proportional set sizes, sampled every 0.2 s from /proc), and the largest single process's resident size.

`bench-plan-sample` is the bench's stand-in for the measures plan while that kind is not on this branch:
for each unit it reads the plan as a builder would (plan, approved version, issues, measures for the table,
head of unit) and renders the 30-row sample plan of openita/documents/samples.py (7 pages) with the unit's
name in it. The figures go into docs/benchmarks.md, under the section of this benchmark (--no-write to skip).
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "openita-bench-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/openita_batch_bench")
os.environ.setdefault(
    "OPENITA_PRIVATE_FILES_ROOT", str(Path(tempfile.gettempdir()) / "openita-batch-bench")
)

from bench.database import ensure_database, say  # noqa: E402

UNITS = 1_500
YEAR = 2568
PARENT = "bench-batch-province"
MEASURES_PER_PLAN = 30
SAMPLE_KIND = "bench-plan-sample"


# ----------------------------------------------------------------------------------------------------
# Data


def make_template_plan(unit: Any) -> Any:
    """The first station's plan, through the services, as a unit would make it."""
    from openita.accounts import services as account_services
    from openita.accounts.models import Role
    from openita.measures import services
    from openita.measures.layouts import preset_layout
    from openita.measures.models import LibraryMeasure

    head = account_services.create_person(
        username=f"{unit.code}-head",
        first_name="ประเสริฐ",
        last_name="มั่นคงธรรม",
        rank="พ.ต.อ.",
        position=f"ผู้กำกับการ{unit.name_th}",
    )
    account_services.grant_role(head, unit, Role.EXECUTIVE)
    plan = services.plan_for(unit, YEAR)
    services.update_plan(
        plan,
        title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส {unit.name_th}",
        introduction=(
            "จากการวิเคราะห์ผลการประเมิน ITA ประจำปีงบประมาณ พ.ศ. 2567 หน่วยงานกำหนดมาตรการ"
            "ส่งเสริมคุณธรรมและความโปร่งใส ประจำปีงบประมาณ พ.ศ. 2568 เพื่อยกระดับผลการประเมิน"
            "ในตัวชี้วัดที่ยังต่ำกว่าเกณฑ์ และให้ทุกสายงานถือปฏิบัติ ดังนี้"
        ),
    )
    services.set_layout(plan, preset_layout("standard"))
    indicators = list(plan.assessment.framework_version.indicators.order_by("number"))
    issues = {
        indicator.number: services.create_issue(
            plan,
            text=(indicator.help_th or indicator.name_th)
            + " บุคลากรบางส่วนยังไม่ทราบแนวปฏิบัติ และยังไม่มีการติดตามผลอย่างสม่ำเสมอ",
            indicator=indicator,
        )
        for indicator in indicators
    }
    entries = list(LibraryMeasure.objects.order_by("position", "code"))
    for number in range(MEASURES_PER_PLAN):
        entry = entries[number % len(entries)]
        indicator = next(
            (n for n in entry.indicator_numbers if n in issues), indicators[number % 10].number
        )
        measure = services.accept_library_measure(plan, entry, issues[indicator])
        if number % 3 == 0:
            services.update_measure(
                measure,
                period_kind="dates",
                start_date=date(2024, 10, 1 + number % 20),
                due_date=date(2025, 1 + number % 9, 28),
                responsible_text="งานอำนวยการ / ทุกสายงาน",
            )
    services.submit_plan(plan, None, "ฉบับแรก")
    services.approve_plan(plan, head, "เห็นชอบ")
    return plan


def copy_plan(template: Any, units: list[Any]) -> None:
    """The template plan, its issues, measures, approved version and head of unit, for every unit."""
    from openita.accounts.models import Membership, Role, User
    from openita.frameworks.models import Assessment
    from openita.measures.models import AnalysisIssue, Measure, MeasuresPlan, PlanVersion

    version = template.versions.get(status="approved")
    issues = list(template.issues.all())
    measures = list(template.measures.all())
    head = Membership.objects.get(unit=template.assessment.unit, role=Role.EXECUTIVE).user
    for start in range(0, len(units), 250):
        chunk = units[start : start + 250]
        assessments = Assessment.objects.bulk_create(
            Assessment(
                unit=unit,
                fiscal_year=YEAR,
                framework_version_id=template.assessment.framework_version_id,
            )
            for unit in chunk
        )
        plans = MeasuresPlan.objects.bulk_create(
            MeasuresPlan(
                assessment=assessment,
                title=f"มาตรการส่งเสริมคุณธรรมและความโปร่งใส {unit.name_th}",
                introduction=template.introduction,
                layout=template.layout,
            )
            for assessment, unit in zip(assessments, chunk, strict=True)
        )
        heads = User.objects.bulk_create(
            User(
                username=f"{unit.code}-head",
                first_name=head.first_name,
                last_name=f"{head.last_name} {number}",
                rank=head.rank,
                position=f"ผู้กำกับการ{unit.name_th}",
            )
            for number, unit in enumerate(chunk)
        )
        Membership.objects.bulk_create(
            Membership(user=user, unit=unit, role=Role.EXECUTIVE)
            for user, unit in zip(heads, chunk, strict=True)
        )
        PlanVersion.objects.bulk_create(
            PlanVersion(
                plan=plan,
                number=1,
                status="approved",
                snapshot={**version.snapshot, "unit": unit.name_th, "title": plan.title},
                submitted_at=version.submitted_at,
                approved_at=version.approved_at,
                approved_by=user,
            )
            for plan, unit, user in zip(plans, chunk, heads, strict=True)
        )
        new_issues = AnalysisIssue.objects.bulk_create(
            replace_row(issue, plan=plan) for plan in plans for issue in issues
        )
        issue_of = {
            (plan.pk, old.pk): new
            for plan, block in zip(
                plans,
                [new_issues[i : i + len(issues)] for i in range(0, len(new_issues), len(issues))],
                strict=True,
            )
            for old, new in zip(issues, block, strict=True)
        }
        Measure.objects.bulk_create(
            replace_row(
                measure,
                plan=plan,
                issue=issue_of[(plan.pk, measure.issue_id)] if measure.issue_id else None,
                owner=None,
                follow_up_by=None,
            )
            for plan in plans
            for measure in measures
        )
        say(f"  copied the plan to {start + len(chunk)} of {len(units)} units")


def replace_row(row: Any, **values: Any) -> Any:
    copy = type(row)()
    for field in row._meta.concrete_fields:
        if not field.primary_key:
            setattr(copy, field.attname, getattr(row, field.attname))
    for name, value in values.items():
        setattr(copy, name, value)
    return copy


def generate(units: int) -> Any:
    from django.db import connection

    from openita.audit.context import auditing_suspended
    from openita.frameworks.library import shipped_library_paths
    from openita.frameworks.models import FrameworkVersion
    from openita.frameworks.services import load_library_file
    from openita.measures.library import load_library
    from openita.units import services as unit_services
    from openita.units.models import Unit

    parent = Unit.objects.filter(code=PARENT).first()
    if parent is not None:
        have = Unit.objects.subtree_of(parent).exclude(pk=parent.pk).count()
        if have != units:
            sys.exit(f"the database has {have} units under {PARENT}, not {units}: use --fresh")
        return parent
    started = time.perf_counter()
    say(f"making {units} units with their measures plans (once per database)…")
    with auditing_suspended():
        if not FrameworkVersion.objects.filter(urn="ita-2568-police").exists():
            path = next(p for p in shipped_library_paths() if p.name == "ita-2568-police.yaml")
            load_library_file(path)
        load_library()
        parent = unit_services.create_unit(
            code=PARENT, name_th="ตำรวจภูธรจังหวัดทดสอบสมรรถนะ", unit_type="provincial"
        )
        stations = [
            unit_services.create_unit(
                parent=parent,
                code=f"bench-st{number:04d}",
                name_th=f"สถานีตำรวจภูธรทดสอบที่ {number}",
                unit_type="police_station",
            )
            for number in range(1, units + 1)
        ]
        make_template_plan(stations[0])
        copy_plan(stations[0].assessments.get(fiscal_year=YEAR).measures_plan, stations[1:])
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    say(f"data made in {time.perf_counter() - started:.0f} s")
    return parent


# ----------------------------------------------------------------------------------------------------
# The bench's stand-in kind


def register_sample_kind() -> None:
    from openita.accounts.models import Membership, Role
    from openita.documents import kinds
    from openita.documents.samples import measures_plan_sample
    from openita.documents.spec import Document, Metadata, Paragraph, Title, text
    from openita.measures.models import MeasuresPlan
    from openita.measures.services import approved_version
    from openita.measures.versioning import live_issues

    def build(request: kinds.DocumentRequest) -> Document:
        plan = (
            MeasuresPlan.objects.select_related("assessment__framework_version")
            .filter(assessment__unit=request.unit, assessment__fiscal_year=request.fiscal_year)
            .first()
        )
        if plan is None:
            raise kinds.DocumentUnavailable("ยังไม่มีแผน")
        version = approved_version(plan)
        issues = live_issues(plan)
        measures = list(plan.measures.for_table())
        heads = list(
            Membership.objects.filter(unit=request.unit, role=Role.EXECUTIVE).select_related("user")
        )
        assert version is not None and issues and measures and heads
        sample = measures_plan_sample(digits=request.digits, plan_rows=len(measures))  # type: ignore[arg-type]
        title = Title((text(plan.title), text(f"ประจำปีงบประมาณ พ.ศ. {request.fiscal_year}")))
        return Document(
            metadata=Metadata(title=plan.title, author=request.unit.name_th),
            digits=sample.digits,
            page=sample.page,
            blocks=(title, Paragraph(text(plan.introduction)), *sample.blocks[1:]),
        )

    kinds.register(
        kinds.DocumentKind(SAMPLE_KIND, "แผนตัวอย่าง (bench)", build, formats=("pdf", "docx"))
    )


# ----------------------------------------------------------------------------------------------------
# Running


def _kib(path: Path, key: str) -> int:
    return next(
        int(line.split()[1]) for line in path.read_text().splitlines() if line.startswith(key)
    )


def tree_memory(pid: int) -> tuple[int, int]:
    """(proportional, largest resident) bytes of a process and its descendants, from /proc: the pool
    processes are forked and share much of their memory, so their resident sizes are not summed but
    their proportional set sizes (Pss: each shared page divided among the processes sharing it)."""
    total = largest = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            pss = _kib(Path(f"/proc/{current}/smaps_rollup"), "Pss:") * 1024
            rss = _kib(Path(f"/proc/{current}/status"), "VmRSS:") * 1024
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        total += pss
        largest = max(largest, rss)
        pending += [int(child) for child in children]
    return total, largest


def run_kind(parent: Any, kind_code: str, file_format: str, workers: int) -> dict[str, Any]:
    from django.db import connection

    from openita.documents import kinds, services
    from openita.documents.models import DocumentBatch

    kind = kinds.get_kind(kind_code)
    requested = time.perf_counter()
    batch = services.start_batch(parent, YEAR, kind, file_format, {}, None, in_background=False)
    environment = {**os.environ, "OPENITA_DOCUMENT_BATCH_WORKERS": str(workers)}
    worker = subprocess.Popen(  # a worker process of its own, with this script as the command
        [sys.executable, __file__, "--worker", str(batch.pk)],
        env=environment,
        start_new_session=True,
    )
    peak_total = peak_single = 0
    last_shown = -1
    first_progress = None
    while worker.poll() is None:
        total, single = tree_memory(worker.pid)
        peak_total, peak_single = max(peak_total, total), max(peak_single, single)
        row = DocumentBatch.objects.values("done_count", "total", "status").get(pk=batch.pk)
        if row["done_count"] and first_progress is None:
            first_progress = time.perf_counter() - requested
        if row["done_count"] // 150 != last_shown:
            last_shown = row["done_count"] // 150
            say(
                f"  {row['status']:8} {row['done_count']:>5}/{row['total']}  "
                f"{time.perf_counter() - requested:6.1f} s  {peak_total / 2**20:.0f} MiB"
            )
        time.sleep(0.2)
    seconds = time.perf_counter() - requested
    connection.close()
    batch = DocumentBatch.objects.get(pk=batch.pk)
    if batch.status != "done":
        sys.exit(f"batch {batch.pk} {batch.status}: {batch.error}")
    path = services.batch_file(batch)
    assert path is not None
    with zipfile.ZipFile(path) as archive:
        entries = len(archive.namelist())
    size = path.stat().st_size
    path.unlink()
    return {
        "kind": kind_code,
        "format": file_format,
        "units": batch.total,
        "made": batch.made_count,
        "skipped": batch.skipped_count,
        "entries": entries,
        "seconds": seconds,
        "worker_seconds": batch.duration_seconds or 0.0,
        "first_progress": first_progress or seconds,
        "rate": batch.total / seconds,
        "zip_mib": size / 2**20,
        "peak_total_mib": peak_total / 2**20,
        "peak_single_mib": peak_single / 2**20,
    }


def worker_main(batch_id: int) -> None:
    """The worker process: what the queue's task runs (services.run_batch), with the bench's kind registered."""
    import django

    django.setup()
    register_sample_kind()
    from openita.documents import services

    batch = services.run_batch(batch_id)
    if batch.status != "done":
        sys.exit(f"batch {batch_id} {batch.status}: {batch.error}")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", action="append", help="document kind (repeatable)")
    parser.add_argument("--format", default="pdf", choices=["pdf", "docx", "xlsx"])
    parser.add_argument("--units", type=int, default=UNITS)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--fresh", action="store_true", help="drop and remake the database")
    parser.add_argument("--no-write", action="store_true", help="do not update docs/benchmarks.md")
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.worker:
        worker_main(options.worker)
        return
    ensure_database(options.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openita.documents import kinds

    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL.")
    call_command("migrate", verbosity=0)
    register_sample_kind()
    wanted = options.kind or ["measures-plan"]
    missing = [code for code in wanted if code not in {kind.code for kind in kinds.all_kinds()}]
    if missing:
        sys.exit(
            f"kind(s) {', '.join(missing)} not registered here; known: "
            + ", ".join(kind.code for kind in kinds.all_kinds())
        )
    parent = generate(options.units)
    results = []
    for code in wanted:
        say(f"{code} ({options.format}), {options.units} units, {options.workers} pool processes:")
        results.append(run_kind(parent, code, options.format, options.workers))
        say(f"  {results[-1]}")
    load = os.getloadavg()
    lines = [
        f"### Run of {date.today().isoformat()} (`bench/documents_batch_bench.py`)",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} (1 / 5 / 15 min) when the run ended, "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}; "
        f"{options.workers} pool processes.",
        "",
        "| kind | units (made / skipped) | request → zip | worker alone | units/s | zip | "
        "peak memory: worker + pool, Pss (largest process, RSS) | target |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for result in results:
        lines.append(
            f"| `{result['kind']}` ({result['format']}) | {result['units']:,} "
            f"({result['made']:,} / {result['skipped']}) | {result['seconds']:.0f} s "
            f"({result['seconds'] / 60:.1f} min) | {result['worker_seconds']:.0f} s | "
            f"{result['rate']:.2f} | {result['zip_mib']:.0f} MiB | "
            f"{result['peak_total_mib']:.0f} MiB ({result['peak_single_mib']:.0f} MiB) | "
            "1,500 plans ≤ 15 min |"
        )
    lines.append("")
    say("\n".join(lines))
    if not options.no_write:
        from bench.record import record_run

        record_run("## A batch of documents", lines)


if __name__ == "__main__":
    main()
