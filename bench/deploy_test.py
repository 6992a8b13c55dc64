"""Several servers, one database: two gunicorn servers and a task worker, nothing lost or made twice.

    make deploy-test            (DATABASE_URL=postgres://…/anything selects the server; CI runs it)

What it does, on this machine only (127.0.0.1, free ports, bounded to --timeout seconds, every process it
starts stopped at the end, its database dropped):

1. creates a fresh PostgreSQL database (``openita_deploy_test``), migrates it, loads the police framework,
   opens an IIT survey campaign, and makes a province with --units stations and a site administrator;
2. starts two gunicorn servers (openita.wsgi, as deploy/systemd/openita-web.service does) and one
   `openita worker` (as deploy/systemd/openita-worker@.service), all sharing the database and one files folder;
3. sends --answers survey answers, alternately to each server, from several threads at once; one in ten is
   sent again to the *other* server with the same submission key (a double press that a load balancer sent
   elsewhere);
4. logs in on each server and asks both for the same batch of documents (ITA calendar, one PDF per station),
   one right after the other, then waits for the worker to make it;
5. checks: every answer acknowledged is stored, none twice, nothing stored that was not acknowledged; one
   batch, one task, run once, its zip complete and readable through the other server; /healthz (database,
   storage, documents, task queue with the worker's heartbeat) answers 200 on both servers.

Prints the counts and exits non-zero when a check fails.
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import http.cookiejar
import io
import os
import random
import re
import secrets
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.surveys_bench import (  # noqa: E402
    THANKS_MARKER,
    drop_database,
    form_tokens,
    prepare,
    recreate_database,
)

HOST = "127.0.0.1"
DATABASE = "openita_deploy_test"
PASSWORD = "deploy-test-password-" + "x" * 12
BIN = ROOT / ".venv" / "bin"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


def environment(url: str, files: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "openita.settings",
        "DATABASE_URL": url,
        "SECRET_KEY": SERVER_SECRET,
        "DEBUG": "false",
        "OPENITA_MANIFEST_STATIC": "false",
        "OPENITA_SECURE_COOKIES": "false",
        "OPENITA_SSL_REDIRECT": "false",  # plain HTTP on the loopback
        "ALLOWED_HOSTS": HOST,
        "OPENITA_DATA_DIR": str(files),
        "OPENITA_PRIVATE_FILES_ROOT": str(files / "private"),
        "OPENITA_SURVEY_REQUESTS_PER_DAY": "0",
        "OPENITA_SURVEY_SUBMISSIONS_PER_DAY": "0",
        "OPENITA_TASKS_IMMEDIATE": "false",
        "OPENITA_DOCUMENT_BATCH_WORKERS": "1",
        "OPENITA_TASK_HEARTBEAT_SECONDS": "2",
        "OPENITA_LOGIN_FREE_FAILURES": "1000",
        "OPENITA_LOGIN_ADDRESS_FREE_FAILURES": "1000",
        "OPENITA_LOG_LEVEL": "ERROR",
        "PYTHONPATH": str(ROOT),
    }


SERVER_SECRET = "openita-deploy-test-only-" + "x" * 40  # the senders sign submission keys with it


def submission_key(campaign_id: int) -> str:
    """A key as the server issues it when the form is first shown (signed for the campaign, ADR 0005)."""
    from openita.surveys.services import sign_submission_key

    return sign_submission_key(campaign_id, secrets.token_urlsafe(12), secret=SERVER_SECRET)


def stored_answers(campaign_id: int) -> int:
    """Answers durably stored: in the answers table or still in the intake waiting for their batch."""
    return _count(
        "SELECT (SELECT count(*) FROM surveys_surveyresponse WHERE campaign_id = %s)"
        " + (SELECT count(*) FROM surveys_answerintake WHERE campaign_id = %s)",
        campaign_id,
        campaign_id,
    )


ADMIN_TOTP_KEY = secrets.token_hex(
    20
)  # this run's site administrator's authenticator key (hex, as django-otp)


def totp_now(key_hex: str) -> str:
    """The current 6-digit TOTP code of a key (RFC 6238, 30 s, SHA-1: django-otp's defaults)."""
    digest = hmac.new(
        bytes.fromhex(key_hex), struct.pack(">Q", int(time.time()) // 30), hashlib.sha1
    ).digest()
    offset = digest[-1] & 15
    code = (struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def make_world(units: int) -> tuple[str, int]:
    """A province with `units` stations and a site administrator (in this process, through services)."""
    from django.db import connections

    from openita.accounts.models import User
    from openita.units import services as unit_services

    province = unit_services.create_unit(
        code="deploy-province", name_th="ตำรวจภูธรจังหวัดทดสอบการติดตั้ง", unit_type="provincial"
    )
    for number in range(1, units + 1):
        unit_services.create_unit(
            code=f"deploy-station-{number}",
            name_th=f"สถานีตำรวจทดสอบการติดตั้ง {number}",
            unit_type="police_station",
            parent=province,
        )
    admin = User.objects.create_superuser("deploy-admin", "", PASSWORD)
    # A site administrator logs in with a second factor: an authenticator with a key the test knows.
    from openita.accounts import second_factor

    second_factor.give_known_device(admin, ADMIN_TOTP_KEY)
    connections.close_all()
    return province.code, units


def start(command: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    stream = log.open("wb")
    return subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=stream, stderr=subprocess.STDOUT, start_new_session=True
    )


def wait_until_up(port: int, deadline: float) -> None:
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://{HOST}:{port}/health/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit(f"gunicorn on port {port} did not start")


def stop(processes: list[subprocess.Popen[bytes]]) -> None:
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)


# ---------------------------------------------------------------------------------------------


def post_answer(port: int, code: str, tokens: tuple[str, str], fields: dict[str, str], key: str):
    cookie, csrf = tokens
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, **fields, "key": key}).encode()
    request = urllib.request.Request(
        f"http://{HOST}:{port}/s/{code}/",
        data=body,
        headers={"Cookie": f"csrftoken={cookie}"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, THANKS_MARKER in response.read()
    except urllib.error.HTTPError as error:
        return error.code, False
    except OSError:
        return 0, False


class Browser:
    """One person's session on one server: cookies kept, CSRF token read from each form."""

    def __init__(self, port: int) -> None:
        self.base = f"http://{HOST}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def share_cookies_of(self, other: Browser) -> None:
        self.jar = other.jar
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read()

    def post(self, path: str, fields: dict[str, str]) -> str:
        _status, html = self.get(path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert token, f"no form at {path}"
        data = urllib.parse.urlencode({"csrfmiddlewaretoken": token.group(1), **fields})
        request = urllib.request.Request(
            self.base + path, data=data.encode(), headers={"Referer": self.base + path}
        )
        with self.opener.open(request, timeout=30) as response:
            return response.url


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--answers", type=int, default=200)
    parser.add_argument("--units", type=int, default=12)
    parser.add_argument("--timeout", type=float, default=150, help="seconds for the whole run")
    parser.add_argument("--database", default=DATABASE)
    args = parser.parse_args()
    started = time.monotonic()
    deadline = started + args.timeout
    base_url = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not base_url.startswith("postgres"):
        raise SystemExit("The deploy test needs PostgreSQL: set DATABASE_URL=postgres://...")
    files = Path(tempfile.mkdtemp(prefix="openita-deploy-test-"))
    url = recreate_database(base_url, args.database)
    env = environment(url, files)
    processes: list[subprocess.Popen[bytes]] = []
    failures: list[str] = []
    try:
        setup = prepare(env)  # migrate, framework, campaign (bench/surveys_bench.py)
        parent_code, units = make_world(args.units)
        year = _fiscal_year()
        say(f"Set up in {time.monotonic() - started:.1f} s; starting two servers and a worker")
        ports = [free_port(), free_port()]
        for number, port in enumerate(ports, 1):
            processes.append(
                start(
                    [
                        str(BIN / "gunicorn"),
                        "openita.wsgi:application",
                        f"--bind={HOST}:{port}",
                        "--workers=1",
                        "--threads=4",
                        "--worker-class=gthread",
                        "--graceful-timeout=5",
                    ],
                    env,
                    files / f"gunicorn-{number}.log",
                )
            )
        processes.append(
            start(
                [str(BIN / "openita"), "worker", "--no-reload", "--interval=0.5"],
                env,
                files / "worker.log",
            )
        )
        for port in ports:
            wait_until_up(port, deadline)

        # Survey answers through both servers, some sent twice to different servers.
        tokens = {port: form_tokens(port, setup.code)[:2] for port in ports}
        fields = {f"q_{code}": setup.answers[code] for code in setup.last_page_codes}
        fields["answers"] = " ".join(
            f"{code}:{value}"
            for code, value in setup.answers.items()
            if code not in setup.last_page_codes
        )
        fields.update({"step": str(setup.pages), "go": "send"})
        sends: list[tuple[int, str]] = []
        for number in range(args.answers):
            key = submission_key(setup.campaign_id)
            port = ports[number % 2]
            sends.append((port, key))
            if number % 10 == 9:
                sends.append((ports[(number + 1) % 2], key))  # the double press, elsewhere
        random.shuffle(sends)
        answer_started = time.monotonic()
        with ThreadPoolExecutor(max_workers=8) as pool:
            results = list(
                pool.map(
                    lambda send: (
                        send[1],
                        post_answer(send[0], setup.code, tokens[send[0]], fields, send[1]),
                    ),
                    sends,
                )
            )
        answer_seconds = time.monotonic() - answer_started
        acknowledged = {key for key, (status, thanked) in results if status == 200 and thanked}
        refused = sum(1 for _key, (status, thanked) in results if not (status == 200 and thanked))

        # The same batch asked of both servers, one right after the other.
        browsers = [Browser(port) for port in ports]
        # One log-in (password and second factor) on the first server; the session, kept in the database,
        # works on the second as behind a load balancer (a TOTP code is accepted once).
        browsers[0].post("/accounts/login/", {"username": "deploy-admin", "password": PASSWORD})
        browsers[0].post("/accounts/security/verify/", {"token": totp_now(ADMIN_TOTP_KEY)})
        browsers[1].share_cookies_of(browsers[0])
        batch_fields = {"kind": "ita-calendar", "file_format": "pdf", "fiscal_year": str(year)}
        batch_urls = [
            browser.post(f"/documents/{parent_code}/batches/", batch_fields) for browser in browsers
        ]
        batch_started = time.monotonic()
        batch_ids = {int(re.findall(r"/batches/(\d+)/", found)[-1]) for found in batch_urls}
        counts = _wait_for_batches(batch_ids, deadline)
        batch_seconds = time.monotonic() - batch_started
        zip_entries = -1
        if len(batch_ids) == 1 and counts["done"] == 1:
            (batch_id,) = batch_ids
            _status, content = browsers[1].get(f"/documents/{parent_code}/batches/{batch_id}/zip/")
            with zipfile.ZipFile(io.BytesIO(content)) as archive:
                if archive.testzip() is not None:
                    failures.append("the zip is damaged")
                zip_entries = sum(1 for name in archive.namelist() if name.endswith(".pdf"))

        health = [_health(port) for port in ports]
        stored = stored_answers(setup.campaign_id)
        keys = _keys(setup.campaign_id)
        say("")
        say("| deploy test | count |")
        say("|---|---|")
        say(
            f"| answers sent (with {len(sends) - args.answers} second presses elsewhere) | {len(sends)} |"
        )
        say(f"| answers acknowledged (distinct keys) | {len(acknowledged)} |")
        say(f"| answers refused or failed | {refused} |")
        say(f"| answers stored | {stored} |")
        say(f"| acknowledged but not stored | {len(acknowledged - keys)} |")
        say(f"| stored twice (rows beyond distinct keys) | {stored - len(keys)} |")
        say(f"| answers per second (two servers) | {len(sends) / answer_seconds:.0f} |")
        say(f"| batches asked / made | 2 / {len(batch_ids)} |")
        say(f"| tasks for the batch / runs | {counts['jobs']} / {counts['attempts']} |")
        say(f"| PDFs in the zip / stations | {zip_entries} / {units} |")
        say(f"| batch seconds | {batch_seconds:.1f} |")
        say(f"| /healthz of each server | {' '.join(str(status) for status in health)} |")
        say(f"| whole run seconds | {time.monotonic() - started:.1f} |")
        if acknowledged - keys:
            failures.append("an acknowledged answer was lost")
        if stored != len(keys) or keys - acknowledged:
            failures.append("an answer was stored twice or without acknowledgement")
        if len(acknowledged) != args.answers:
            failures.append(f"{args.answers - len(acknowledged)} answers were not acknowledged")
        if len(batch_ids) != 1 or counts["jobs"] != 1 or counts["attempts"] != 1:
            failures.append("the batch was made more than once")
        if health != [200, 200]:
            failures.append("a server's /healthz did not answer 200")
        if counts["done"] != 1 or zip_entries != units:
            failures.append("the batch did not finish with every station's document")
    finally:
        stop(processes)
        from django.db import connections

        connections.close_all()
        drop_database(base_url, args.database)
    if failures:
        for log in sorted(files.glob("*.log")):
            say(f"--- {log.name}\n{log.read_text(errors='replace')[-3000:]}")
        say("FAILED: " + "; ".join(failures))
    _remove(files)
    if failures:
        return 1
    say("deploy test passed")
    return 0


def _health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}/healthz", timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def _fiscal_year() -> int:
    from django.utils import timezone

    from openita.core.thai import fiscal_year_of

    return fiscal_year_of(timezone.localdate())


def _count(sql: str, *params: object) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.fetchone()[0])


def _keys(campaign_id: int) -> set[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT key FROM surveys_usedsubmissionkey WHERE campaign_id = %s", [campaign_id]
        )
        return {row[0] for row in cursor.fetchall()}


def _wait_for_batches(batch_ids: set[int], deadline: float) -> dict[str, int]:
    from django.db import connections

    from openita.documents.models import BatchStatus, DocumentBatch
    from openita.tasks.models import Job

    while True:
        batches = list(DocumentBatch.objects.filter(pk__in=batch_ids))
        finished = all(batch.status in (BatchStatus.DONE, BatchStatus.FAILED) for batch in batches)
        if finished or time.monotonic() > deadline:
            break
        connections.close_all()
        time.sleep(0.5)
    jobs = Job.objects.filter(key__in=[f"documents.batch:{pk}" for pk in batch_ids])
    return {
        "done": sum(batch.status == BatchStatus.DONE for batch in batches),
        "jobs": jobs.count(),
        "attempts": sum(job.attempts for job in jobs),
    }


def _remove(folder: Path) -> None:
    import shutil

    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
