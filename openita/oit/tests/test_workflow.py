"""The OIT workflow: every move, who may make it, refusals out of order, appeals and deadlines."""

import datetime
from collections.abc import Iterator
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from openita.audit.models import AuditAction, AuditEntry
from openita.conftest import World
from openita.oit import services
from openita.oit.models import Appeal, Disclosure, OitScoreSummary, Status
from openita.oit.tests.factories import (
    Workspace,
    make_workspace,
    oit_final_item_scores,
    oit_indicator_scores,
    oit_item_scores,
)
from openita_testing.replayed_rows import RowReplay

BANGKOK = ZoneInfo("Asia/Bangkok")
BEFORE_DEADLINE = datetime.datetime(2025, 3, 1, 10, tzinfo=BANGKOK)
SCORING_TIME = datetime.datetime(2025, 5, 20, 10, tzinfo=BANGKOK)
BEFORE_APPEALS = datetime.datetime(2025, 6, 10, 10, tzinfo=BANGKOK)
APPEAL_TIME = datetime.datetime(2025, 6, 25, 10, tzinfo=BANGKOK)
AFTER_APPEALS = datetime.datetime(2025, 7, 5, 10, tzinfo=BANGKOK)


@pytest.fixture
def clock() -> Iterator[time_machine.Traveller]:
    with time_machine.travel(BEFORE_DEADLINE, tick=False) as traveller:
        yield traveller


_spaces = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def space(world: World, clock: time_machine.Traveller) -> Workspace:
    return _spaces.made(lambda: make_workspace(world.station))


def assigned(world: World, space: Workspace, code: str = "O1") -> Disclosure:
    disclosure = space.item(code)
    services.assign(
        disclosure,
        world.user("unit_admin"),
        responsible=[world.user("officer")],
        reviewer=world.user("committee"),
        due_date=datetime.date(2025, 2, 15),
    )
    return disclosure


def approved(world: World, space: Workspace, code: str = "O1") -> Disclosure:
    disclosure = assigned(world, space, code)
    services.add_link(disclosure, world.user("officer"), "https://station.example.go.th/oit/1")
    services.submit(disclosure, world.user("officer"))
    services.check(disclosure, world.user("committee"))
    services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    return disclosure


def score_all(world: World, space: Workspace, clock: time_machine.Traveller) -> None:
    """Every item locked (after the deadline) and scored: O1 passes, the others fail."""
    clock.move_to(SCORING_TIME)
    assessor = world.user("assessor")
    services.lock_assessment(space.assessment, assessor)
    for disclosure in Disclosure.objects.filter(assessment=space.assessment):
        passes = disclosure.item.code == "O1"
        services.score(
            disclosure, assessor, score=Decimal(100 if passes else 0), observation="ตรวจแล้ว"
        )


def statuses(space: Workspace) -> dict[str, str]:
    return dict(
        Disclosure.objects.filter(assessment=space.assessment).values_list("item__code", "status")
    )


# ---------------------------------------------------------------------------------------------
# Workspace and assignment


def test_the_workspace_has_every_item_of_the_framework_with_its_checklist(space: Workspace) -> None:
    items = Disclosure.objects.filter(assessment=space.assessment).order_by("position")
    assert [d.item.code for d in items] == ["O1", "O2", "O3", "O4", "O5"]
    assert [d.elements.count() for d in items] == [2, 3, 4, 2, 0]
    assert space.item("O2").item.formats == ["pdf", "xlsx|docx"]
    assert all(d.status == Status.DRAFT for d in items)
    assert services.ensure_workspace(space.assessment) == 0  # idempotent


def test_the_deadlines_default_from_the_fiscal_year(space: Workspace) -> None:
    deadlines = services.deadlines_of(space.assessment)
    assert deadlines.submission_deadline == datetime.date(2025, 4, 30)
    assert (deadlines.appeal_opens, deadlines.appeal_closes) == (
        datetime.date(2025, 6, 20),
        datetime.date(2025, 6, 30),
    )


def test_only_the_unit_admin_opens_the_workspace(world: World, clock) -> None:
    from openita.oit.tests.factories import make_version

    make_version()
    with pytest.raises(PermissionDenied):
        services.open_workspace(world.station, 2568, world.user("officer"))
    assessment = services.open_workspace(world.station, 2568, world.user("unit_admin"))
    assert Disclosure.objects.filter(assessment=assessment).count() == 5


