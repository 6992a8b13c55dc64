"""The public board: nothing shows before approval, corruption reports are held back and offered the complaint
channel, a source sends at most 5 posts a minute, posts are text, the statistics are the real counts."""

from __future__ import annotations

import datetime
import re
import statistics
from typing import Any

import pytest
from django.test import Client

from openita.complaints.models import Case, Kind
from openita.conftest import World
from openita.participation import routing, services, sources
from openita.participation.models import Post, PostKind, PostState, SourceBlock, SourceHit
from openita.participation.tests.factories import make_post

pytestmark = pytest.mark.usefixtures("on_a_fixed_day")


def _board(world: World) -> str:
    return f"/p/{world.station.code}/qa/"


def _ask(client: Client, world: World, body: str, **extra: object) -> Any:
    data = {"kind": "question", "body": body, "agree": "on", **extra}
    return client.post(_board(world), data)


def test_a_post_is_not_shown_before_it_is_approved(world: World) -> None:
    client = Client()
    response = _ask(client, world, "ขอทราบเวลาทำการวันหยุด", name="สมชาย", contact="08x")
    assert response.status_code == 200
    assert "ได้รับข้อความของท่านแล้ว".encode() in response.content
    post = Post.objects.get()
    assert (post.state, post.received_on) == (PostState.PENDING, datetime.date(2026, 11, 20))
    assert post.answer_by == datetime.date(2026, 12, 5)  # the default 15 days
    assert "ขอทราบเวลาทำการวันหยุด".encode() not in client.get(_board(world)).content

    services.moderate(post, publish=True, by=world.user("officer"))
    page = client.get(_board(world)).content.decode()
    assert "ขอทราบเวลาทำการวันหยุด" in page and "สมชาย" in page
    assert "08x" not in page  # the contact is never shown


def test_a_rejected_post_is_never_shown(world: World) -> None:
    post = make_post(world.station, "ข้อความหยาบคาย")
    services.moderate(post, publish=False, by=world.user("officer"))
    assert "ข้อความหยาบคาย".encode() not in Client().get(_board(world)).content


def test_nothing_about_the_sender_is_kept_but_what_they_wrote(world: World) -> None:
    _ask(Client(REMOTE_ADDR="203.0.113.9"), world, "คำถาม", name="", contact="")
    row = Post.objects.values().get()
    assert "203.0.113.9" not in str(row)
    assert row["source_key"] == sources.key_of("203.0.113.9")
    assert not any(isinstance(value, datetime.datetime) for value in row.values())


@pytest.mark.parametrize(
    "body",
    ["ตำรวจเรียกเงินใต้โต๊ะ 500 บาทตอนทำใบขับขี่", "An officer asked for a BRIBE at the checkpoint"],
)
def test_bribery_words_hold_the_post_back_and_offer_the_complaint_channel(
    world: World, body: str
) -> None:
    response = _ask(Client(), world, body)
    assert response.status_code == 200
    assert b'data-testid="complaint-offer"' in response.content
    assert f"/c/{world.station.code}/".encode() in response.content
    assert not Post.objects.exists()  # never stored here, never published


def test_the_sender_may_mark_a_post_as_a_corruption_report(world: World) -> None:
    response = _ask(Client(), world, "เรื่องที่อยากแจ้งเป็นความลับ", corruption="on")
    assert b'data-testid="complaint-offer"' in response.content
    assert not Post.objects.exists()


def test_with_consent_the_held_post_becomes_a_confidential_complaint(world: World) -> None:
    url = f"/p/{world.station.code}/qa/complaint/"
    refused = Client().post(url, {"body": "เรียกรับเงิน", "name": "", "contact": ""})
    assert refused.status_code == 400 and not Case.objects.exists()  # no consent, no complaint
    response = Client().post(url, {"body": "เรียกรับเงิน", "name": "", "contact": "", "consent": "on"})
    assert response.status_code == 200
    assert re.search(rb'data-value="(\d{16})"', response.content)
    case = Case.objects.get()
    assert (case.unit, case.kind) == (world.station, Kind.CORRUPTION)
    assert not Post.objects.exists()


def test_the_phrases_are_data() -> None:
    version, phrases = routing.load_phrases()
    assert version and "สินบน" in phrases and "underthetable" in phrases
    assert routing.looks_like_corruption("มีการจ่าย ใต้ โต๊ะ")
    assert not routing.looks_like_corruption("สถานีเปิดกี่โมง")


def test_of_100_posts_in_a_minute_from_one_source_at_most_5_are_accepted(world: World) -> None:
    statuses = [
        services.submit_post(
            world.station, kind=PostKind.QUESTION, body=f"คำถามที่ {n}", address="198.51.100.7"
        ).outcome
        for n in range(100)
    ]
    assert Post.objects.count() == 5
    assert statuses.count(services.Outcome.LIMITED) == 95
    other = services.submit_post(
        world.station, kind=PostKind.QUESTION, body="อีกคน", address="198.51.100.8"
    )
    assert other.outcome == services.Outcome.RECEIVED  # another source is not limited


