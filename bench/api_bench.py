"""Listing the released results of 8,300 units through the API, pages of 500, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/api .venv/bin/python bench/api_bench.py

Data (made once per database, which is created if missing; --fresh drops and remakes it): a national root unit
with 8,300 units under it, each with an official result of the year (total, grade, rating) and three
instrument scores, written in bulk. The reader is a person holding the oversight-viewer role at the root,
with a read token whose rate limit is raised for the benchmark (the default, OPENITA_API_RATE, would stop it).

Measured: `GET /api/v1/results/?unit=<root>&fiscal_year=<year>&page_size=500` with the token, following the
cursor's `next` link to the last page, through the Django test client in this process (no HTTP server: the
figure is openita's own cost), `--runs` times (default 3, after one warm-up run); reported: the median run's
wall time, units per second, pages, queries per page and CPU time. Target (issue 24): at least 2,000 units
per second. The figures go into docs/benchmarks.md under this benchmark's section (--no-write to skip).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "openita-bench-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/api")

from bench.database import ensure_database, say  # noqa: E402

UNITS = 8_300
PAGE_SIZE = 500
ROOT_CODE = "bench-api-root"
READER = "bench-api-reader"
TARGET_UNITS_PER_SECOND = 2_000


def make_data(year: int) -> None:
    """The root, its 8,300 units and their official results (skipped when already there)."""
    from django.db import transaction

    from openita.accounts import services as account_services
    from openita.accounts.models import Role
    from openita.scoring.models import AssessmentResult, InstrumentScore, ResultSource
    from openita.units import services as unit_services
    from openita.units.models import Unit

    if Unit.objects.filter(code=ROOT_CODE).exists():
        return
    started = time.monotonic()
    with transaction.atomic():
        root = unit_services.create_unit(
            code=ROOT_CODE, name_th="หน่วยงานทดสอบสมรรถนะส่วนกลาง", unit_type="general"
        )
        Unit.objects.bulk_create(
            Unit(
                code=f"bench-api-{number:05d}",
                name_th=f"หน่วยงานทดสอบ {number:05d}",
                unit_type="police_station",
                parent=root,
                depth=1,
                path=f"/tmp{number}/",
            )
            for number in range(UNITS)
        )
        units = list(Unit.objects.filter(parent=root).order_by("code"))
        for unit in units:
            unit.path = f"{root.path}{unit.pk:06d}/"
        Unit.objects.bulk_update(units, ["path"], batch_size=2000)
        AssessmentResult.objects.bulk_create(
            (
                AssessmentResult(
                    unit=unit,
                    fiscal_year=year,
                    source=ResultSource.OFFICIAL,
                    framework_label="ITA 2568",
                    total=Decimal(60 + number % 40),
                    grade="A",
                    rating_code="pass_good",
                    rating_name_th="ผ่านดี",
                    rating_name_en="Passed well",
                    passed=True,
                    complete=True,
                )
                for number, unit in enumerate(units)
            ),
            batch_size=2000,
        )
        results = AssessmentResult.objects.filter(unit__parent=root, fiscal_year=year)
        InstrumentScore.objects.bulk_create(
            (
                InstrumentScore(
                    result_id=result_id,
                    code=code,
                    position=position,
                    weight=Decimal(weight),
                    score=Decimal(80),
                    respondents=40,
                )
                for result_id in results.values_list("pk", flat=True)
                for position, (code, weight) in enumerate((("IIT", 30), ("EIT", 30), ("OIT", 40)))
            ),
            batch_size=5000,
        )
        reader = account_services.create_person(
            username=READER, email="bench-api@example.org", first_name="Bench", password=None
        )
        account_services.grant_role(reader, root, Role.OVERSIGHT_VIEWER)
    say(f"made {UNITS:,} units and their results in {time.monotonic() - started:.0f} s")


def run_once(client: object, url: str) -> tuple[float, float, int, int, int]:
    """(wall s, CPU s, units, pages, queries of the last page) of one full listing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    started, cpu = time.perf_counter(), time.process_time()
    units = pages = queries = 0
    next_url: str | None = url
    while next_url:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(next_url)  # type: ignore[attr-defined]
        assert response.status_code == 200, response.content[:300]
        body = response.json()
        units += len(body["results"])
        pages += 1
        queries = len(captured)
        next_url = body["next"]
    return time.perf_counter() - started, time.process_time() - cpu, units, pages, queries


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    ensure_database(args.fresh)

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from bench.record import record_run
    from openita.accounts.models import User
    from openita.api import services
    from openita.core.thai import fiscal_year_of

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    call_command("migrate", verbosity=0)
    year = fiscal_year_of(timezone.localdate()) - 1
    make_data(year)
    with connection.cursor() as cursor:
        cursor.execute(
            "ANALYZE"
        )  # fresh bulk rows: the planner's statistics, as autovacuum would keep them
    made = services.create_token(
        User.objects.get(username=READER), name="bench", scope="read", days=1, rate="100000/min"
    )
    client = Client(HTTP_AUTHORIZATION=f"Bearer {made.raw}")
    url = f"/api/v1/results/?unit={ROOT_CODE}&fiscal_year={year}&page_size={PAGE_SIZE}"
    run_once(client, url)  # warm-up
    runs = sorted(run_once(client, url) for _run in range(args.runs))
    wall, cpu, units, pages, queries = runs[len(runs) // 2]
    assert units == UNITS, units
    rate = units / wall
    load = os.getloadavg()
    met = rate >= TARGET_UNITS_PER_SECOND
    lines = [
        f"### {date.today().isoformat()}: results of {UNITS:,} units, pages of {PAGE_SIZE}",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), shared with "
        f"other engineers' work and loaded (load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} "
        f"at the end); Python {platform.python_version()}, PostgreSQL {connection.pg_version // 10000}; "
        f"median of {args.runs} runs after one warm-up run, Django test client in-process.",
        "",
        "| listing | wall (s) | units/s | pages | queries per page | CPU (s) |",
        "|---|---|---|---|---|---|",
        f"| `/api/v1/results/` of one root, FY{year} | {wall:.2f} | {rate:,.0f} | {pages} | "
        f"{queries} | {cpu:.2f} |",
        "",
        f"Target ≥ {TARGET_UNITS_PER_SECOND:,} units/s: **{'met' if met else 'not met'}** "
        f"(runs: {', '.join(f'{UNITS / run[0]:,.0f}' for run in runs)} units/s).",
    ]
    if not args.no_write:
        record_run("## The API: results of 8,300 units (`bench/api_bench.py`)", lines)
    say("\n".join(lines))


if __name__ == "__main__":
    main()
