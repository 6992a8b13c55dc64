"""Scoring at national size, on PostgreSQL: how long openita takes to compute and store every result, its
peak memory, and the same totals from one hand-written SQL aggregate over the same tables in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openita_bench .venv/bin/python bench/scoring_bench.py

Data (generated once per database; --fresh regenerates): 8,300 police stations under one root, each with an
FY2568 assessment on the shipped ita-2568-police framework, 100 IIT and 300 EIT answers per unit stored as
tallies (one row per unit, answerable item and option: ~2.4 million rows in `bench_tally`) and 25 OIT item
scores per unit (`bench_oit`). Answers are drawn at random with a per-unit quality, so totals spread
across the grades. The figures go into docs/benchmarks.md, under the section of this benchmark (``--no-write`` to skip).

Measured, in rounds (``--rounds``, default 3) of (2) then (1), so that both meet the same load; medians:
1. ``openita``: `services.recompute` over every assessment as ``openita score --all`` runs it (on PostgreSQL
   the batches of 500 are spread over one process per core, see `services.scoring_processes`), reading its
   inputs through a `ScoringInputs` provider that queries the bench tables one batch at a time, scoring with
   the engine and storing every level (results, instruments, indicators, and each result's items with their
   answer distributions as one document);
2. ``sql``: one SQL statement computing every unit's total with the same rules (docs/scoring.md), nothing
   stored; the totals of (1) and (2) are compared unit by unit;
3. the CPU time each side uses: the Python processes' own, and that of the PostgreSQL processes serving the
   bench database (sampled from /proc), which says how much work each does whatever else runs;
4. one unit's result page (rendered through the Django test client): time, CPU time and query count.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import random
import resource
import statistics
import sys
import threading
import time
import tracemalloc
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "openita-bench-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/openita_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.record import record_run  # noqa: E402
from openita.frameworks.library import SHIPPED_LIBRARY_DIR  # noqa: E402
from openita.frameworks.models import Assessment, FrameworkVersion  # noqa: E402
from openita.frameworks.services import freeze_version, load_library_file  # noqa: E402
from openita.scoring import engine  # noqa: E402
from openita.scoring.config import scoring_config  # noqa: E402
from openita.scoring.models import AssessmentResult  # noqa: E402
from openita.scoring.services import recompute  # noqa: E402
from openita.units.models import Unit  # noqa: E402

UNITS = 8_300
IIT_RESPONDENTS = 100
EIT_RESPONDENTS = 300
YEAR = 2568
URN = "ita-2568-police"
CODE_PREFIX = "bench-"

HAND_SQL = """
WITH answerable AS (
    SELECT t.assessment_id, COALESCE(si.parent_id, si.id) AS top_id, si.indicator_id,
           ROUND(SUM(t.count * CASE WHEN si.reverse_scored THEN 100 - so.score ELSE so.score END)
                 / SUM(t.count), 2) AS score
    FROM bench_tally t
    JOIN frameworks_surveyitem si ON si.version_id = %(version)s AND si.code = t.item_code
    JOIN frameworks_scaleoption so ON so.scale_id = si.scale_id AND so.code = t.option_code
    GROUP BY t.assessment_id, si.id
    HAVING SUM(t.count) > 0
), item AS (
    SELECT assessment_id, top_id, indicator_id, ROUND(AVG(score), 2) AS score
    FROM answerable GROUP BY assessment_id, top_id, indicator_id
    UNION ALL
    SELECT o.assessment_id, oi.id, oi.indicator_id, o.score
    FROM bench_oit o JOIN frameworks_oititem oi ON oi.version_id = %(version)s AND oi.code = o.item_code
), indicator AS (
    SELECT assessment_id, indicator_id, ROUND(AVG(score), 2) AS score
    FROM item GROUP BY assessment_id, indicator_id
), instrument AS (
    SELECT i.assessment_id, ind.instrument_id, ROUND(AVG(i.score), 2) AS score
    FROM indicator i JOIN frameworks_indicator ind ON ind.id = i.indicator_id
    GROUP BY i.assessment_id, ind.instrument_id
)
SELECT x.assessment_id, ROUND(SUM(ins.weight * x.score) / SUM(ins.weight), 2) AS total
FROM instrument x JOIN frameworks_instrument ins ON ins.id = x.instrument_id
GROUP BY x.assessment_id
"""


class BenchInputs:
    """Scoring inputs read from the bench tables, one query per batch and part."""

    def survey_tallies(
        self, assessments: Sequence[Assessment]
    ) -> Mapping[int, engine.SurveyTallies]:
        found: dict[int, dict[str, dict[str, dict[str, int]]]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT assessment_id, instrument, item_code, option_code, count FROM bench_tally "
                "WHERE assessment_id = ANY(%s)",
                [[a.pk for a in assessments]],
            )
            for assessment_id, instrument, item, option, count in cursor.fetchall():
                found.setdefault(assessment_id, {}).setdefault(instrument, {}).setdefault(item, {})[
                    option
                ] = count
        return found

    def oit_scores(self, assessments: Sequence[Assessment]) -> Mapping[int, engine.OitScores]:
        found: dict[int, dict[str, Decimal]] = {}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT assessment_id, item_code, score FROM bench_oit WHERE assessment_id = ANY(%s)",
                [[a.pk for a in assessments]],
            )
            for assessment_id, item, score in cursor.fetchall():
                found.setdefault(assessment_id, {})[item] = score
        return found

    def line_tallies(
        self, assessments: Sequence[Assessment]
    ) -> Mapping[int, Mapping[str, engine.SurveyTallies]]:
        return {}


def _tables() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_tally (assessment_id integer NOT NULL, "
            "instrument varchar(10) NOT NULL, item_code varchar(20) NOT NULL, "
            "option_code varchar(20) NOT NULL, count integer NOT NULL)"
        )
        cursor.execute(
            "CREATE TABLE IF NOT EXISTS bench_oit (assessment_id integer NOT NULL, "
            "item_code varchar(20) NOT NULL, score numeric(5, 2) NOT NULL)"
        )


def _spread(generator: random.Random, respondents: int, options: int, quality: float) -> list[int]:
    """About ``quality`` of the respondents give the best answer, the others spread at random."""
    best = max(0, min(respondents, round(respondents * generator.gauss(quality, 0.05))))
    cuts = sorted(generator.randint(0, respondents - best) for _ in range(options - 2))
    bounds = [0, *cuts, respondents - best]
    return [best] + [bounds[i + 1] - bounds[i] for i in range(options - 1)]


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def generate(fresh: bool) -> FrameworkVersion:
    call_command("migrate", verbosity=0)
    outcome = load_library_file(SHIPPED_LIBRARY_DIR / f"{URN}.yaml")
    version = outcome.version
    assert version is not None
    _tables()
    existing = Assessment.objects.filter(
        fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX
    ).count()
    if existing == UNITS and not fresh:
        return version
    say(f"generating {UNITS} units and their tallies …")
    started = time.monotonic()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("TRUNCATE bench_tally, bench_oit")
        AssessmentResult.objects.filter(unit__code__startswith=CODE_PREFIX).delete()
        Assessment.objects.filter(unit__code__startswith=CODE_PREFIX).delete()
        Unit.objects.filter(code__startswith=CODE_PREFIX).exclude(
            code=f"{CODE_PREFIX}root"
        ).delete()
        root, _ = Unit.objects.get_or_create(
            code=f"{CODE_PREFIX}root",
            defaults={"name_th": "ราก (ทดสอบสมรรถนะ)", "unit_type": "general"},
        )
        root.path, root.depth = f"/{root.pk:07d}/", 0
        root.save(update_fields=["path", "depth"])
        Unit.objects.bulk_create(
            Unit(
                code=f"{CODE_PREFIX}{n:05d}",
                name_th=f"สถานีตำรวจทดสอบ {n}",
                unit_type="police_station",
                parent=root,
                depth=1,
            )
            for n in range(UNITS)
        )
        cursor.execute(
            "UPDATE units_unit SET path = %s || lpad(id::text, 7, '0') || '/' WHERE parent_id = %s",
            [root.path, root.pk],
        )
        freeze_version(version)
        Assessment.objects.bulk_create(
            Assessment(unit=unit, fiscal_year=YEAR, framework_version=version)
            for unit in Unit.objects.filter(parent=root)
        )
        config = scoring_config(version)
        generator = random.Random(2568)
        tallies = io.StringIO()
        oit = io.StringIO()
        respondents = {"IIT": IIT_RESPONDENTS, "EIT": EIT_RESPONDENTS}
        for assessment_id in Assessment.objects.filter(
            fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX
        ).values_list("pk", flat=True):
            quality = generator.uniform(0.55, 0.98)
            for code, answerable in config.answerables.items():
                ranked = sorted(
                    answerable.option_scores, key=lambda o: -answerable.option_scores[o]
                )
                counts = _spread(
                    generator, respondents[answerable.instrument], len(ranked), quality
                )
                for option, count in zip(ranked, counts, strict=True):
                    if count:
                        tallies.write(
                            f"{assessment_id}\t{answerable.instrument}\t{code}\t{option}\t{count}\n"
                        )
            for item in config.oit_items:
                oit.write(
                    f"{assessment_id}\t{item.code}\t{100 if generator.random() < quality else 0}\n"
                )
        with cursor.copy("COPY bench_tally FROM STDIN") as copy:
            copy.write(tallies.getvalue())
        with cursor.copy("COPY bench_oit FROM STDIN") as copy:
            copy.write(oit.getvalue())
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_tally_assessment ON bench_tally (assessment_id)"
        )
        cursor.execute(
            "CREATE INDEX IF NOT EXISTS bench_oit_assessment ON bench_oit (assessment_id)"
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    say(f"generated in {time.monotonic() - started:.0f} s")
    return version


class PostgresCpu:
    """CPU seconds used by the PostgreSQL processes that serve this database — every connection, and the
    parallel workers they start — sampled from /proc every 0.1 s while running (Linux only). With the
    Python process's own CPU time it says how much work each side does, whatever else runs on the machine."""

    def __init__(self, database: str) -> None:
        self.database = database
        self.ticks: dict[int, tuple[int, int]] = {}  # pid → (first seen, last seen) utime + stime
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.per_second = os.sysconf("SC_CLK_TCK")
        self._own = 0.0

    def _ours(self) -> dict[int, int]:
        found: dict[int, str] = {}
        for entry in os.scandir("/proc"):
            if not entry.name.isdigit():
                continue
            try:
                title = Path(entry.path, "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if title.startswith("postgres: "):
                found[int(entry.name)] = title
        leaders = {pid for pid, title in found.items() if f" {self.database} " in title}
        workers = {
            pid
            for pid, title in found.items()
            if "parallel worker for PID" in title
            and int(title.rsplit("PID", 1)[1].split()[0]) in leaders
        }
        ticks = {}
        for pid in leaders | workers:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                ticks[pid] = int(fields[11]) + int(fields[12])
            except (OSError, IndexError, ValueError):
                continue
        return ticks

    def _sample(self) -> None:
        for pid, value in self._ours().items():
            first, _last = self.ticks.get(pid, (value, value))
            self.ticks[pid] = (first, value)

    def _run(self) -> None:
        while not self.stopping.wait(0.1):
            self._sample()
            self._own = time.thread_time()

    def own_cpu(self) -> float:
        """The CPU time the sampling thread itself used (not to be counted as openita's)."""
        return self._own

    def __enter__(self) -> PostgresCpu:
        for pid, value in self._ours().items():  # what they had used before
            self.ticks[pid] = (value, value)
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        self._sample()

    @property
    def seconds(self) -> float:
        return sum(last - first for first, last in self.ticks.values()) / self.per_second


@dataclass
class Run:
    seconds: float
    python_cpu: float
    postgres_cpu: float


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_openita(assessments: list[Assessment]) -> Run:
    """`services.recompute` as `openita score --all` runs it (on 2 cores: 2 scoring processes)."""
    database = connection.settings_dict["NAME"]
    with PostgresCpu(database) as postgres:
        started, cpu = time.monotonic(), time.process_time() - postgres.own_cpu() + children_cpu()
        report = recompute(assessments, BenchInputs())
        elapsed = time.monotonic() - started
        used = time.process_time() - postgres.own_cpu() + children_cpu() - cpu
    assert not report.failures, report.failures[:3]
    assert report.computed == len(assessments)
    return Run(elapsed, used, postgres.seconds)


def peak_memory(assessments: list[Assessment]) -> int:
    """Peak Python memory while computing one batch. tracemalloc slows allocation-heavy code several
    times over: this is a separate pass."""
    tracemalloc.start()
    recompute(assessments[:500], BenchInputs())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def run_sql(version: FrameworkVersion) -> tuple[Run, dict[int, Decimal]]:
    database = connection.settings_dict["NAME"]
    with PostgresCpu(database) as postgres:
        started, cpu = time.monotonic(), time.process_time() - postgres.own_cpu()
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, {"version": version.pk})
            totals = dict(cursor.fetchall())
        elapsed = time.monotonic() - started
        used = time.process_time() - postgres.own_cpu() - cpu
    return Run(elapsed, used, postgres.seconds), totals