def test_the_rate_limit_through_the_page(world: World) -> None:
    client = Client(REMOTE_ADDR="198.51.100.9")
    codes = [_ask(client, world, f"ถาม {n}").status_code for n in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert Post.objects.count() == 5


def test_the_limit_frees_the_source_after_a_minute(world: World, time_machine: object) -> None:
    for n in range(6):
        services.submit_post(world.station, kind="question", body=f"ถาม {n}", address="x")
    assert Post.objects.count() == 5
    SourceHit.objects.update(at=SourceHit.objects.first().at - datetime.timedelta(minutes=3))  # type: ignore[union-attr]
    services.submit_post(world.station, kind="question", body="ถามอีก", address="x")
    assert Post.objects.count() == 6


def test_the_honeypot_keeps_nothing(world: World) -> None:
    response = _ask(Client(), world, "spam", website="http://spam.example")
    assert response.status_code == 200 and not Post.objects.exists()


def test_length_limits(world: World) -> None:
    response = _ask(Client(), world, "ก" * 2001)
    assert response.status_code == 200 and not Post.objects.exists()
    assert b'role="alert"' in response.content


def test_script_tags_are_shown_as_text(world: World) -> None:
    body = '<script>alert("x")</script><b>bold</b>'
    post = make_post(world.station, body, state=PostState.PUBLISHED, name="<img src=x onerror=1>")
    page = Client().get(_board(world)).content.decode()
    assert "<script>alert" not in page and "<b>bold</b>" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;" in page
    staff = Client()
    staff.force_login(world.user("officer"))
    detail = staff.get(f"/qa/{world.station.code}/{post.pk}/").content.decode()
    assert "<script>alert" not in detail and "&lt;script&gt;" in detail


def test_a_blocked_source_is_refused_for_the_time_of_the_block(world: World) -> None:
    services.submit_post(world.station, kind="question", body="หยาบคาย", address="192.0.2.1")
    post = Post.objects.get()
    services.block_source(post, days=60, by=world.user("officer"))
    block = SourceBlock.objects.get()
    assert block.until == datetime.date(2026, 11, 20) + datetime.timedelta(days=30)  # 30 at most
    post.refresh_from_db()
    assert post.state == PostState.REJECTED
    again = services.submit_post(world.station, kind="question", body="อีก", address="192.0.2.1")
    assert again.outcome == services.Outcome.BLOCKED
    assert (
        services.submit_post(
            world.other_station, kind="question", body="ที่อื่น", address="192.0.2.1"
        ).outcome
        == services.Outcome.RECEIVED
    )


def test_source_hashes_are_forgotten_after_30_days(world: World) -> None:
    old = make_post(world.station, received_on=datetime.date(2026, 10, 1))
    new = make_post(world.station, received_on=datetime.date(2026, 11, 1))
    services.forget_sources(datetime.date(2026, 11, 20))
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.source_key, bool(new.source_key)) == ("", True)


def test_the_hash_key_changes_with_the_period() -> None:
    day = datetime.date(2026, 11, 20)
    later = day + datetime.timedelta(days=sources.KEEP_DAYS)
    assert sources.key_of("192.0.2.1", day) != sources.key_of("192.0.2.1", later)
    assert sources.key_of("192.0.2.1", day) in sources.keys_of("192.0.2.1", day)


def test_the_statistics_equal_a_direct_count(world: World) -> None:
    station, year = world.station, 2569
    first = datetime.date(2025, 10, 3)
    answered_after = [2, 5, 9, 30]
    for days in answered_after:
        make_post(
            station,
            state=PostState.PUBLISHED,
            received_on=first,
            answered_on=first + datetime.timedelta(days=days),
        )
    make_post(station, state=PostState.PUBLISHED, received_on=first)  # not answered
    make_post(station, state=PostState.PENDING, received_on=first)  # not published
    make_post(station, state=PostState.PUBLISHED, kind=PostKind.COMMENT, received_on=first)
    make_post(station, state=PostState.PUBLISHED, received_on=datetime.date(2025, 9, 30))  # 2568
    figures = services.year_statistics(station, year)

    rows = Post.objects.filter(
        unit=station,
        state=PostState.PUBLISHED,
        kind=PostKind.QUESTION,
        received_on__gte=datetime.date(2025, 10, 1),
        received_on__lte=datetime.date(2026, 9, 30),
    )
    answered = [p for p in rows if p.answer_official and p.answered_on]
    assert figures.questions == rows.count() == 5
    assert figures.answered == len(answered) == 4
    assert figures.answered_percent == 80
    waited = [(p.answered_on - p.received_on).days for p in answered if p.answered_on]
    assert figures.median_days == statistics.median(waited) == 7
    page = Client().get(_board(world)).content.decode()
    row = re.search(r'data-testid="stats-2569">(.*?)</tr>', page, re.S)
    assert row is not None
    assert (
        "<td>5</td>" in row.group(1) and "4 (80%)" in row.group(1) and "<td>7</td>" in row.group(1)
    )


def test_the_board_in_english_shows_no_thai(world: World) -> None:
    client = Client()
    client.cookies["django_language"] = "en"
    page = client.get(_board(world), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "House rules" in page


def test_the_board_answers_in_a_fixed_number_of_queries(
    world: World, django_assert_max_num_queries: object
) -> None:
    for n in range(5):
        make_post(world.station, f"คำถาม {n}", state=PostState.PUBLISHED)
    client = Client()
    client.get(_board(world))
    with django_assert_max_num_queries(8):  # type: ignore[operator]
        client.get(_board(world))


def test_the_complaint_offer_is_rate_limited_too(world: World) -> None:
    url = f"/p/{world.station.code}/qa/complaint/"
    data = {"body": "เรียกรับเงิน", "name": "", "contact": "", "consent": "on"}
    client = Client(REMOTE_ADDR="198.51.100.20")
    codes = [client.post(url, data).status_code for _n in range(7)]
    assert codes == [200] * 5 + [429] * 2
    assert Case.objects.count() == 5


def test_the_daily_command_forgets_old_sources(world: World) -> None:
    from io import StringIO

    from django.core.management import call_command

    old = make_post(world.station, received_on=datetime.date(2026, 10, 1))
    out = StringIO()
    call_command("participation", "daily", "--now", stdout=out)
    old.refresh_from_db()
    assert old.source_key == "" and "1 source hashes emptied" in out.getvalue()