def test_the_unit_admin_assigns_officers_a_reviewer_and_a_due_date(
    world: World, space: Workspace
) -> None:
    disclosure = space.item("O2")
    services.assign(
        disclosure,
        world.user("unit_admin"),
        responsible=[world.user("officer"), world.user("committee")],
        reviewer=world.user("executive"),
        due_date=datetime.date(2025, 1, 31),
    )
    disclosure.refresh_from_db()
    assert set(disclosure.responsible.all()) == {world.user("officer"), world.user("committee")}
    assert disclosure.reviewer == world.user("executive")
    event = AuditEntry.objects.for_object(disclosure).filter(action=AuditAction.EVENT).get()
    assert "Assigned" in event.message


def test_officers_cannot_assign_and_outsiders_cannot_be_assigned(
    world: World, space: Workspace
) -> None:
    disclosure = space.item("O1")
    with pytest.raises(PermissionDenied):
        services.assign(
            disclosure, world.user("officer"), responsible=[], reviewer=None, due_date=None
        )
    with pytest.raises(ValidationError):
        services.assign(
            disclosure,
            world.user("unit_admin"),
            responsible=[world.user("outsider")],
            reviewer=None,
            due_date=None,
        )
    with pytest.raises(ValidationError):  # an assessor cannot review the unit's own work
        services.assign(
            disclosure,
            world.user("unit_admin"),
            responsible=[],
            reviewer=world.user("assessor"),
            due_date=None,
        )


def test_an_item_is_overdue_when_its_due_date_passed_in_draft(
    world: World, space: Workspace
) -> None:
    disclosure = assigned(world, space)
    assert disclosure.is_overdue()  # due 15 Feb, today 1 Mar
    assert list(Disclosure.objects.filter(assessment=space.assessment).overdue()) == [disclosure]
    services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    services.submit(disclosure, world.user("officer"))
    assert not disclosure.is_overdue()


# ---------------------------------------------------------------------------------------------
# The unit's moves


def test_only_a_responsible_officer_or_the_unit_admin_enters_evidence(
    world: World, space: Workspace
) -> None:
    disclosure = space.item("O1")
    with pytest.raises(PermissionDenied):
        services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    services.add_link(disclosure, world.user("unit_admin"), "https://example.go.th/a")
    disclosure = assigned(world, space)
    services.add_link(disclosure, world.user("officer"), "https://example.go.th/b")
    with pytest.raises(PermissionDenied):
        services.add_link(disclosure, world.user("executive"), "https://example.go.th/c")
    with pytest.raises(PermissionDenied):
        services.add_link(disclosure, world.user("assessor"), "https://example.go.th/c")
    assert disclosure.evidence.count() == 2


