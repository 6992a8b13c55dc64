"""The staff's side of the board: moderating, assigning, answering by the deadline, the FAQ, the settings, the
desk."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from openita.accounts import desk as desk_registry
from openita.accounts.desk import DeskQuery
from openita.accounts.models import Role
from openita.accounts.services import grant_role
from openita.audit.models import AuditEntry
from openita.conftest import World, client_for
from openita.participation import desk, services
from openita.participation.models import Post, PostState
from openita.participation.tests.factories import make_post

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
TODAY = datetime.date(2026, 11, 20)


def test_an_officer_moderates_answers_and_publishes_a_faq(world: World) -> None:
    post = make_post(world.station, "เปิดวันเสาร์ไหม")
    officer = client_for(world, "officer")
    base = f"/qa/{world.station.code}/{post.pk}/"
    assert "เปิดวันเสาร์ไหม" in officer.get(f"/qa/{world.station.code}/").content.decode()
    officer.post(base + "moderate/", {"decision": "publish"})
    officer.post(base + "answer/", {"answer": "เปิดทุกวัน", "official": ""})
    post.refresh_from_db()
    assert (post.state, post.answer, post.is_answered) == (PostState.PUBLISHED, "เปิดทุกวัน", False)
    board = Client().get(f"/p/{world.station.code}/qa/").content.decode()
    assert "เปิดวันเสาร์ไหม" in board and "เปิดทุกวัน" not in board  # a draft is not shown
    officer.post(base + "answer/", {"answer": "เปิดทุกวัน", "official": "on"})
    officer.post(base + "faq/", {"faq": "1"})
    post.refresh_from_db()
    assert (post.answered_on, post.faq, post.answered_by) == (TODAY, True, world.user("officer"))
    board = Client().get(f"/p/{world.station.code}/qa/").content.decode()
    assert "เปิดทุกวัน" in board and "คำถามที่พบบ่อย" in board
    messages = set(
        AuditEntry.objects.filter(object_id=str(post.pk)).values_list("message", flat=True)
    )
    assert {"published", "answer drafted", "official answer", "in the FAQ"} <= messages


def test_an_official_answer_needs_words(world: World) -> None:
    post = make_post(world.station, state=PostState.PUBLISHED)
    with pytest.raises(ValidationError):
        services.answer(post, text=" ", official=True, by=world.user("officer"))


def test_only_an_answered_published_post_goes_in_the_faq(world: World) -> None:
    post = make_post(world.station)
    with pytest.raises(ValidationError):
        services.set_faq(post, faq=True, by=world.user("officer"))


def test_assign_to_a_person_or_a_line_of_work(world: World) -> None:
    post = make_post(world.station)
    services.assign(
        post, person=world.user("officer"), line=world.patrol, by=world.user("unit_admin")
    )
    post.refresh_from_db()
    assert (post.assigned_to, post.assigned_line) == (world.user("officer"), world.patrol)
    with pytest.raises(ValidationError):
        services.assign(post, person=world.user("outsider"), line=None, by=world.user("unit_admin"))


def test_people_without_the_right_are_refused_by_the_services(world: World) -> None:
    post = make_post(world.station)
    with pytest.raises(PermissionDenied):
        services.moderate(post, publish=True, by=world.user("executive"))
    with pytest.raises(PermissionDenied):
        services.save_settings(world.station, answer_days=5, by=world.user("officer"))


def test_the_deadline_follows_the_unit_setting(world: World) -> None:
    services.save_settings(world.station, answer_days=7, by=world.user("unit_admin"))
    sent = services.submit_post(world.station, kind="question", body="ถาม", address="x")
    assert sent.post is not None and sent.post.answer_by == TODAY + datetime.timedelta(days=7)
    with pytest.raises(ValidationError):
        services.save_settings(world.station, answer_days=0, by=world.user("unit_admin"))


def test_the_queue_lists_overdue_questions_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(6):
        make_post(world.station, f"ถาม {n}", received_on=TODAY - datetime.timedelta(days=20 + n))
    officer = client_for(world, "officer")
    url = f"/qa/{world.station.code}/?state=waiting"
    officer.get(url)
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        page = officer.get(url).content.decode()
    assert page.count("text-danger fw-bold") == 6


def test_the_desk_shows_what_waits(world: World) -> None:
    pending = make_post(world.station, "รอตรวจ")
    assigned = make_post(world.station, "รอตอบ", state=PostState.PUBLISHED)
    services.assign(assigned, person=world.user("officer"), line=None, by=world.user("unit_admin"))
    grant_role(world.user("committee"), world.station, Role.OFFICER)

    def waiting_for(persona: str) -> list[str]:
        user = world.user(persona)
        memberships = [(m.unit_id, m.role) for m in user.memberships.all()]
        units = [m.unit for m in user.memberships.select_related("unit")]
        query = DeskQuery(user, 2570, TODAY, units, memberships)
        return [item.title for item in desk.waiting(query)]

    assert waiting_for("unit_admin") == ["รอตรวจ"]  # the assigned one is the officer's
    assert waiting_for("officer") == ["รอตอบ"]
    assert waiting_for("committee") == []
    assert desk.waiting in desk_registry._waiting
    assert Post.objects.filter(pk=pending.pk).exists()


def test_settings_page(world: World) -> None:
    admin = client_for(world, "unit_admin")
    assert admin.get(f"/qa/{world.station.code}/settings/").status_code == 200
    admin.post(f"/qa/{world.station.code}/settings/", {"answer_days": "10"})
    assert services.settings_for(world.station).answer_days == 10


def test_posts_are_assigned_to_people_who_do_the_units_work(world: World) -> None:
    post = make_post(world.station)
    page = client_for(world, "unit_admin").get(f"/qa/{world.station.code}/{post.pk}/")
    choices = page.context["assign_form"].fields["person"].queryset
    assert world.user("officer") in choices and world.user("executive") not in choices
