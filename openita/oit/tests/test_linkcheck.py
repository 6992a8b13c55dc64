"""The link checker against a local HTTP server on 127.0.0.1 (never the outside network)."""

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from openita.conftest import World, client_for
from openita.oit import linkcheck, services
from openita.oit.models import Disclosure, Evidence
from openita.oit.tests.factories import Workspace, make_workspace
from openita_testing.replayed_rows import RowReplay

PAGES = {
    "/about": (200, "text/html; charset=utf-8"),
    "/report.pdf": (200, "application/pdf"),
    "/stats.xlsx": (200, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    "/moved": (301, "/about"),
    "/no-head": (200, "application/pdf"),
}


class Handler(BaseHTTPRequestHandler):
    def _answer(self, with_body: bool) -> None:
        path = self.path
        if path == "/no-head" and self.command == "HEAD":
            self.send_response(405)
            self.end_headers()
            return
        if path not in PAGES:
            self.send_response(404)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            return
        status, value = PAGES[path]
        self.send_response(status)
        if status == 301:
            self.send_header("Location", value)
        else:
            self.send_header("Content-Type", value)
        self.end_headers()
        if with_body and status == 200:
            self.wfile.write(b"x")

    def do_HEAD(self) -> None:
        self._answer(False)

    def do_GET(self) -> None:
        self._answer(True)

    def log_message(self, *args: object) -> None:  # keep the test output clean
        return


@pytest.fixture(autouse=True)
def local_links_allowed(settings: Any) -> None:
    settings.OPENITA_LINKCHECK_ALLOW_PRIVATE = True


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    # serve_forever looks for shutdown() every poll_interval: at its default (0.5 s) each test waited
    # about half a second at its end
    thread = threading.Thread(
        target=httpd.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
    )
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


_spaces = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def space(world: World) -> Workspace:
    return _spaces.made(lambda: make_workspace(world.station))


def link(world: World, disclosure: Disclosure, url: str) -> Evidence:
    return services.add_link(disclosure, world.user("parent_admin"), url)


def test_it_records_status_and_content_type_of_each_link(
    world: World, space: Workspace, server: str
) -> None:
    disclosure = space.item("O1")
    ok = link(world, disclosure, f"{server}/about")
    missing = link(world, disclosure, f"{server}/gone")
    moved = link(world, disclosure, f"{server}/moved")
    no_head = link(world, disclosure, f"{server}/no-head")
    results = {result.evidence_id: result for result in linkcheck.check_disclosure(disclosure)}
    assert results[ok.pk].ok and results[ok.pk].status == 200
    assert not results[missing.pk].ok and results[missing.pk].status == 404
    assert results[moved.pk].ok  # the redirect is followed
    assert results[no_head.pk].ok and results[no_head.pk].content_type == "application/pdf"
    ok.refresh_from_db()
    assert (ok.check_ok, ok.check_status, ok.check_content_type) == (
        True,
        200,
        "text/html; charset=utf-8",
    )
    assert ok.checked_at is not None


def test_a_server_that_does_not_answer_is_recorded_as_broken(
    world: World, space: Workspace
) -> None:
    import socket

    with socket.socket() as unused:
        unused.bind(("127.0.0.1", 0))
        port = unused.getsockname()[1]
    evidence = link(world, space.item("O1"), f"http://127.0.0.1:{port}/x")
    [result] = linkcheck.check_disclosure(space.item("O1"), timeout=2)
    evidence.refresh_from_db()
    assert not result.ok and result.status is None and evidence.check_error


def test_it_warns_when_only_a_pdf_is_given_where_excel_or_word_is_required(
    world: World, space: Workspace, server: str
) -> None:
    disclosure = space.item("O2")  # formats: pdf, xlsx|docx
    link(world, disclosure, f"{server}/report.pdf")
    [report] = linkcheck.check_items([disclosure])
    assert report.missing_formats == [["xlsx", "docx"]]
    link(world, disclosure, f"{server}/stats.xlsx")
    [report] = linkcheck.check_items([disclosure])
    assert report.missing_formats == []


def test_an_uploaded_word_file_meets_the_machine_readable_requirement(
    world: World, space: Workspace
) -> None:
    from openita.oit.tests.test_evidence_files import PDF, word_file

    disclosure = space.item("O2")
    admin = world.user("unit_admin")
    services.add_file(disclosure, admin, SimpleUploadedFile("a.pdf", PDF))
    services.add_file(disclosure, admin, SimpleUploadedFile("a.docx", word_file()))
    [report] = linkcheck.check_items([disclosure])
    assert report.links == [] and report.missing_formats == []


def test_the_command_checks_one_unit_and_year(world: World, space: Workspace, server: str) -> None:
    link(world, space.item("O1"), f"{server}/about")
    link(world, space.item("O2"), f"{server}/gone")
    other = make_workspace(world.other_station)
    link(world, other.item("O1"), "http://127.0.0.1:9/never-checked")
    output = StringIO()
    call_command(
        "oit", "check-links", "--unit", world.station.code, "--year", "2568", stdout=output
    )
    text = output.getvalue()
    assert "2 links checked, 1 broken" in text
    assert "MISSING FORMAT" in text  # O2 wants PDF and Excel/Word
    assert not Evidence.objects.get(disclosure=other.item("O1")).checked_at


def test_the_item_page_runs_the_checker_on_demand(
    world: World, space: Workspace, server: str
) -> None:
    evidence = link(world, space.item("O1"), f"{server}/about")
    url = reverse("oit:check_links", args=[world.station.code, 2568, "O1"])
    assert client_for(world, "unit_admin").post(url).status_code == 302
    evidence.refresh_from_db()
    assert evidence.check_ok is True


def test_private_and_local_addresses_are_refused_by_default(
    world: World, space: Workspace, server: str, settings: Any
) -> None:
    settings.OPENITA_LINKCHECK_ALLOW_PRIVATE = False
    evidence = link(world, space.item("O1"), f"{server}/about")
    link(world, space.item("O1"), "http://10.1.2.3/intranet")
    results = linkcheck.check_disclosure(space.item("O1"))
    assert all(not result.ok and "private" in result.error for result in results)
    evidence.refresh_from_db()
    assert evidence.check_ok is False


def test_a_name_that_rebinds_to_a_local_address_never_reaches_the_local_port(
    world: World, space: Workspace, server: str, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """DNS rebinding: the name answers a public address first, then 127.0.0.1. The checker resolves once,
    checks that address and connects to exactly it, so the local server never hears from it."""
    settings.OPENITA_LINKCHECK_ALLOW_PRIVATE = False
    port = int(server.rsplit(":", 1)[1])
    answers = iter(["93.184.216.34", "127.0.0.1", "127.0.0.1", "127.0.0.1"])
    lookups: list[str] = []
    connections: list[tuple[str, int]] = []

    def rebinding_resolver(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        lookups.append(host)
        address = next(answers)
        return [(2, 1, 6, "", (address, port))]

    def recording_connect(address: tuple[str, int], *args: Any, **kwargs: Any) -> Any:
        connections.append(address)
        raise ConnectionRefusedError("test: no outside network")

    monkeypatch.setattr(linkcheck, "getaddrinfo", rebinding_resolver)
    monkeypatch.setattr(linkcheck.socket, "create_connection", recording_connect)
    heard: list[str] = []
    monkeypatch.setattr(Handler, "log_message", lambda self, *args: heard.append(self.path))
    status, _content_type, error = linkcheck.fetch(f"http://rebind.example:{port}/about", timeout=2)
    assert status is None and error
    assert ("127.0.0.1", port) not in connections
    assert connections and all(address == "93.184.216.34" for address, _port in connections)
    # Each attempt (HEAD, then GET) resolved once and connected to what it checked: the second attempt got
    # 127.0.0.1 and was refused before connecting.
    assert lookups == ["rebind.example", "rebind.example"]
    assert "private" in error
    assert heard == []


def test_a_name_with_a_local_address_is_refused_before_connecting(
    world: World, space: Workspace, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.OPENITA_LINKCHECK_ALLOW_PRIVATE = False

    def resolver(host: str, port: int, *args: Any, **kwargs: Any) -> list[Any]:
        return [(2, 1, 6, "", ("127.0.0.1" if host == "localhost" else "10.0.0.8", port))]

    monkeypatch.setattr(linkcheck, "getaddrinfo", resolver)
    status, _content_type, error = linkcheck.fetch("http://localhost:9/admin", timeout=2)
    assert status is None and "private" in error


def test_the_link_check_task_run_twice_stores_the_same_answers(
    world: World, space: Workspace, server: str
) -> None:
    from openita.oit.tasks import check_links
    from openita.tasks import services as tasks
    from openita.tasks.models import JobState

    link(world, space.item("O1"), f"{server}/about")
    link(world, space.item("O2"), f"{server}/gone")
    fields = ("pk", "check_ok", "check_status", "check_content_type", "check_error")
    first = tasks.enqueue(check_links, world.station.code, 2568)
    stored = list(Evidence.objects.order_by("pk").values_list(*fields))
    second = tasks.enqueue(check_links, world.station.code, 2568)
    assert (first.state, second.state) == (JobState.DONE, JobState.DONE)
    assert first.result is not None and second.result is not None
    assert first.result["broken"] == second.result["broken"] == 1
    assert list(Evidence.objects.order_by("pk").values_list(*fields)) == stored
    assert Evidence.objects.count() == 2


def test_a_link_check_of_a_unit_that_is_gone_fails_with_the_reason(world: World) -> None:
    from openita.oit.tasks import check_links
    from openita.tasks import services as tasks
    from openita.tasks.models import JobState

    job = tasks.enqueue(check_links, "no-such-unit")
    assert job.state == JobState.FAILED
    assert job.error == "no unit no-such-unit"