def compare(totals: dict[int, Decimal]) -> tuple[int, int]:
    stored = dict(
        AssessmentResult.objects.filter(
            fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX, source="computed"
        ).values_list("assessment_id", "total")
    )
    mismatches = sum(1 for key, total in totals.items() if stored.get(key) != total)
    return len(totals), mismatches


def page_timing() -> tuple[float, float, int]:
    from django.conf import settings
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openita.accounts.models import User

    settings.ALLOWED_HOSTS = ["*"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"is_superuser": True, "is_staff": True}
    )
    client = Client()
    client.force_login(admin)
    url = f"/results/{CODE_PREFIX}04150/{YEAR}/"
    timings = []
    cpu = []
    queries = 0
    for attempt in range(6):
        with CaptureQueriesContext(connection) as captured:
            started, used = time.monotonic(), time.process_time()
            response = client.get(url)
            timings.append(time.monotonic() - started)
            cpu.append(time.process_time() - used)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
        del attempt
    return statistics.median(timings[1:]) * 1000, statistics.median(cpu[1:]) * 1000, queries


def median_run(runs: list[Run]) -> Run:
    return Run(
        statistics.median(run.seconds for run in runs),
        statistics.median(run.python_cpu for run in runs),
        statistics.median(run.postgres_cpu for run in runs),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="Regenerate the data set.")
    parser.add_argument("--no-write", action="store_true", help="Do not update docs/benchmarks.md.")
    parser.add_argument(
        "--rounds", type=int, default=3, help="Rounds of SQL then openita (medians are reported)."
    )
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL.")
    version = generate(options.fresh)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_tally")
        tally_rows = cursor.fetchone()[0]
    assessments = list(
        Assessment.objects.filter(fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX)
        .select_related("unit", "framework_version")
        .order_by("pk")
    )
    run_sql(version)  # warm the cache the same way for both
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    sql_runs: list[Run] = []
    openita_runs: list[Run] = []
    ratios: list[float] = []
    loads: list[float] = []
    for _round in range(options.rounds):  # alternated, so that both meet the same load
        sql_run, totals = run_sql(version)
        openita_run = run_openita(assessments)
        sql_runs.append(sql_run)
        openita_runs.append(openita_run)
        ratios.append(openita_run.seconds / sql_run.seconds)
        loads.append(os.getloadavg()[0])
        say(
            f"round {_round + 1}: SQL {sql_run.seconds:.1f} s, openita {openita_run.seconds:.1f} s "
            f"(× {ratios[-1]:.2f}), load {loads[-1]:.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - rss_before
    peak = peak_memory(assessments)
    units, mismatches = compare(totals)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk change, now
        cursor.execute(
            "VACUUM ANALYZE scoring_assessmentresult, scoring_indicatorscore, "
            "scoring_instrumentscore, scoring_resultitems"
        )
    page_ms, page_cpu_ms, page_queries = page_timing()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(json_array_length(items::json)) FROM scoring_resultitems"
        )
        documents, item_entries = cursor.fetchone()
    sql, ours = median_run(sql_runs), median_run(openita_runs)
    computed = len(assessments)
    ours_cpu = ours.python_cpu + ours.postgres_cpu
    lines = [
        f"### Run of {date.today().isoformat()}",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), load average "
        f"{min(loads):.1f}–{max(loads):.1f} during the rounds (other sessions' work), "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}. "
        f"{computed} units, {IIT_RESPONDENTS} IIT + {EIT_RESPONDENTS} EIT answers each as "
        f"{tally_rows:,} tally rows, 25 OIT items each. {options.rounds} rounds of SQL then "
        "openita; medians.",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| openita: compute and store every result | {ours.seconds:.1f} s "
        f"({ours.seconds / computed * 1000:.2f} ms per unit; {item_entries:,} items stored in "
        f"{documents:,} documents) | ≤ 60 s |",
        f"| hand-written SQL: every total, nothing stored | {sql.seconds:.1f} s | |",
        f"| openita ÷ SQL (median of the rounds' ratios; each round: "
        f"{', '.join(f'{ratio:.2f}' for ratio in ratios)}) | {statistics.median(ratios):.2f} × "
        "| ≤ 2 × |",
        f"| CPU used, openita: Python + PostgreSQL | {ours.python_cpu:.1f} s + "
        f"{ours.postgres_cpu:.1f} s = {ours_cpu:.1f} s | |",
        f"| CPU used, SQL: PostgreSQL (with its parallel workers) | {sql.postgres_cpu:.1f} s | |",
        f"| openita ÷ SQL in CPU used | {ours_cpu / sql.postgres_cpu:.2f} × | |",
        f"| totals that differ between the two | {mismatches} of {units} | 0 |",
        f"| peak Python memory while computing a batch of 500 (tracemalloc) | {peak / 2**20:.0f} MiB | |",
        f"| growth of the process's peak resident memory during the runs | {rss / 2**20:.0f} MiB | |",
        f"| one unit's result page (median of 5; Python CPU of the request) | {page_ms:.0f} ms "
        f"({page_cpu_ms:.0f} ms CPU), {page_queries} queries | ≤ 150 ms, fixed |",
        "",
    ]
    say("\n".join(lines))
    if not options.no_write:
        record_run("## Scoring", lines)


if __name__ == "__main__":
    main()
