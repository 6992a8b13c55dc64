"""Survey submissions per second: openita's real submit endpoint against a bare one-row insert.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python bench/surveys_bench.py

What it does, all on this machine (loopback only, bounded in time):

1. creates a fresh PostgreSQL database (``openita_bench_surveys`` on the server of DATABASE_URL), migrates
   it, loads the police framework and opens an IIT campaign (51 answers a questionnaire) with a daily cap
   high enough for the run;
2. starts gunicorn with openita plus one bare view (bench/surveys_site.py): same process, same settings,
   same middleware;
3. runs a load generator (asyncio, keep-alive connections) for ``--seconds`` against (b) the bare view,
   then (a) the last screen of the real form, each after a short warm-up. Every real submission has its
   own submission key, except one in 25, which resends the key of an earlier acknowledged submission (a
   double press): it must be answered 2xx and stored once;
4. counts rows afterwards: every request answered 2xx must be stored, none twice.

Rate limits per source stay on (the code path runs) with limits high enough for one source.
Results are printed as a Markdown table for docs/benchmarks.md and written to bench/results/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import re
import secrets
import signal
import statistics
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
THANKS_MARKER = b'class="survey-message" role="status"'
BENCH_DATABASE = "openita_bench_surveys"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


# ---------------------------------------------------------------------------------------------
# Database and Django set-up (in this process, then the connection is closed)


def database_url(base: str, name: str) -> str:
    parts = urllib.parse.urlsplit(base)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(base_url: str, name: str) -> str:
    import psycopg

    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise SystemExit(f"Not a plain database name: {name!r}")
    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name}")
        connection.execute(f"CREATE DATABASE {name}")
    return database_url(base_url, name)


SERVER_SECRET = (
    "openita-benchmark-only-" + "x" * 40
)  # the load generator signs submission keys with it


def server_environment(url: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.surveys_site",
        "DATABASE_URL": url,
        "SECRET_KEY": SERVER_SECRET,
        "DEBUG": "false",
        "OPENITA_MANIFEST_STATIC": "false",
        "OPENITA_SECURE_COOKIES": "false",
        "OPENITA_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "ALLOWED_HOSTS": HOST,
        "OPENITA_SURVEY_REQUESTS_PER_DAY": "100000000",
        "OPENITA_SURVEY_SUBMISSIONS_PER_DAY": "100000000",
        "OPENITA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


@dataclass
class Setup:
    campaign_id: int
    code: str
    answers: dict[str, str]
    pages: int
    last_page_codes: list[str]


def prepare(environment: dict[str, str]) -> Setup:
    os.environ.update(environment)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from openita.core.thai import fiscal_year_of
    from openita.frameworks.library import SHIPPED_LIBRARY_DIR
    from openita.frameworks.services import load_library_file
    from openita.surveys import services
    from openita.surveys.questionnaire import questionnaire_for
    from openita.units import services as unit_services

    call_command("migrate", verbosity=0)
    load_library_file(SHIPPED_LIBRARY_DIR / "ita-2568-police.yaml")
    unit = unit_services.create_unit(
        code="bench-station", name_th="สถานีตำรวจทดสอบสมรรถนะ", unit_type="police_station"
    )
    from django.utils import timezone

    campaign = services.create_campaign(
        unit,
        fiscal_year_of(timezone.localdate()),
        "iit",
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        population=None,  # no staff cap
        daily_cap=100_000_000,
        provisional=True,  # this year's framework may not be published yet: the latest one, chosen
    )
    questionnaire = questionnaire_for(campaign)
    answers = {
        code: random.choice([option.code for option in questionnaire.by_code[code].options])
        for code in questionnaire.codes
    }
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_bare_insert (value integer)")
    connection.close()
    last_page = [question.code for question in questionnaire.pages[-1].questions]
    return Setup(campaign.pk, campaign.code, answers, len(questionnaire.pages), last_page)


def drop_database(base_url: str, name: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base_url, "postgres"), autocommit=True) as connection:
        connection.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


# Answers stored: moved into the answers table, or still waiting in the intake (ADR 0005).
ANSWERS_SQL = (
    "SELECT (SELECT count(*) FROM surveys_surveyresponse WHERE campaign_id = %s)"
    " + (SELECT count(*) FROM surveys_answerintake WHERE campaign_id = %s)"
)


def count_rows(sql: str, params: tuple[object, ...] = ()) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        value = cursor.fetchone()[0]
    connection.close()
    return int(value)


def used_keys(campaign_id: int) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM surveys_usedsubmissionkey WHERE campaign_id = %s", [campaign_id]
        )
        keys = {row[0] for row in cursor.fetchall()}
    connection.close()
    return keys


# ---------------------------------------------------------------------------------------------
# The server


def start_server(
    environment: dict[str, str], port: int, workers: int, threads: int
) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "bench.surveys_wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--worker-class",
        "gthread",
        "--threads",
        str(threads),
        "--keep-alive",
        "30",
        "--log-level",
        "error",
    ]
    server = subprocess.Popen(command, cwd=ROOT, env=environment)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return server
        except OSError:
            time.sleep(0.3)
    server.terminate()
    raise SystemExit("gunicorn did not start")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def form_tokens(port: int, code: str) -> tuple[str, str, dict[str, str]]:
    """The CSRF cookie, the form's CSRF token and its hidden fields, as a browser gets them."""
    with urllib.request.urlopen(f"http://{HOST}:{port}/s/{code}/", timeout=10) as response:
        cookie = response.headers.get("Set-Cookie", "")
        html = response.read().decode()
    csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie)
    csrf_field = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    if not csrf_cookie or not csrf_field:
        raise SystemExit("no CSRF token on the form")
    hidden = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html))
    hidden.pop("csrfmiddlewaretoken", None)
    return csrf_cookie.group(1), csrf_field.group(1), hidden


