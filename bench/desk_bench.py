"""The desk (the home page) of a province with 1,500 units under it, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/desk_db .venv/bin/python bench/desk_bench.py

Data (made once per database, which is created if missing; --fresh drops and remakes it): a provincial command
with 1,500 police stations under it, each with an assessment of today's fiscal year on the shipped police
framework and, written in bulk, what the desk counts: its OIT items (one per item of the framework, in mixed
states, some late), a measures plan with 12 measures (some done, some late), an IIT and an EIT campaign with
two quota groups each and 40 + 80 answers. The province's person holds the unit admin and oversight roles
there, as the demo's `province` does; the province itself has its own assessment, calendar and measures.

Measured: the desk page (`core:home`) requested through the Django test client, `--requests` times (default 30,
after two warm-up requests), with the table of the units below sorted by the default (the most behind first)
and by a column; reported: median and 95th percentile of the wall time, the query count of one request, and
the CPU time of the Python process. Target (issue 16): median and p95 ≤ 150 ms. The figures go into
docs/benchmarks.md under this benchmark's section (--no-write to skip).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "openita.settings")
os.environ.setdefault("SECRET_KEY", "openita-bench-only-not-secret")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/desk_db")

from bench.database import ensure_database, say  # noqa: E402

UNITS = 1_500
PARENT = "bench-desk-province"
MEASURES_PER_PLAN = 12
IIT_ANSWERS, EIT_ANSWERS = 40, 80
TARGET_MS = 150
SURVEY_INSTRUMENTS = {"iit": "internal_survey", "eit": "external_survey"}


def make_data(year: int) -> None:
    """The province, its 1,500 stations and their year's work (skipped when already there)."""
    from django.db import transaction

    from openita.accounts import services as account_services
    from openita.accounts.models import Role, User
    from openita.frameworks.library import SHIPPED_LIBRARY_DIR
    from openita.frameworks.models import Assessment, FrameworkVersion, Instrument, OitItem
    from openita.frameworks.services import load_library_file
    from openita.measures.models import Measure, MeasuresPlan, PlanStatus, PlanVersion
    from openita.oit.models import Disclosure, Status
    from openita.surveys.models import Campaign, QuotaGroup, SurveyResponse
    from openita.units import services as unit_services
    from openita.units.models import Unit

    if Unit.objects.filter(code=PARENT).exists():
        return
    started = time.monotonic()
    load_library_file(SHIPPED_LIBRARY_DIR / "ita-2569-police.yaml")
    version = FrameworkVersion.objects.filter(urn="ita-2569-police").order_by("-version").first()
    assert version is not None
    items = list(OitItem.objects.filter(version=version).order_by("code"))
    instruments = {i.kind: i for i in Instrument.objects.filter(version=version)}
    rng = random.Random(2570)
    today = date.today()
    with transaction.atomic():
        province = unit_services.create_unit(
            code=PARENT, name_th="ตำรวจภูธรจังหวัดทดสอบสมรรถนะ", unit_type="provincial"
        )
        Unit.objects.bulk_create(
            Unit(
                code=f"bench-desk-{number:04d}",
                name_th=f"สถานีตำรวจภูธรทดสอบ {number:04d}",
                unit_type="police_station",
                parent=province,
                depth=1,
                path=f"/tmp{number}/",
            )
            for number in range(UNITS)
        )
        stations = list(Unit.objects.filter(parent=province).order_by("code"))
        for station in stations:
            station.path = f"{province.path}{station.pk:06d}/"
        Unit.objects.bulk_update(stations, ["path"])
        units = [province, *stations]
        Assessment.objects.bulk_create(
            Assessment(unit=unit, fiscal_year=year, framework_version=version) for unit in units
        )
        assessments = list(Assessment.objects.filter(unit__in=units, fiscal_year=year))
        statuses = [Status.DRAFT, Status.SUBMITTED, Status.CHECKED, Status.APPROVED]
        Disclosure.objects.bulk_create(
            Disclosure(
                assessment=assessment,
                item=item,
                position=position,
                status=rng.choice(statuses),
                due_date=today + timedelta(days=rng.randint(-30, 60)),
            )
            for assessment in assessments
            for position, item in enumerate(items)
        )
        MeasuresPlan.objects.bulk_create(MeasuresPlan(assessment=a) for a in assessments)
        plans = list(MeasuresPlan.objects.filter(assessment__in=assessments))
        PlanVersion.objects.bulk_create(
            PlanVersion(plan=plan, number=1, status=PlanStatus.APPROVED) for plan in plans
        )
        Measure.objects.bulk_create(
            Measure(
                plan=plan,
                position=number,
                title=f"มาตรการที่ {number + 1}",
                period_kind="dates",
                start_date=today - timedelta(days=60),
                due_date=today + timedelta(days=rng.randint(-40, 200)),
                progress_percent=rng.choice([0, 25, 50, 100]),
            )
            for plan in plans
            for number in range(MEASURES_PER_PLAN)
        )
        campaigns = []
        for assessment in assessments:
            for kind in ("iit", "eit"):
                campaigns.append(
                    Campaign(
                        assessment=assessment,
                        instrument=instruments[SURVEY_INSTRUMENTS[kind]],
                        kind=kind,
                        code=f"b{assessment.pk}{kind}",
                        opens_on=today - timedelta(days=20),
                        closes_on=today + timedelta(days=20),
                        minimum_count=50 if kind == "iit" else 100,
                    )
                )
        Campaign.objects.bulk_create(campaigns)
        campaigns = list(Campaign.objects.filter(assessment__in=assessments))
        QuotaGroup.objects.bulk_create(
            QuotaGroup(
                campaign=campaign,
                code=f"g{number}",
                link_code=f"b{campaign.pk}g{number}",
                kind="line",
                name_th=f"กลุ่ม {number}",
                minimum_count=20,
                position=number,
            )
            for campaign in campaigns
            for number in range(2)
        )
        groups: dict[int, list[Any]] = {}
        for group in QuotaGroup.objects.filter(campaign__in=campaigns):
            groups.setdefault(group.campaign_id, []).append(group)
        SurveyResponse.objects.bulk_create(
            (
                SurveyResponse(
                    campaign=campaign,
                    group=rng.choice(groups[campaign.pk]),
                    submitted_on=today - timedelta(days=rng.randint(0, 19)),
                    answers={},
                )
                for campaign in campaigns
                for _answer in range(IIT_ANSWERS if campaign.kind == "iit" else EIT_ANSWERS)
            ),
            batch_size=5_000,
        )
        person = account_services.create_person(username="bench-desk-province", first_name="วิชัย")
        account_services.grant_role(person, province, Role.UNIT_ADMIN)
        account_services.grant_role(person, province, Role.OVERSIGHT_VIEWER)
        assert User.objects.filter(username="bench-desk-province").exists()
    say(f"made {UNITS:,} units and their year in {time.monotonic() - started:.0f} s")


