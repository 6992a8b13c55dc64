"""Scoring at national size, on PostgreSQL: how long openita takes to compute and store every result, its
peak memory, and the same totals from one hand-written SQL aggregate over the same tables in the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/openita_bench .venv/bin/python bench/scoring_bench.py

Data (generated once per database; --fresh regenerates): 8,300 police stations under one root, each with an
FY2568 assessment on the shipped ita-2568-police framework, 100 IIT and 300 EIT answers per unit stored as
tallies (one row per unit, answerable item and option: ~2.4 million rows in `bench_tally`) and 25 OIT item
scores per unit (`bench_oit`). Answers are drawn at random with a per-unit quality, so totals spread
across the grades. The figures are appended to docs/benchmarks.md (``--no-write`` to skip).

Measured:
1. ``openita``: `services.recompute` over every assessment, reading its inputs through a `ScoringInputs`
   provider that queries the bench tables one batch at a time, scoring with the engine and storing every
   level (results, instruments, indicators, items with their answer distributions);
2. ``sql``: one SQL statement computing every unit's total with the same rules (docs/scoring.md), nothing
   stored; the totals of (1) and (2) are compared unit by unit;
3. one unit's result page (rendered through the Django test client): time and query count.
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
import time
import tracemalloc
from collections.abc import Mapping, Sequence
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


def run_openita() -> tuple[float, int, int, int]:
    assessments = list(
        Assessment.objects.filter(fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX)
        .select_related("unit", "framework_version")
        .order_by("pk")
    )
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.monotonic()
    report = recompute(assessments, BenchInputs())
    elapsed = time.monotonic() - started
    assert not report.failures, report.failures[:3]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    # tracemalloc slows allocation-heavy code several times: peak Python memory is measured on a
    # second, separate pass over one batch
    tracemalloc.start()
    recompute(assessments[:500], BenchInputs())
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak, rss - before, report.computed


def run_sql(version: FrameworkVersion) -> tuple[float, dict[int, Decimal]]:
    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute(HAND_SQL, {"version": version.pk})
        totals = dict(cursor.fetchall())
    return time.monotonic() - started, totals


def compare(totals: dict[int, Decimal]) -> tuple[int, int]:
    stored = dict(
        AssessmentResult.objects.filter(
            fiscal_year=YEAR, unit__code__startswith=CODE_PREFIX, source="computed"
        ).values_list("assessment_id", "total")
    )
    mismatches = sum(1 for key, total in totals.items() if stored.get(key) != total)
    return len(totals), mismatches


def page_timing() -> tuple[float, int]:
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
    queries = 0
    for attempt in range(6):
        with CaptureQueriesContext(connection) as captured:
            started = time.monotonic()
            response = client.get(url)
            timings.append(time.monotonic() - started)
        assert response.status_code == 200, response.status_code
        queries = len(captured)
        del attempt
    return statistics.median(timings[1:]) * 1000, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--fresh", action="store_true", help="Regenerate the data set.")
    parser.add_argument("--no-write", action="store_true", help="Do not update docs/benchmarks.md.")
    options = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("This benchmark runs on PostgreSQL: set DATABASE_URL.")
    version = generate(options.fresh)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM bench_tally")
        tally_rows = cursor.fetchone()[0]
    sql_seconds, totals = run_sql(version)  # warm the cache the same way for both
    openita_seconds, peak, rss, computed = run_openita()
    sql_seconds, totals = run_sql(version)
    units, mismatches = compare(totals)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk change, now
        cursor.execute(
            "VACUUM ANALYZE scoring_assessmentresult, scoring_indicatorscore, "
            "scoring_instrumentscore, scoring_itemscore"
        )
    page_ms, page_queries = page_timing()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM scoring_itemscore")
        item_rows = cursor.fetchone()[0]
    lines = [
        f"### Run of {date.today().isoformat()}",
        "",
        f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} when the run ended ({platform.processor() or platform.machine()}), "
        f"Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}. "
        f"{computed} units, {IIT_RESPONDENTS} IIT + {EIT_RESPONDENTS} EIT answers each as "
        f"{tally_rows:,} tally rows, 25 OIT items each.",
        "",
        "| measure | figure | target |",
        "|---|---|---|",
        f"| openita: compute and store every result | {openita_seconds:.1f} s "
        f"({openita_seconds / computed * 1000:.2f} ms per unit; {item_rows:,} item rows stored) | ≤ 60 s |",
        f"| hand-written SQL: every total, nothing stored | {sql_seconds:.1f} s | |",
        f"| openita ÷ SQL | {openita_seconds / sql_seconds:.2f} × | ≤ 2 × |",
        f"| totals that differ between the two | {mismatches} of {units} | 0 |",
        f"| peak Python memory while computing a batch of 500 (tracemalloc) | {peak / 2**20:.0f} MiB | |",
        f"| growth of the process's peak resident memory during the run | {rss / 2**20:.0f} MiB | |",
        f"| one unit's result page | {page_ms:.0f} ms, {page_queries} queries | ≤ 150 ms, fixed |",
        "",
    ]
    say("\n".join(lines))
    if not options.no_write:
        path = ROOT / "docs" / "benchmarks.md"
        text = path.read_text(encoding="utf-8") if path.exists() else "# Benchmarks\n\n"
        path.write_text(text.rstrip("\n") + "\n\n" + "\n".join(lines), encoding="utf-8")


if __name__ == "__main__":
    main()
