"""The demo's board and records, on a small world (not the whole demo): every state, two published records."""

from __future__ import annotations

import datetime

import pytest

from openita.accounts.models import Role
from openita.accounts.services import grant_role
from openita.conftest import World
from openita.demo.participation import STATION, load_participation
from openita.participation.models import ParticipationRecord, Post, PostState
from openita.units import services as unit_services


@pytest.mark.usefixtures("on_a_fixed_day")
def test_the_demo_has_posts_in_every_state_and_two_records(world: World) -> None:
    unit = unit_services.create_unit(code=STATION, name_th="สถานีตัวอย่าง", unit_type="police_station")
    for persona, role in (
        ("unit_admin", Role.UNIT_ADMIN),
        ("executive", Role.EXECUTIVE),
        ("officer", Role.OFFICER),
    ):
        grant_role(world.user(persona), unit, role)
    today = datetime.date(2026, 11, 20)
    load_participation(today)
    load_participation(today)  # made once
    posts = Post.objects.filter(unit=unit)
    assert {post.state for post in posts} == set(PostState.values)
    assert posts.filter(faq=True).exists()
    assert posts.filter(answer_official=False).exclude(answer="").exists()  # a draft answer
    assert posts.filter(
        state=PostState.PUBLISHED, answered_on__isnull=True, answer_by__lt=today
    ).exists()
    assert posts.filter(assigned_to=world.user("officer")).exists()
    records = ParticipationRecord.objects.filter(unit=unit, fiscal_year=2569)
    assert records.count() == 2 and all(item.is_published for item in records)
    assert records.filter(photos__isnull=False).exists()