def test_a_link_must_be_a_web_address(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    for bad in ("not a url", "ftp://example.go.th/file.pdf", "javascript:alert(1)"):
        with pytest.raises(ValidationError):
            services.add_link(disclosure, world.user("officer"), bad)


def test_the_self_check_and_where_shown_are_kept_per_element(
    world: World, space: Workspace
) -> None:
    disclosure = assigned(world, space)
    element = disclosure.elements.first()
    assert element is not None
    services.update_element(
        element, world.user("officer"), self_checked=True, where_shown="หน้าแรก > เกี่ยวกับเรา"
    )
    element.refresh_from_db()
    assert element.self_checked and element.where_shown == "หน้าแรก > เกี่ยวกับเรา"
    entry = AuditEntry.objects.for_object(element).get(action=AuditAction.UPDATE)
    assert entry.changes["self_checked"] == [False, True]
    assert entry.actor is None or entry.actor == world.user("officer")


def test_submitting_needs_evidence(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    with pytest.raises(services.TransitionRefused):
        services.submit(disclosure, world.user("officer"))
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.DRAFT


def test_the_whole_unit_side_in_order(world: World, space: Workspace) -> None:
    disclosure = approved(world, space)
    assert disclosure.status == Status.APPROVED
    events = AuditEntry.objects.for_object(disclosure).filter(action=AuditAction.EVENT)
    moves = [
        entry.changes.get("status")
        for entry in events.order_by("pk")
        if entry.changes.get("status")
    ]
    assert moves == [["draft", "submitted"], ["submitted", "checked"], ["checked", "approved"]]
    assert {entry.actor for entry in events} >= {
        world.user("officer"),
        world.user("committee"),
        world.user("executive"),
    }


def test_each_unit_move_refuses_the_wrong_person(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    for persona in ("executive", "assessor", "oversight", "outsider"):
        with pytest.raises(PermissionDenied):
            services.submit(disclosure, world.user(persona))
    services.submit(disclosure, world.user("officer"))
    for persona in ("officer", "executive", "assessor", "outsider"):
        with pytest.raises(PermissionDenied):
            services.check(disclosure, world.user(persona))
    services.check(disclosure, world.user("unit_admin"))
    for persona in ("officer", "unit_admin", "committee", "assessor", "parent_admin"):
        with pytest.raises(PermissionDenied):
            services.approve(disclosure, world.user(persona))
    services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    for persona in ("officer", "committee", "oversight"):
        with pytest.raises(PermissionDenied):
            services.lock(disclosure, world.user(persona))
    services.lock(disclosure, world.user("unit_admin"))
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.LOCKED


def test_moves_out_of_order_are_refused_with_the_reason(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    with translation.override("en"), pytest.raises(services.TransitionRefused) as refused:
        services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    assert "O1" in refused.value.messages[0]
    assert "Draft" in refused.value.messages[0] and "Checked" in refused.value.messages[0]
    with pytest.raises(services.TransitionRefused):
        services.check(disclosure, world.user("unit_admin"))
    with pytest.raises(services.TransitionRefused):
        services.lock(disclosure, world.user("unit_admin"))
    with pytest.raises(services.TransitionRefused):
        services.score(disclosure, world.user("assessor"), score=Decimal(100))
    with pytest.raises(services.TransitionRefused):
        services.finalize(disclosure, world.user("assessor"))
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.DRAFT
    assert not AuditEntry.objects.for_object(disclosure).filter(changes__has_key="status").exists()


def test_evidence_cannot_change_once_submitted(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    evidence = services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    services.submit(disclosure, world.user("officer"))
    with pytest.raises(services.TransitionRefused):
        services.add_link(disclosure, world.user("officer"), "https://example.go.th/b")
    with pytest.raises(services.TransitionRefused):
        services.remove_evidence(evidence, world.user("officer"))


def test_sending_back_needs_a_comment_and_returns_the_item_to_draft(
    world: World, space: Workspace
) -> None:
    disclosure = assigned(world, space)
    services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    services.submit(disclosure, world.user("officer"))
    with pytest.raises(ValidationError):
        services.send_back(disclosure, world.user("unit_admin"), "  ")
    services.send_back(disclosure, world.user("unit_admin"), "ขาดรูปถ่ายผู้บริหาร")
    disclosure.refresh_from_db()
    assert disclosure.status == Status.DRAFT
    assert disclosure.sent_back_comment == "ขาดรูปถ่ายผู้บริหาร"
    services.submit(disclosure, world.user("officer"))
    services.check(disclosure, world.user("unit_admin"))
    with pytest.raises(PermissionDenied):  # from checked only the executive sends back
        services.send_back(disclosure, world.user("unit_admin"), "x")
    services.send_back(disclosure, world.user("executive"), "แก้ไขลิงก์")
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.DRAFT


# ---------------------------------------------------------------------------------------------
# Lock and score


def test_the_assessor_locks_unfinished_items_only_after_the_submission_deadline(
    world: World, space: Workspace, clock: time_machine.Traveller
) -> None:
    approved(world, space, "O1")
    assessor = world.user("assessor")
    assert services.lock_assessment(space.assessment, assessor) == 1  # only the approved one
    assert statuses(space)["O2"] == Status.DRAFT
    with pytest.raises(services.TransitionRefused):
        services.lock(space.item("O2"), assessor)
    clock.move_to(SCORING_TIME)
    assert services.lock_assessment(space.assessment, assessor) == 4
    assert set(statuses(space).values()) == {Status.LOCKED}


def test_the_unit_cannot_lock_items_that_are_not_approved(
    world: World, space: Workspace, clock
) -> None:
    clock.move_to(SCORING_TIME)
    with pytest.raises(services.TransitionRefused):
        services.lock(space.item("O2"), world.user("unit_admin"))


def test_scoring_pass_fail_from_elements(world: World, space: Workspace) -> None:
    disclosure = approved(world, space, "O2")
    services.lock(disclosure, world.user("executive"))
    elements = list(disclosure.elements.all())
    with pytest.raises(ValidationError):  # every element must be marked
        services.score(disclosure, world.user("assessor"), elements_met={elements[0].pk: True})
    marks = {element.pk: True for element in elements}
    marks[elements[2].pk] = False
    services.score(disclosure, world.user("assessor"), elements_met=marks, observation="ขาด Excel")
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.score) == (Status.SCORED, Decimal("0.00"))
    assert [e.met for e in disclosure.elements.all()] == [True, True, False]
    marks[elements[2].pk] = True  # before release the assessor may change a score
    services.score(disclosure, world.user("assessor"), elements_met=marks)
    disclosure.refresh_from_db()
    assert disclosure.score == Decimal("100.00")


def test_scoring_pro_rata_from_elements(world: World, space: Workspace) -> None:
    disclosure = approved(world, space, "O3")
    services.lock(disclosure, world.user("unit_admin"))
    elements = list(disclosure.elements.all())
    marks = {element.pk: index != 0 for index, element in enumerate(elements)}
    services.score(disclosure, world.user("assessor"), elements_met=marks)
    disclosure.refresh_from_db()
    assert disclosure.score == Decimal("75.00")


def test_a_given_score_must_fit_the_scoring_mode(world: World, space: Workspace) -> None:
    disclosure = approved(world, space, "O5")  # no elements: the score is given
    services.lock(disclosure, world.user("unit_admin"))
    with pytest.raises(ValidationError):
        services.score(disclosure, world.user("assessor"))
    with pytest.raises(ValidationError):
        services.score(disclosure, world.user("assessor"), score=Decimal(50))
    with pytest.raises(ValidationError):
        services.score(disclosure, world.user("assessor"), score=Decimal(101))
    services.score(disclosure, world.user("assessor"), score=Decimal(100))


def test_only_the_assessor_scores(world: World, space: Workspace) -> None:
    disclosure = approved(world, space)
    services.lock(disclosure, world.user("unit_admin"))
    for persona in ("unit_admin", "executive", "officer", "oversight", "parent_admin", "outsider"):
        with pytest.raises(PermissionDenied):
            services.score(disclosure, world.user(persona), score=Decimal(100))
    services.score(disclosure, world.user("assessor"), score=Decimal(100))


def test_item_sub_indicator_and_indicator_scores_are_stored_as_means(
    world: World, space: Workspace, clock
) -> None:
    score_all(world, space, clock)
    # O1 100, O2 0 → 9.1 = 50; O3 0 → 9.2 = 0; indicator 9 = mean(100, 0, 0) = 33.33
    assert oit_item_scores(space.assessment) == {
        "O1": Decimal("100.00"),
        "O2": Decimal("0.00"),
        "O3": Decimal("0.00"),
        "O4": Decimal("0.00"),
        "O5": Decimal("0.00"),
    }
    assert oit_indicator_scores(space.assessment) == {9: Decimal("33.33"), 10: Decimal("0.00")}
    assert oit_final_item_scores(space.assessment) == {}


# ---------------------------------------------------------------------------------------------
# Release, appeal, re-score, final


def test_scores_are_released_only_when_every_item_is_scored(
    world: World, space: Workspace, clock
) -> None:
    clock.move_to(SCORING_TIME)
    services.lock_assessment(space.assessment, world.user("assessor"))
    with pytest.raises(services.TransitionRefused):
        services.release_scores(space.assessment, world.user("assessor"))
    assert not services.scores_visible_to(world.user("unit_admin"), space.assessment)
    assert services.scores_visible_to(world.user("assessor"), space.assessment)
    score_all(world, space, clock)
    with pytest.raises(PermissionDenied):
        services.release_scores(space.assessment, world.user("unit_admin"))
    services.release_scores(space.assessment, world.user("assessor"))
    assert services.scores_visible_to(world.user("unit_admin"), space.assessment)
    # the unit's result is computed again with the released scores (on the task queue)
    from openita.tasks.models import Job

    recompute = Job.objects.get(kind="scoring.recompute")
    assert (recompute.unit, recompute.arguments["args"]) == (
        space.assessment.unit,
        [space.assessment.fiscal_year, [space.assessment.unit_id]],
    )
    assert recompute.started_by == world.user("assessor")
    with pytest.raises(services.TransitionRefused):  # released scores change only by appeal
        services.score(space.item("O2"), world.user("assessor"), score=Decimal(100))


def test_an_appeal_is_accepted_once_inside_the_window(
    world: World, space: Workspace, clock
) -> None:
    score_all(world, space, clock)
    disclosure = space.item("O2")
    admin = world.user("unit_admin")
    with pytest.raises(services.TransitionRefused):  # not released yet
        services.file_appeal(disclosure, admin, explanation="เผยแพร่แล้ว")
    services.release_scores(space.assessment, world.user("assessor"))
    clock.move_to(BEFORE_APPEALS)
    with pytest.raises(services.TransitionRefused):
        services.file_appeal(disclosure, admin, explanation="เผยแพร่แล้ว")
    clock.move_to(APPEAL_TIME)
    with pytest.raises(ValidationError):
        services.file_appeal(disclosure, admin, explanation=" ")
    for persona in ("assessor", "oversight", "outsider", "officer"):
        with pytest.raises(PermissionDenied):
            services.file_appeal(disclosure, world.user(persona), explanation="x")
    appeal = services.file_appeal(
        disclosure,
        admin,
        explanation="ไฟล์ Excel อยู่ที่ลิงก์ใหม่",
        urls=["https://station.example.go.th/oit/o2.xlsx"],
    )
    assert appeal.score_before == Decimal("0.00")
    assert appeal.evidence.count() == 1
    assert Disclosure.objects.get(pk=disclosure.pk).status == Status.APPEALED
    with pytest.raises(services.TransitionRefused):
        services.file_appeal(disclosure, admin, explanation="อีกครั้ง")
    # Re-scored, it still cannot be appealed a second time.
    services.rescore(disclosure, world.user("assessor"), score=Decimal(0), decision="ยังไม่ครบ")
    with translation.override("en"), pytest.raises(services.TransitionRefused) as refused:
        services.file_appeal(disclosure, admin, explanation="อีกครั้ง")
    assert "only once" in refused.value.messages[0]
    assert Appeal.objects.filter(disclosure=disclosure).count() == 1


def test_no_appeal_after_the_window_closes(world: World, space: Workspace, clock) -> None:
    score_all(world, space, clock)
    services.release_scores(space.assessment, world.user("assessor"))
    clock.move_to(AFTER_APPEALS)
    with pytest.raises(services.TransitionRefused):
        services.file_appeal(space.item("O2"), world.user("executive"), explanation="ช้าไป")


def test_the_last_day_of_the_window_is_inside_it(world: World, space: Workspace, clock) -> None:
    score_all(world, space, clock)
    services.release_scores(space.assessment, world.user("assessor"))
    clock.move_to(datetime.datetime(2025, 6, 30, 23, 50, tzinfo=BANGKOK))
    services.file_appeal(space.item("O2"), world.user("executive"), explanation="ทันเวลา")


def test_rescore_needs_a_decision_and_the_assessor(world: World, space: Workspace, clock) -> None:
    score_all(world, space, clock)
    services.release_scores(space.assessment, world.user("assessor"))
    clock.move_to(APPEAL_TIME)
    disclosure = space.item("O2")
    with pytest.raises(services.TransitionRefused):  # nothing to re-score yet
        services.rescore(disclosure, world.user("assessor"), score=Decimal(100), decision="x")
    services.file_appeal(disclosure, world.user("unit_admin"), explanation="มีครบแล้ว")
    with pytest.raises(PermissionDenied):
        services.rescore(disclosure, world.user("unit_admin"), score=Decimal(100), decision="x")
    with pytest.raises(ValidationError):
        services.rescore(disclosure, world.user("assessor"), score=Decimal(100), decision="")
    services.rescore(
        disclosure,
        world.user("assessor"),
        score=Decimal(100),
        decision="พบข้อมูลครบ",
        observation="ผ่าน",
    )
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.score) == (Status.RESCORED, Decimal("100.00"))
    assert disclosure.appeal.decision == "พบข้อมูลครบ"
    assert oit_indicator_scores(space.assessment)[9] == Decimal("66.67")


def test_scored_items_become_final_only_after_the_appeal_window(
    world: World, space: Workspace, clock
) -> None:
    score_all(world, space, clock)
    assessor = world.user("assessor")
    with pytest.raises(services.TransitionRefused):  # not released
        services.finalize(space.item("O1"), assessor)
    services.release_scores(space.assessment, assessor)
    clock.move_to(APPEAL_TIME)
    services.file_appeal(space.item("O2"), world.user("unit_admin"), explanation="ขอชี้แจง")
    with pytest.raises(services.TransitionRefused):
        services.finalize(space.item("O1"), assessor)
    assert services.finalize_assessment(space.assessment, assessor) == 0
    services.rescore(space.item("O2"), assessor, score=Decimal(100), decision="ผ่าน")
    services.finalize(space.item("O2"), assessor)  # a re-scored item at once
    clock.move_to(AFTER_APPEALS)
    with pytest.raises(PermissionDenied):
        services.finalize_assessment(space.assessment, world.user("executive"))
    assert services.finalize_assessment(space.assessment, assessor) == 4
    assert set(statuses(space).values()) == {Status.FINAL}
    assert oit_final_item_scores(space.assessment)["O2"] == Decimal("100.00")
    summaries = OitScoreSummary.objects.filter(assessment=space.assessment, level="indicator")
    assert all(summary.is_final for summary in summaries)


def test_an_appealed_item_is_not_made_final_before_it_is_rescored(
    world: World, space: Workspace, clock
) -> None:
    score_all(world, space, clock)
    services.release_scores(space.assessment, world.user("assessor"))
    clock.move_to(APPEAL_TIME)
    services.file_appeal(space.item("O3"), world.user("unit_admin"), explanation="ขอชี้แจง")
    clock.move_to(AFTER_APPEALS)
    with pytest.raises(services.TransitionRefused):
        services.finalize(space.item("O3"), world.user("assessor"))


def test_deadlines_change_only_by_an_assessor_and_in_order(world: World, space: Workspace) -> None:
    dates = {
        "submission_deadline": datetime.date(2025, 5, 15),
        "appeal_opens": datetime.date(2025, 6, 1),
        "appeal_closes": datetime.date(2025, 6, 10),
    }
    with pytest.raises(PermissionDenied):
        services.update_deadlines(space.assessment, world.user("unit_admin"), **dates)
    services.update_deadlines(space.assessment, world.user("assessor"), **dates)
    assert services.deadlines_of(space.assessment).appeal_closes == datetime.date(2025, 6, 10)
    with pytest.raises(ValidationError):
        services.update_deadlines(
            space.assessment,
            world.user("assessor"),
            **{**dates, "appeal_closes": datetime.date(2025, 5, 1)},
        )


def test_available_actions_follow_the_state_and_the_person(world: World, space: Workspace) -> None:
    disclosure = assigned(world, space)
    assert services.available_actions(disclosure, world.user("officer")) == ["submit"]
    assert services.available_actions(disclosure, world.user("executive")) == []
    services.add_link(disclosure, world.user("officer"), "https://example.go.th/a")
    services.submit(disclosure, world.user("officer"))
    assert services.available_actions(disclosure, world.user("committee")) == ["check", "send_back"]
    services.check(disclosure, world.user("committee"))
    assert services.available_actions(disclosure, world.user("executive")) == [
        "approve",
        "send_back",
    ]
    services.approve(disclosure, world.user("executive"), confirm_incomplete=True)
    assert "lock" in services.available_actions(disclosure, world.user("unit_admin"))
    services.lock(disclosure, world.user("unit_admin"))
    assert services.available_actions(disclosure, world.user("assessor")) == ["score"]
    assert services.available_actions(disclosure, world.user("unit_admin")) == []


def test_summaries_deferred_refresh_once_at_the_end_with_the_same_means(
    world: World, space: Workspace, clock
) -> None:
    from openita.oit.scoring import summaries_deferred

    for code in ("O1", "O2"):
        approved(world, space, code)
    clock.move_to(SCORING_TIME)
    assessor = world.user("assessor")
    services.lock_assessment(space.assessment, assessor)
    summaries = OitScoreSummary.objects.filter(assessment=space.assessment, level="indicator")
    before = {s.code: s.scored_items for s in summaries}
    with summaries_deferred():
        for disclosure in Disclosure.objects.filter(assessment=space.assessment):
            services.score(disclosure, assessor, score=Decimal(100), observation="ตรวจแล้ว")
        assert {s.code: s.scored_items for s in summaries.all()} == before  # not yet
    after = {s.code: (s.scored_items, s.items) for s in summaries.all()}
    assert after and all(scored == items for scored, items in after.values())