# ---------------------------------------------------------------------------------------------
# The load generator


NextRequest = Callable[[], tuple[bytes, str, bool]]  # request bytes, submission key, check the body


@dataclass
class Stats:
    ok: int = 0
    refused: int = 0
    errors: int = 0
    latencies: list[float] = field(default_factory=list)
    acknowledged: set[str] = field(default_factory=set)
    resent: int = 0


def request_bytes(port: int, path: str, cookie: str, body: str) -> bytes:
    data = body.encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: {HOST}:{port}\r\nCookie: csrftoken={cookie}\r\n"
        f"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: {len(data)}\r\n\r\n"
    )
    return head.encode() + data


async def read_response(reader: asyncio.StreamReader) -> tuple[int, bytes, bool]:
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split()[1])
    headers = {
        name.strip().lower(): value.strip()
        for name, _, value in (line.partition(":") for line in lines[1:] if line)
    }
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding") == "chunked":
        chunks = []
        while True:
            size = int((await reader.readuntil(b"\r\n")).strip(), 16)
            chunk = await reader.readexactly(size + 2)
            if size == 0:
                break
            chunks.append(chunk[:-2])
        body = b"".join(chunks)
    else:
        body = await reader.read()
    return status, body, headers.get("connection", "").lower() == "close"


async def client(
    port: int,
    deadline: float,
    next_request: NextRequest,
    stats: Stats,
    measure: bool,
    per_connection: int,
) -> None:
    reader = writer = None
    sent_on_connection = 0
    while time.monotonic() < deadline:
        if writer is None:
            try:
                reader, writer = await asyncio.open_connection(HOST, port)
            except OSError:
                stats.errors += measure
                await asyncio.sleep(0.05)
                continue
            sent_on_connection = 0
        request, key, check = next_request()
        started = time.perf_counter()
        try:
            writer.write(request)
            await writer.drain()
            status, body, close = await asyncio.wait_for(read_response(reader), 15)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            if measure:
                stats.errors += 1
            writer.close()
            reader = writer = None
            continue
        if measure:
            stats.latencies.append(time.perf_counter() - started)
            if 200 <= status < 300 and (not check or THANKS_MARKER in body):
                stats.ok += 1
                if key:
                    stats.acknowledged.add(key)
            else:
                stats.refused += 1
        sent_on_connection += 1
        if close or sent_on_connection >= per_connection:
            # A new connection now and then, as new respondents bring: the server spreads them over its
            # workers again, so that no worker keeps more than its share for the whole run.
            writer.close()
            reader = writer = None
    if writer is not None:
        writer.close()


