"""The OIT screens: what each person sees and can do, through the views."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from openita.accounts import services as account_services
from openita.conftest import World, client_for
from openita.oit import services
from openita.oit.models import Disclosure, Status
from openita.oit.tests.factories import Workspace, make_workspace
from openita.oit.tests.test_workflow import APPEAL_TIME, BEFORE_DEADLINE, SCORING_TIME
from openita_testing.files import png
from openita_testing.replayed_rows import RowReplay

pytestmark = pytest.mark.django_db


_spaces = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def space(world: World) -> Workspace:
    return _spaces.made(lambda: _made_before_the_deadline(world))


def _made_before_the_deadline(world: World) -> Workspace:
    with time_machine.travel(BEFORE_DEADLINE, tick=False):
        return make_workspace(world.station)


def url(name: str, world: World, *extra: object) -> str:
    return reverse(name, args=[world.station.code, 2568, *extra])


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_unit_admin_opens_the_year_from_the_board(world: World) -> None:
    from openita.oit.tests.factories import make_version

    make_version()
    client = client_for(world, "unit_admin")
    page = client.get(url("oit:board", world))
    assert url("oit:open", world) in page.content.decode()
    response = client.post(url("oit:open", world))
    assert response.status_code == 302
    board = client.get(url("oit:board", world))
    assert board.content.decode().count('data-item="') == 5


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_board_marks_overdue_items(world: World, space: Workspace) -> None:
    services.assign(
        space.item("O3"),
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=None,
        due_date=datetime.date(2025, 1, 31),
    )
    html = client_for(world, "committee").get(url("oit:board", world)).content.decode()
    row = html.split('data-item="O3"')[0].rsplit("<tr", 1)[1]
    assert "overdue" in row
    assert "overdue" not in html.split('data-item="O2"')[0].rsplit("<tr", 1)[1]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_board_shows_progress_bars(world: World, space: Workspace) -> None:
    Disclosure.objects.filter(assessment=space.assessment, item__code="O1").update(
        status=Status.APPROVED
    )
    html = client_for(world, "committee").get(url("oit:board", world)).content.decode()
    bars = html[html.index('id="board-progress"') :]
    approved = bars[bars.index('id="progress-approved"') - 200 :]
    assert 'aria-valuenow="20"' in approved.split("</div></div>")[0]  # 1 of the 5 items
    assert "1 จาก 5" in bars
    assert 'id="progress-evidence"' in bars and 'id="progress-checked"' in bars


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_an_officer_enters_evidence_and_submits_through_the_item_page(
    world: World, space: Workspace
) -> None:
    services.assign(
        space.item("O1"),
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=world.user("committee"),
        due_date=datetime.date(2025, 3, 31),
    )
    officer = client_for(world, "officer")
    mine = officer.get(reverse("oit:my_items")).content.decode()
    # Item links, not bare codes: "O2" can turn up inside the page's random CSRF token.
    assert "<strong>O1</strong>" in mine and "<strong>O2</strong>" not in mine
    disclosure = space.item("O1")
    element = disclosure.elements.first()
    assert element is not None
    officer.post(
        url("oit:save_elements", world, "O1"),
        {f"self_checked_{element.pk}": "on", f"where_shown_{element.pk}": "หน้าเกี่ยวกับเรา"},
    )
    officer.post(url("oit:add_evidence", world, "O1"), {"url": "https://st.example.go.th/about"})
    officer.post(
        url("oit:add_evidence", world, "O1"),
        {"file": SimpleUploadedFile("chart.png", png())},
    )
    refused = officer.post(
        url("oit:add_evidence", world, "O1"), {"file": SimpleUploadedFile("x.pdf", b"nope")}
    )
    assert refused.status_code == 302
    assert disclosure.evidence.count() == 2
    page = officer.get(url("oit:item", world, "O1")).content.decode()
    assert "หน้าเกี่ยวกับเรา" in page and "chart.png" in page
    officer.post(url("oit:move", world, "O1", "submit"))
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.SUBMITTED
    file_evidence = disclosure.evidence.get(kind="file")
    download = client_for(world, "oversight").get(
        url("oit:evidence_file", world, "O1", file_evidence.pk)
    )
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"\x89PNG")  # type: ignore[attr-defined]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_a_refused_move_shows_the_reason_and_changes_nothing(
    world: World, space: Workspace
) -> None:
    client = client_for(world, "executive")
    response = client.post(url("oit:move", world, "O1", "approve"), follow=True)
    assert response.status_code == 200
    assert any("O1" in str(message) for message in response.context["messages"])
    assert space.item("O1").status == Status.DRAFT
    assert client.post(url("oit:move", world, "O1", "explode")).status_code == 404


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_the_executive_approves_from_the_queue(world: World, space: Workspace) -> None:
    disclosure = space.item("O2")
    admin = world.user("unit_admin")
    services.add_link(disclosure, admin, "https://example.go.th/o2")
    services.submit(disclosure, admin)
    services.check(disclosure, admin)
    client = client_for(world, "executive")
    queue = client.get(url("oit:approvals", world)).content.decode()
    assert "O2" in queue
    session = client.session
    session["openita_fiscal_year"] = 2568
    session.save()
    mine = client.get(reverse("oit:my_items")).content.decode()
    assert url("oit:item", world, "O2") in mine and url("oit:item", world, "O1") not in mine
    # Its checklist is not ticked: the executive is asked to confirm, and the confirmation is recorded.
    queue_url = url("oit:approvals", world)
    asked = client.post(url("oit:move", world, "O2", "approve"), {"next": queue_url})
    assert asked.status_code == 200
    assert 'name="confirm_incomplete"' in asked.content.decode()
    assert space.item("O2").status == Status.CHECKED
    done = client.post(
        url("oit:move", world, "O2", "approve"), {"next": queue_url, "confirm_incomplete": "1"}
    )
    assert done["Location"] == queue_url
    assert space.item("O2").status == Status.APPROVED
    from openita.audit.models import AuditEntry

    entry = AuditEntry.objects.get(message__startswith="approve_incomplete")
    assert entry.actor == world.user("executive")
    assert entry.changes["unticked"]


@time_machine.travel(BEFORE_DEADLINE, tick=False)
def test_an_item_with_a_complete_checklist_is_approved_without_asking(
    world: World, space: Workspace
) -> None:
    disclosure = space.item("O2")
    admin = world.user("unit_admin")
    services.add_link(disclosure, admin, "https://example.go.th/o2")
    for element in disclosure.elements.all():
        services.update_element(element, admin, self_checked=True, where_shown="หน้าแรก")
    services.submit(disclosure, admin)
    services.check(disclosure, admin)
    client = client_for(world, "executive")
    client.post(url("oit:move", world, "O2", "approve"))
    assert space.item("O2").status == Status.APPROVED


def test_scores_are_hidden_from_the_unit_until_released(world: World, space: Workspace) -> None:
    with time_machine.travel(SCORING_TIME, tick=False):
        services.lock_assessment(space.assessment, world.user("assessor"))
        for disclosure in Disclosure.objects.filter(assessment=space.assessment):
            services.score(
                disclosure, world.user("assessor"), score=Decimal(100), observation="ครบถ้วนดี"
            )
        unit_page = client_for(world, "unit_admin").get(url("oit:results", world))
        assert "ครบถ้วนดี" not in unit_page.content.decode()
        assessor = client_for(world, "assessor")
        assessor.post(url("oit:release", world))
        unit_page = client_for(world, "unit_admin").get(url("oit:results", world))
        assert "ครบถ้วนดี" in unit_page.content.decode()
        assert "100.00" in unit_page.content.decode()


def test_the_assessor_scores_with_the_keyboard_form_and_moves_to_the_next_item(
    world: World, space: Workspace
) -> None:
    with time_machine.travel(SCORING_TIME, tick=False):
        services.lock_assessment(space.assessment, world.user("assessor"))
        client = client_for(world, "assessor")
        desk = client.get(reverse("oit:desk")).content.decode()
        assert world.station.name_th in desk
        disclosure = space.item("O1")
        marks = {f"met_{element.pk}": "1" for element in disclosure.elements.all()}
        response = client.post(
            url("oit:score", world, "O1"), {**marks, "observation": "ดี", "next": "1"}
        )
        assert response["Location"] == url("oit:score", world, "O2")
        assert space.item("O1").score == Decimal("100.00")
        bad = client.post(url("oit:score", world, "O5"), {"score": "50"})
        assert bad.status_code == 200 and space.item("O5").status == Status.LOCKED


def test_the_unit_appeals_through_the_form_and_the_assessor_rescoring(
    world: World, space: Workspace
) -> None:
    with time_machine.travel(SCORING_TIME, tick=False) as clock:
        assessor = world.user("assessor")
        services.lock_assessment(space.assessment, assessor)
        for disclosure in Disclosure.objects.filter(assessment=space.assessment):
            services.score(disclosure, assessor, score=Decimal(0))
        services.release_scores(space.assessment, assessor)
        clock.move_to(APPEAL_TIME)
        client = client_for(world, "unit_admin")
        response = client.post(
            url("oit:appeal", world, "O4"),
            {"explanation": "เผยแพร่ครบแล้ว", "urls": "https://example.go.th/o4\n"},
        )
        assert response.status_code == 302
        assert space.item("O4").status == Status.APPEALED
        again = client.post(url("oit:appeal", world, "O4"), {"explanation": "อีกครั้ง"})
        assert again.status_code == 200 and "form" in again.context
        desk = client_for(world, "assessor").get(url("oit:desk_unit", world)).content.decode()
        assert url("oit:score", world, "O4") in desk
        client_for(world, "assessor").post(
            url("oit:score", world, "O4"), {"score": "100", "decision": "รับฟังได้"}
        )
        assert space.item("O4").score == Decimal("100.00")


def test_list_pages_do_not_grow_with_items(
    world: World, space: Workspace, django_assert_max_num_queries
) -> None:
    officer = world.user("officer")
    pages = {
        "unit_admin": [url("oit:board", world), url("oit:results", world)],
        "executive": [url("oit:approvals", world)],
        "assessor": [reverse("oit:desk"), url("oit:desk_unit", world)],
        "officer": [reverse("oit:my_items")],
    }
    clients = {persona: client_for(world, persona) for persona in pages}
    session = clients["officer"].session
    session["openita_fiscal_year"] = 2568
    session.save()
    session = clients["assessor"].session
    session["openita_fiscal_year"] = 2568
    session.save()
    services.assign(
        space.item("O1"),
        world.user("unit_admin"),
        responsible=[officer],
        reviewer=None,
        due_date=None,
    )
    limits = {}
    for persona, urls in pages.items():
        for page in urls:
            with CaptureQueriesContext(connection) as captured:
                assert clients[persona].get(page).status_code == 200
            limits[page] = len(captured)
    other = make_workspace(world.other_station)
    assert other.assessment.pk != space.assessment.pk
    extra = account_services.create_person(username="extra", first_name="x")
    account_services.grant_role(extra, world.station, "officer")
    for disclosure in Disclosure.objects.filter(assessment=space.assessment):
        services.assign(
            disclosure,
            world.user("unit_admin"),
            responsible=[officer, extra],
            reviewer=world.user("committee"),
            due_date=datetime.date(2025, 2, 1),
        )
        services.add_link(disclosure, officer, "https://example.go.th/x")
    for persona, urls in pages.items():
        for page in urls:
            with django_assert_max_num_queries(limits[page]):
                assert clients[persona].get(page).status_code == 200


def test_the_export_holds_the_assessors_items(world: World, space: Workspace) -> None:
    import openpyxl

    with time_machine.travel(SCORING_TIME, tick=False):
        services.lock_assessment(space.assessment, world.user("assessor"))
        client = client_for(world, "assessor")
        session = client.session
        session["openita_fiscal_year"] = 2568
        session.save()
        response = client.get(reverse("oit:export_scores"))
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][:2] == ("unit_code", "item_code")
    assert [row[1] for row in rows[1:]] == ["O1", "O2", "O3", "O4", "O5"]
    assert client_for(world, "officer").get(reverse("oit:export_scores")).status_code == 200