def timings(
    requests: int, query: dict[str, str], cold: bool = False
) -> tuple[list[float], float, int]:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from openita.accounts.models import User
    from openita.accounts.second_factor import SESSION_KEY

    settings.ALLOWED_HOSTS = ["*"]
    settings.SECURE_SSL_REDIRECT = False  # the test client speaks plain HTTP
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    client = Client()
    client.force_login(User.objects.get(username="bench-desk-province"))
    session = client.session
    session[SESSION_KEY] = "bench"
    session.save()
    for _warm in range(2):
        response = client.get("/", query)
        assert response.status_code == 200, (response.status_code, response.get("Location"))
    wall: list[float] = []
    cpu = time.process_time()
    queries = 0
    for _request in range(requests):
        if cold:
            cache.clear()  # the table of the units below is counted again, as on a first visit
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get("/", query)
            wall.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
        assert b"desk-below" in response.content
        queries = len(captured)
    return wall, (time.process_time() - cpu) * 1000 / requests, queries


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[18]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fresh", action="store_true")
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    ensure_database(args.fresh)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from bench.record import record_run
    from openita.core.thai import fiscal_year_of

    call_command("migrate", verbosity=0)
    year = fiscal_year_of(timezone.localdate())
    make_data(year)
    rows = []
    cases: tuple[tuple[str, dict[str, str], bool], ...] = (
        ("default order (most behind first)", {}, False),
        ("sorted by OIT", {"sort": "-oit"}, False),
        ("table not cached (first visit in 2 minutes)", {}, True),
    )
    for label, query, cold in cases:
        wall, cpu, queries = timings(10 if cold else args.requests, query, cold)
        median, high = statistics.median(wall), p95(wall)
        rows.append((label, median, high, cpu, queries))
        say(
            f"{label}: median {median:.0f} ms, p95 {high:.0f} ms, CPU {cpu:.0f} ms, {queries} queries"
        )
    met = all(median <= TARGET_MS and high <= TARGET_MS for _l, median, high, _c, _q in rows[:2])
    load = os.getloadavg()
    lines = [
        f"### {date.today().isoformat()}: {UNITS:,} units under one province, FY{year}",
        "",
        f"Machine: {os.cpu_count()} cores ({platform.processor() or platform.machine()}), load average "
        f"{load[0]:.1f} at the end; Python {platform.python_version()}, PostgreSQL "
        f"{connection.pg_version // 10000}; {args.requests} requests after 2 warm-up requests.",
        "",
        "| desk of the province | median (ms) | p95 (ms) | CPU per request (ms) | queries |",
        "|---|---|---|---|---|",
        *(
            f"| {label} | {median:.0f} | {high:.0f} | {cpu:.0f} | {queries} |"
            for label, median, high, cpu, queries in rows
        ),
        "",
        f"Target median and p95 ≤ {TARGET_MS} ms (the cached table, as people see it within 2 minutes "
        f"of each other): **{'met' if met else 'not met'}**.",
    ]
    if not args.no_write:
        record_run("## The desk of a province of 1,500 units (`bench/desk_bench.py`)", lines)
    say("\n".join(lines))


if __name__ == "__main__":
    main()
