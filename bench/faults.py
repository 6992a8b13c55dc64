"""Faults survived: a database restart during survey intake, a worker killed in a batch, a full disk.

    make faults                 (needs PostgreSQL 15's initdb and pg_ctl in /usr/lib/postgresql/15/bin)

The script starts its OWN PostgreSQL cluster (initdb in a temporary folder, on a free port of 127.0.0.1, as
the `postgres` system user when run as root) and restarts only that one; it never touches a server it did
not start. Everything it starts is stopped at the end, its folders removed. Then:

1. **PostgreSQL restarted in the middle of survey intake**: one gunicorn server, several senders posting
   answers (each with its own submission key) without pause; after a few seconds the cluster is restarted
   (`pg_ctl restart -m fast`). A sender that gets the "please try again" page (503) or no answer sends the
   same answer again, with the same key, as the form's page does. Counted: answers acknowledged and stored,
   acknowledged but lost, stored twice, the 503s, any other answer, and the seconds from the restart to the
   first answer acknowledged after it.
2. **A worker killed in the middle of a batch**: `openita worker` makes a batch of documents; once some units
   are done it gets SIGKILL. Checked at once: no zip where people can download it. Then a second worker
   starts; the queue gives it the job again when the first one's heartbeat is stale, and the batch starts
   over. Counted: the outcome, the job's attempts, the seconds from the kill to the finished zip, the PDFs in
   it, and whether a zip was ever visible half-made.
3. **Disk full on upload**: a 256 KiB tmpfs mounted as the uploads' folder (root only; otherwise a storage
   whose disk is full by stub); a 1 MiB upload through the storage openita uses. Counted: the error, the files
   left behind (must be 0), and that a small file is stored afterwards.

The counts are printed as Markdown for docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import errno
import io
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.deploy_test import (  # noqa: E402
    BIN,
    HOST,
    _fiscal_year,
    _keys,
    environment,
    free_port,
    make_world,
    post_answer,
    start,
    stop,
    stored_answers,
    submission_key,
    wait_until_up,
)
from bench.surveys_bench import form_tokens, prepare, recreate_database  # noqa: E402

PG_BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "openita_faults"


def say(text: str) -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


class Cluster:
    """A PostgreSQL cluster of this script's own, in a temporary folder."""

    def __init__(self, folder: Path, port: int) -> None:
        self.folder = folder
        self.data = folder / "data"
        self.port = port
        self.as_postgres = os.geteuid() == 0
        if self.as_postgres:
            shutil.chown(folder, "postgres", "postgres")

    def _run(self, *command: str) -> None:
        full = [str(PG_BIN / command[0]), *command[1:]]
        if self.as_postgres:
            full = ["runuser", "-u", "postgres", "--", *full]
        subprocess.run(full, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)

    def init(self) -> None:
        self._run("initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres", "-E", "UTF8")

    def _pg_ctl(self, action: str, *extra: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses={HOST} -c fsync=off"
        self._run(
            "pg_ctl", action, "-D", str(self.data), "-w", "-l", str(self.folder / "log"),
            "-o", options, *extra,
        )  # fmt: skip

    def start(self) -> None:
        self._pg_ctl("start")

    def restart(self) -> float:
        started = time.monotonic()
        self._pg_ctl("restart", "-m", "fast")
        return time.monotonic() - started

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            self._pg_ctl("stop", "-m", "immediate")

    @property
    def url(self) -> str:
        return f"postgres://postgres@{HOST}:{self.port}/postgres"


# ---------------------------------------------------------------------------------------------
# 1. PostgreSQL restarted during survey intake


@dataclass
class Intake:
    acknowledged: set[str] = field(default_factory=set)
    try_again: int = 0
    other: int = 0
    sent: int = 0
    ack_times: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def sender(port, code, campaign_id, tokens, fields, stop_at: float, intake: Intake) -> None:
    while time.monotonic() < stop_at:
        key = submission_key(campaign_id)
        while time.monotonic() < stop_at + 30:  # an answer started is sent until acknowledged
            status, thanked = post_answer(port, code, tokens, fields, key)
            with intake.lock:
                intake.sent += 1
                if status == 200 and thanked:
                    intake.acknowledged.add(key)
                    intake.ack_times.append(time.monotonic())
                elif status == 503:
                    intake.try_again += 1
                else:
                    intake.other += 1
            if status == 200 and thanked:
                break
            time.sleep(0.3)


def restart_during_intake(cluster: Cluster, env, setup, files: Path, seconds: float) -> dict:
    port = free_port()
    server = start(
        [
            str(BIN / "gunicorn"),
            "openita.wsgi:application",
            f"--bind={HOST}:{port}",
            "--workers=1",
            "--threads=4",
            "--worker-class=gthread",
        ],
        env,
        files / "gunicorn-faults.log",
    )
    try:
        wait_until_up(port, time.monotonic() + 30)
        tokens = form_tokens(port, setup.code)[:2]
        fields = {f"q_{code}": setup.answers[code] for code in setup.last_page_codes}
        fields["answers"] = " ".join(
            f"{code}:{value}"
            for code, value in setup.answers.items()
            if code not in setup.last_page_codes
        )
        fields.update({"step": str(setup.pages), "go": "send"})
        intake = Intake()
        stop_at = time.monotonic() + seconds
        threads = [
            threading.Thread(
                target=sender,
                args=(port, setup.code, setup.campaign_id, tokens, fields, stop_at, intake),
            )
            for _ in range(4)
        ]
        for thread in threads:
            thread.start()
        time.sleep(seconds / 3)
        restart_at = time.monotonic()
        restart_seconds = cluster.restart()
        for thread in threads:
            thread.join()
        after = [moment for moment in intake.ack_times if moment > restart_at + restart_seconds]
        recovery = (min(after) - restart_at) if after else float("nan")
        healthy = _status(port, "/healthz/web")
    finally:
        stop([server])
    stored = stored_answers(setup.campaign_id)
    keys = _keys(setup.campaign_id)
    return {
        "requests sent": intake.sent,
        "answers acknowledged": len(intake.acknowledged),
        "answers stored": stored,
        "acknowledged but not stored": len(intake.acknowledged - keys),
        "stored twice": stored - len(keys),
        "stored without acknowledgement": len(keys - intake.acknowledged),
        '"please try again" (503) answers': intake.try_again,
        "other answers (no answer, 5xx but 503)": intake.other,
        "restart took (s)": round(restart_seconds, 2),
        "from restart to next acknowledged answer (s)": round(recovery, 2),
        "/healthz/web after the restart": healthy,
    }


# ---------------------------------------------------------------------------------------------
# 2. A worker killed in the middle of a batch


def kill_worker_in_batch(env, files: Path, parent_code: str, units: int) -> dict:
    from django.db import connections

    from openita.documents import kinds, services
    from openita.documents.models import BatchStatus, DocumentBatch
    from openita.tasks.models import Job
    from openita.units.models import Unit

    worker = start(
        [str(BIN / "openita"), "worker", "--no-reload", "--interval=0.5"], env, files / "w1.log"
    )
    try:
        parent = Unit.objects.get(code=parent_code)
        batch = services.start_batch(
            parent, _fiscal_year(), kinds.get_kind("ita-calendar"), "pdf", {}, None
        )
        connections.close_all()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.status == BatchStatus.RUNNING and batch.done_count >= 2:
                break
            time.sleep(0.1)
        done_at_kill = batch.done_count
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
    finally:
        stop([worker])  # a no-op once killed; stops it if anything above failed
    killed_at = time.monotonic()
    batch.refresh_from_db()
    visible_after_kill = services.batch_file(batch) is not None or bool(batch.zip_path)
    half_seen = visible_after_kill
    second = start(
        [str(BIN / "openita"), "worker", "--no-reload", "--interval=0.5"], env, files / "w2.log"
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            batch.refresh_from_db()
            if batch.status != BatchStatus.DONE and services.batch_file(batch) is not None:
                half_seen = True
            if batch.status in (BatchStatus.DONE, BatchStatus.FAILED):
                break
            connections.close_all()
            time.sleep(0.2)
        recovered = time.monotonic() - killed_at
    finally:
        stop([second])
    job = Job.objects.filter(key=f"documents.batch:{batch.pk}").first()
    pdfs, intact = -1, False
    path = services.batch_file(batch)
    if path is not None:
        with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as archive:
            intact = archive.testzip() is None
            pdfs = sum(1 for name in archive.namelist() if name.endswith(".pdf"))
    return {
        "units done when the worker was killed": f"{done_at_kill} of {units}",
        "zip downloadable right after the kill": "yes" if visible_after_kill else "no",
        "zip ever downloadable before it was whole": "yes" if half_seen else "no",
        "outcome": f"{batch.status}" + (f" ({batch.error})" if batch.error else ""),
        "job attempts": job.attempts if job else 0,
        "batches made for one request": DocumentBatch.objects.filter(parent=parent).count(),
        "PDFs in the zip / units": f"{pdfs} / {units}",
        "zip intact": "yes" if intact else "no",
        "from the kill to the finished zip (s)": round(recovered, 1),
    }


# ---------------------------------------------------------------------------------------------
# 3. Disk full on upload


def disk_full_on_upload(files: Path) -> dict:
    from django.core.files.base import ContentFile

    from openita.core.storage import AtomicFileSystemStorage

    folder = files / "small-disk"
    folder.mkdir()
    mounted = False
    if os.geteuid() == 0:
        mounted = (
            subprocess.run(
                ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(folder)],
                capture_output=True,
            ).returncode
            == 0
        )
    storage = AtomicFileSystemStorage(location=folder)
    error = "none"
    try:
        upload = ContentFile(os.urandom(1024 * 1024), name="evidence.pdf")
        if not mounted:  # a disk that is full after the first 100 KiB, as a stub

            def chunks(chunk_size=None):
                yield upload.read(100 * 1024)
                raise OSError(errno.ENOSPC, "No space left on device")

            upload.chunks = chunks  # type: ignore[method-assign]
        try:
            storage.save("oit/1/ab/evidence.pdf", upload)
        except OSError as failure:
            error = errno.errorcode.get(failure.errno or 0, str(failure))
        left = [path for path in folder.rglob("*") if path.is_file()]
        small_saved = storage.save("oit/1/cd/small.pdf", ContentFile(b"%PDF-1.7 small"))
        small_ok = (folder / small_saved).read_bytes() == b"%PDF-1.7 small"
    finally:
        if mounted:
            subprocess.run(["umount", str(folder)], check=False)
    return {
        "disk": "tmpfs of 256 KiB" if mounted else "stub (full after 100 KiB)",
        "error on a 1 MiB upload": error,
        "files left behind": len(left),
        "a small file saved afterwards": "yes" if small_ok else "no",
    }


# ---------------------------------------------------------------------------------------------


def _status(port: int, path: str) -> int:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://{HOST}:{port}{path}", timeout=20) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def table(title: str, counts: dict) -> None:
    say(f"\n| {title} | |\n|---|---|")
    for name, value in counts.items():
        say(f"| {name} | {value} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=12, help="survey intake, restart inside")
    parser.add_argument("--units", type=int, default=30, help="stations in the batch")
    args = parser.parse_args()
    if not (PG_BIN / "initdb").exists():
        raise SystemExit(f"PostgreSQL 15 is not installed in {PG_BIN}")
    folder = Path(tempfile.mkdtemp(prefix="openita-faults-"))
    folder.chmod(0o755)
    files = folder / "files"
    files.mkdir()
    failures: list[str] = []
    cluster: Cluster | None = None
    try:
        (folder / "pg").mkdir()
        cluster = Cluster(folder / "pg", free_port())
        say(f"Own PostgreSQL cluster in {cluster.folder}, port {cluster.port}")
        cluster.init()
        cluster.start()
        url = recreate_database(cluster.url, DATABASE)
        env = environment(url, files)
        env["OPENITA_TASK_STALE_SECONDS"] = "6"
        env["OPENITA_TASK_HEARTBEAT_SECONDS"] = "1"
        setup = prepare(env)
        parent_code, units = make_world(args.units)

        intake = restart_during_intake(cluster, env, setup, files, args.seconds)
        table("PostgreSQL restarted during survey intake", intake)
        if intake["acknowledged but not stored"] or intake["stored twice"]:
            failures.append("survey intake lost or doubled an answer")
        if intake["stored without acknowledgement"]:
            failures.append("an answer was stored that was never acknowledged (it was resent)")

        batch = kill_worker_in_batch(env, files, parent_code, units)
        table("A worker killed in the middle of a batch", batch)
        if batch["zip ever downloadable before it was whole"] == "yes":
            failures.append("a half-made zip was downloadable")
        if not batch["outcome"].startswith(("done", "failed")):
            failures.append("the batch neither finished nor failed")

        disk = disk_full_on_upload(files)
        table("Disk full on upload", disk)
        if disk["files left behind"] or disk["error on a 1 MiB upload"] == "none":
            failures.append("a full disk left a file behind or went unnoticed")
    finally:
        from django.db import connections

        connections.close_all()
        if cluster is not None:
            cluster.stop()
        if failures:
            for log in sorted(files.glob("*.log")):
                say(f"--- {log.name}\n{log.read_text(errors='replace')[-2000:]}")
        shutil.rmtree(folder, ignore_errors=True)
    if failures:
        say("FAILED: " + "; ".join(failures))
        return 1
    say("\nfaults survived")
    return 0


if __name__ == "__main__":
    sys.exit(main())
