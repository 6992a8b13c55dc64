"""Requests per second on one unit's public OIT page, served by gunicorn from the shared page cache.

    .venv/bin/python bench/public_bench.py [--seconds 30] [--connections 32]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/public_db .venv/bin/python bench/public_bench.py

What it does, all on this machine (loopback only, bounded in time):

1. a fresh data directory (SQLite there, or the PostgreSQL database of DATABASE_URL, migrated), the FY2568
   police framework, one station whose head has approved half of its OIT items (through the services, with
   a link and a file each);
2. gunicorn serving openita as in production (DEBUG off; 4 gthread workers × 2 threads for 2 cores), its
   public-page cache in a folder of the data directory shared by every worker (OPENITA_PUBLIC_CACHE_DIR);
3. `wrk` (Debian's package) with 2 threads and 32 keep-alive connections on the OIT page of the station,
   after a warm-up; without wrk, an asyncio client with the same connections;
4. prints a Markdown row for docs/benchmarks.md and writes bench/results/public.json.

The target (issue 20): at least 300 requests/s with p99 under 100 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
UNIT = "bench-station"
YEAR = 2568
PAGE = f"/p/{UNIT}/{YEAR}/oit/"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def environment(data_dir: Path) -> dict[str, str]:
    env = {
        **os.environ,
        "OPENITA_DATA_DIR": str(data_dir),
        "OPENITA_PUBLIC_CACHE_DIR": str(data_dir / "public-cache"),
        "SECRET_KEY": "openita-public-benchmark-only-" + "x" * 40,
        "DEBUG": "false",
        "OPENITA_MANIFEST_STATIC": "false",
        "OPENITA_SECURE_COOKIES": "false",
        "OPENITA_SSL_REDIRECT": "false",
        "ALLOWED_HOSTS": HOST,
        "OPENITA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "openita.settings",
    }
    return env


def prepare() -> None:
    """Run in a child process: migrate and publish half of one station's OIT items."""
    import django

    django.setup()
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command

    from openita.accounts import services as accounts
    from openita.accounts.models import Role
    from openita.frameworks.library import SHIPPED_LIBRARY_DIR
    from openita.frameworks.services import get_or_create_assessment, load_library_file
    from openita.oit import services
    from openita.oit.models import Disclosure
    from openita.units import services as units

    call_command("migrate", verbosity=0)
    load_library_file(SHIPPED_LIBRARY_DIR / "ita-2568-police.yaml")
    unit = units.create_unit(code=UNIT, name_th="สถานีตำรวจทดสอบสมรรถนะ", unit_type="police_station")
    admin = accounts.create_person(username="bench-admin", email="a@example.org", password="x" * 20)
    head = accounts.create_person(username="bench-head", email="h@example.org", password="x" * 20)
    accounts.grant_role(admin, unit, Role.UNIT_ADMIN)
    accounts.grant_role(head, unit, Role.EXECUTIVE)
    assessment = get_or_create_assessment(unit, YEAR, provisional=True)
    services.ensure_workspace(assessment)
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    for index, disclosure in enumerate(
        Disclosure.objects.filter(assessment=assessment).select_related("item", "assessment")
    ):
        services.add_link(disclosure, admin, f"https://bench.example.go.th/oit/{index}")
        services.add_file(disclosure, admin, SimpleUploadedFile(f"o{index}.pdf", pdf))
        if index % 2:
            continue
        services.submit(disclosure, admin)
        services.check(disclosure, admin)
        services.approve(disclosure, head, confirm_incomplete=True)


def start_server(
    env: dict[str, str], port: int, workers: int = 4, threads: int = 2
) -> subprocess.Popen[bytes]:
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "openita.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        "--log-level",
        "warning",
    ]
    server = subprocess.Popen(command, env=env, cwd=ROOT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}{PAGE}", timeout=5) as answer:
                if answer.status == 200:
                    return server
        except OSError:
            time.sleep(0.5)
    server.terminate()
    raise SystemExit("gunicorn did not answer")


def run_wrk(port: int, seconds: int, connections: int) -> dict[str, float]:
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            f"http://{HOST}:{port}{PAGE}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    say(output)

    def milliseconds(label: str) -> float:
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", output)
        assert match, label
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "requests_per_second": rate,
        "p50_ms": milliseconds("50%"),
        "p99_ms": milliseconds("99%"),
        "non_2xx": float(errors.group(1)) if errors else 0.0,
    }


async def _client(port: int, stop: float, latencies: list[float], failures: list[int]) -> None:
    reader, writer = await asyncio.open_connection(HOST, port)
    request = f"GET {PAGE} HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode()
    while time.monotonic() < stop:
        started = time.perf_counter()
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        length = int(re.search(rb"Content-Length: (\d+)", head, re.I).group(1))  # type: ignore[union-attr]
        await reader.readexactly(length)
        latencies.append((time.perf_counter() - started) * 1000)
        if not head.startswith(b"HTTP/1.1 200"):
            failures.append(1)
    writer.close()


def run_asyncio(port: int, seconds: int, connections: int) -> dict[str, float]:
    latencies: list[float] = []
    failures: list[int] = []

    async def main() -> None:
        stop = time.monotonic() + seconds
        await asyncio.gather(
            *(_client(port, stop, latencies, failures) for _ in range(connections))
        )

    asyncio.run(main())
    latencies.sort()
    return {
        "requests_per_second": len(latencies) / seconds,
        "p50_ms": statistics.median(latencies),
        "p99_ms": latencies[int(len(latencies) * 0.99) - 1],
        "non_2xx": float(len(failures)),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--port", type=int, default=8767)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--prepare-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.prepare_only:
        prepare()
        return
    data_dir = Path(tempfile.mkdtemp(prefix="openita-public-bench-"))
    env = environment(data_dir)
    try:
        say("Preparing the data …")
        subprocess.run([sys.executable, __file__, "--prepare-only"], env=env, cwd=ROOT, check=True)
        server = start_server(env, options.port, options.workers, options.threads)
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        try:
            tool = "wrk" if shutil.which("wrk") else "asyncio"
            say(f"Warm-up (5 s), then {options.seconds} s with {tool} …")
            warm = run_wrk if tool == "wrk" else run_asyncio
            warm(options.port, 5, options.connections)
            figures = warm(options.port, options.seconds, options.connections)
            load_after = Path("/proc/loadavg").read_text().split()[:3]
        finally:
            server.terminate()
            server.wait(timeout=30)
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)
    database = "PostgreSQL" if os.environ.get("DATABASE_URL") else "SQLite"
    record = {
        "when": datetime.now().isoformat(timespec="seconds"),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs",
        "database": database,
        "tool": tool,
        "connections": options.connections,
        "seconds": options.seconds,
        "page": PAGE,
        "gunicorn": f"{options.workers} gthread workers x {options.threads} threads",
        "load_average_before": load_before,
        "load_average_after": load_after,
        **figures,
    }
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "public.json").write_text(json.dumps(record, indent=2) + "\n")
    say(
        "| page | database | gunicorn | tool | connections | load average (1 min) before/after "
        "| requests/s | p50 (ms) | p99 (ms) | non-2xx |"
    )
    say("|---|---|---|---|---|---|---|---|---|---|")
    say(
        f"| {PAGE} | {database} | {record['gunicorn']} | {tool} | {options.connections} | "
        f"{load_before[0]} / {load_after[0]} | "
        f"{figures['requests_per_second']:.0f} | {figures['p50_ms']:.1f} | "
        f"{figures['p99_ms']:.1f} | {figures['non_2xx']:.0f} |"
    )


if __name__ == "__main__":
    main()