async def run_load(
    port: int,
    seconds: float,
    connections: int,
    next_request: NextRequest,
    measure: bool,
    per_connection: int,
) -> Stats:
    stats = Stats()
    deadline = time.monotonic() + seconds
    await asyncio.gather(
        *(
            client(port, deadline, next_request, stats, measure, per_connection)
            for _ in range(connections)
        )
    )
    return stats


# ---------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(server_pid: int, database: str) -> dict[str, float]:
    """CPU used so far by the server (gunicorn and its workers), the PostgreSQL backends serving the
    benchmark's database and this process (the load generator). Other processes on the machine are left
    out, so the figures hold however busy the machine is."""
    used = {"server": 0.0, "database": 0.0}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        if int(entry.name) == server_pid or int(fields[1]) == server_pid:
            used["server"] += seconds
        elif command.startswith("postgres:") and f" {database} " in command:
            used["database"] += seconds
    times = os.times()
    used["load generator"] = times.user + times.system
    return used


def machine() -> dict[str, object]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "system": platform.platform(),
        "load_average_before": os.getloadavg(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--warmup", type=float, default=5)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument(
        "--requests-per-connection",
        type=int,
        default=50,
        help="requests sent on one keep-alive connection before it is replaced by a new one",
    )
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--port", type=int, default=8197)
    parser.add_argument("--database", default=BENCH_DATABASE, help="created afresh, then dropped")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base_url.startswith("postgres"):
        raise SystemExit("The benchmark needs PostgreSQL: set DATABASE_URL=postgres://...")
    about = machine()
    say(f"Machine: {about}")
    url = recreate_database(base_url, args.database)
    environment = server_environment(url)
    setup = prepare(environment)
    server = start_server(environment, args.port, args.workers, args.threads)
    results: dict[str, dict[str, object]] = {}
    try:
        cookie, csrf, _hidden = form_tokens(args.port, setup.code)

        bare = request_bytes(
            args.port, "/bench/bare/", cookie, urllib.parse.urlencode({"csrfmiddlewaretoken": csrf})
        )

        def bare_request() -> tuple[bytes, str, bool]:
            return bare, "", False

        # What a browser sends from the last screen: its radio buttons, the other screens' answers packed
        # in one hidden field (see openita/surveys/public_views.py).
        answer_fields = {f"q_{code}": setup.answers[code] for code in setup.last_page_codes}
        answer_fields["answers"] = " ".join(
            f"{code}:{value}"
            for code, value in setup.answers.items()
            if code not in setup.last_page_codes
        )
        last_step = setup.pages
        sent_keys: list[str] = []
        counter = {"n": 0}

        # Everything but the submission key is the same in every request: encoded once, so that the load
        # generator spends its time sending, not encoding (keys are URL-safe as they are).
        real_body = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": csrf, "step": last_step, "go": "send", **answer_fields}
        )

        from openita.surveys.services import sign_submission_key

        def real_request() -> tuple[bytes, str, bool]:
            counter["n"] += 1
            if sent_keys and counter["n"] % 25 == 0:
                key = random.choice(sent_keys)  # a resend of an acknowledged submission
            else:
                # a key as the server issues it when the form is first shown (signed, ADR 0005)
                key = sign_submission_key(
                    setup.campaign_id, secrets.token_urlsafe(12), secret=SERVER_SECRET
                )
                sent_keys.append(key)
            body = f"{real_body}&key={key}"
            return request_bytes(args.port, f"/s/{setup.code}/", cookie, body), key, True

        for name, next_request in (("bare", bare_request), ("real", real_request)):
            asyncio.run(
                run_load(
                    args.port,
                    args.warmup,
                    args.connections,
                    next_request,
                    False,
                    args.requests_per_connection,
                )
            )
            if name == "bare":
                before = count_rows("SELECT count(*) FROM bench_bare_insert")
            else:
                before = count_rows(
                    ANSWERS_SQL,
                    (setup.campaign_id, setup.campaign_id),
                )
                sent_keys.clear()
                keys_before = used_keys(setup.campaign_id)
            say(f"Running {name} for {args.seconds:.0f} s with {args.connections} connections ...")
            load_before = os.getloadavg()
            cpu_before = cpu_seconds(server.pid, args.database)
            started = time.monotonic()
            stats = asyncio.run(
                run_load(
                    args.port,
                    args.seconds,
                    args.connections,
                    next_request,
                    True,
                    args.requests_per_connection,
                )
            )
            elapsed = time.monotonic() - started
            cpu_after = cpu_seconds(server.pid, args.database)
            time.sleep(1)  # let in-flight requests finish on the server
            result: dict[str, object] = {
                "seconds": round(elapsed, 1),
                "ok_2xx": stats.ok,
                "refused": stats.refused,
                "errors": stats.errors,
                "per_second": round(stats.ok / elapsed, 1),
                "p50_ms": round(percentile(stats.latencies, 0.5), 1),
                "p99_ms": round(percentile(stats.latencies, 0.99), 1),
                "mean_ms": round(statistics.fmean(stats.latencies) * 1000, 1)
                if stats.latencies
                else 0,
                "load_average": load_before,
                # CPU milliseconds per request answered 2xx, by process group (see cpu_seconds).
                "cpu_ms_per_2xx": {
                    group: round(
                        (cpu_after[group] - cpu_before[group]) * 1000 / max(stats.ok, 1), 2
                    )
                    for group in cpu_before
                },
            }
            if name == "bare":
                rows = count_rows("SELECT count(*) FROM bench_bare_insert") - before
                result.update(
                    rows=rows, lost=max(0, stats.ok - rows), duplicated=max(0, rows - stats.ok)
                )
            else:
                rows = (
                    count_rows(
                        ANSWERS_SQL,
                        (setup.campaign_id, setup.campaign_id),
                    )
                    - before
                )
                keys = used_keys(setup.campaign_id) - keys_before
                acknowledged = stats.acknowledged
                lost = len(acknowledged - keys)
                result.update(
                    rows=rows,
                    acknowledged_distinct_keys=len(acknowledged),
                    resends_acknowledged=stats.ok - len(acknowledged),
                    lost=lost,
                    duplicated=max(0, rows - len(keys)),
                    stored_not_acknowledged=len(keys - acknowledged),
                )
            results[name] = result
            say(json.dumps(result))
    finally:
        stop_server(server)
        drop_database(base_url, args.database)
    ratio = float(results["real"]["per_second"]) / max(float(results["bare"]["per_second"]), 0.1)
    cpu = {name: sum(results[name]["cpu_ms_per_2xx"].values()) for name in results}  # type: ignore[attr-defined]
    report = {
        "date": datetime.now().astimezone().isoformat(timespec="minutes"),
        "machine": about,
        "load_average_after": os.getloadavg(),
        "server": f"gunicorn gthread, {args.workers} workers × {args.threads} threads, PostgreSQL",
        "connections": args.connections,
        "requests_per_connection": args.requests_per_connection,
        "results": results,
        "ratio_real_to_bare": round(ratio, 2),
        # The same ratio from CPU used per answer: what (a)/(b) would be if both had the whole machine.
        "cpu_ratio_real_to_bare": round(cpu["bare"] / max(cpu["real"], 0.001), 2),
    }
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / "surveys.json").write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say("")
    say(
        "| endpoint | submissions/s | 2xx | refused | errors | p50 ms | p99 ms | rows | lost | duplicated |"
    )
    say("|---|---|---|---|---|---|---|---|---|---|")
    for name, label in (("real", "(a) openita submit"), ("bare", "(b) bare one-row insert")):
        r = results[name]
        say(
            f"| {label} | {r['per_second']} | {r['ok_2xx']} | {r['refused']} | {r['errors']} | "
            f"{r['p50_ms']} | {r['p99_ms']} | {r['rows']} | {r['lost']} | {r['duplicated']} |"
        )
    say("\n| endpoint | CPU ms per answer: server | database | load generator | total |")
    say("|---|---|---|---|---|")
    for name, label in (("real", "(a) openita submit"), ("bare", "(b) bare one-row insert")):
        parts = results[name]["cpu_ms_per_2xx"]
        assert isinstance(parts, dict)
        say(
            f"| {label} | {parts['server']} | {parts['database']} | {parts['load generator']} | "
            f"{round(sum(parts.values()), 2)} |"
        )
    say(
        f"\n(a)/(b) = {report['ratio_real_to_bare']} (from CPU per answer: {report['cpu_ratio_real_to_bare']})"
    )


if __name__ == "__main__":
    main()
