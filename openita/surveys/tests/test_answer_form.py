"""The public form at /s/<code>: no login, one indicator per screen, stored once, clear refusals."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone, translation

from openita.conftest import World, client_for
from openita.surveys import services
from openita.surveys.models import Campaign, PersonalLinkToken, SurveyResponse
from openita.surveys.questionnaire import questionnaire_for
from openita.surveys.tests.answering import answer_all, hidden_fields
from openita.surveys.tests.conftest import flush, full_answers


def answer_rows():
    """The stored answers, those still waiting in the intake moved first."""
    for campaign in Campaign.objects.all():
        flush(campaign)
    return SurveyResponse.objects


def link(code: str) -> str:
    return f"/s/{code}/"


def test_a_respondent_answers_every_screen_and_is_thanked(iit: Campaign) -> None:
    response = answer_all(Client(), iit, link(iit.code))
    assert response.status_code == 200
    assert "ได้รับคำตอบของท่านแล้ว" in response.content.decode()
    stored = answer_rows().get()
    assert stored.answers == full_answers(iit)
    assert stored.group is None


def test_each_screen_shows_one_indicator_with_its_progress(iit: Campaign) -> None:
    client = Client()
    first = client.get(link(iit.code))
    state = hidden_fields(first.content.decode())
    page = client.post(link(iit.code), {**state, "go": "next"}).content.decode()
    assert "ส่วนที่ 1 จาก 5" in page
    assert 'name="q_i1.1"' in page and 'name="q_i7"' not in page


def test_an_unanswered_question_is_named_with_what_to_do(iit: Campaign) -> None:
    client = Client()
    state = hidden_fields(client.get(link(iit.code)).content.decode())
    state = hidden_fields(client.post(link(iit.code), {**state, "go": "next"}).content.decode())
    answers = {
        f"q_{code}": value
        for code, value in full_answers(iit).items()
        if code.startswith(("i1.", "i2", "i3.", "i4.", "i5.", "i6."))
    }
    del answers["q_i3.2"]
    page = client.post(link(iit.code), {**state, **answers, "go": "next"}).content.decode()
    assert "ข้อ 3.2 ยังไม่ได้ตอบ" in page
    assert hidden_fields(page)["step"] == "1"  # still on the same screen, answers kept
    assert 'name="q_i1.1" value="1" checked' in page  # what was answered is kept
    assert answer_rows().count() == 0


def test_the_same_form_sent_twice_is_stored_once(iit: Campaign) -> None:
    client = Client()
    last_screen = None
    url = link(iit.code)
    response = client.get(url)
    state = hidden_fields(response.content.decode())
    response = client.post(url, {**state, "go": "next"})
    for number in range(1, 6):
        state = hidden_fields(response.content.decode())
        for code, value in full_answers(iit).items():
            state.setdefault(f"q_{code}", value)
        last_screen = {**state, "go": "send" if number == 5 else "next"}
        response = client.post(url, last_screen)
    assert last_screen is not None
    again = client.post(url, last_screen)  # the button pressed twice, or the page resent
    assert again.status_code == 200
    assert "ได้รับคำตอบของท่านแล้ว" in again.content.decode()
    assert answer_rows().count() == 1


def test_groups_are_offered_where_quotas_exist_and_a_group_link_skips_the_choice(
    eit: Campaign,
) -> None:
    client = Client()
    page = client.get(link(eit.code)).content.decode()
    assert 'name="group"' in page and "งานจราจร" in page
    state = hidden_fields(page)
    refused = client.post(link(eit.code), {**state, "go": "next"}).content.decode()
    assert "เลือกกลุ่ม" in refused
    answer_all(Client(), eit, link(eit.code), group="traffic")
    inquiry = eit.groups.get(code="inquiry")
    answer_all(Client(), eit, link(inquiry.link_code))
    assert sorted(answer_rows().values_list("group__code", flat=True)) == [
        "inquiry",
        "traffic",
    ]


def test_a_closed_campaign_says_so_and_stores_nothing(iit: Campaign) -> None:
    client = Client()
    state = hidden_fields(client.get(link(iit.code)).content.decode())
    iit.closes_on = timezone.localdate() - timedelta(days=1)
    iit.opens_on = iit.closes_on - timedelta(days=30)
    iit.save()
    response = client.get(link(iit.code))
    assert response.status_code == 410
    assert "ปิดรับคำตอบแล้ว" in response.content.decode()
    posted = client.post(link(iit.code), {**state, "step": "5", "go": "send"})
    assert posted.status_code == 410
    assert answer_rows().count() == 0


def test_a_campaign_not_open_yet_gives_its_dates(iit: Campaign) -> None:
    iit.opens_on = timezone.localdate() + timedelta(days=3)
    iit.save()
    response = Client().get(link(iit.code))
    assert "ยังไม่เปิด" in response.content.decode()


def test_an_unknown_link_is_a_friendly_404(db: None) -> None:
    response = Client().get(link("nothing"))
    assert response.status_code == 404
    assert "ไม่พบแบบสำรวจ" in response.content.decode()


def test_the_eit_is_offered_in_english_and_the_iit_stays_thai(iit: Campaign, eit: Campaign) -> None:
    english = Client(HTTP_ACCEPT_LANGUAGE="en")
    eit_page = english.get(link(eit.code)).content.decode()
    assert "External stakeholder perception survey" in eit_page
    assert '<html lang="en">' in eit_page
    iit_page = english.get(link(iit.code)).content.decode()
    assert '<html lang="th">' in iit_page
    assert "แบบวัดการรับรู้ของผู้มีส่วนได้ส่วนเสียภายใน" in iit_page
    translation.activate(settings.LANGUAGE_CODE)


def test_a_logged_in_member_of_the_unit_cannot_answer_its_eit(world: World, eit: Campaign) -> None:
    response = client_for(world, "officer").get(link(eit.code))
    assert response.status_code == 403
    assert "EIT" in response.content.decode()
    # ... but can answer the IIT, and someone from another unit can answer the EIT
    assert client_for(world, "outsider").get(link(eit.code)).status_code == 200


def test_a_member_can_answer_the_iit_of_their_unit(world: World, iit: Campaign) -> None:
    assert client_for(world, "officer").get(link(iit.code)).status_code == 200


@override_settings(OPENITA_SURVEY_REQUESTS_PER_DAY=3)
def test_too_many_pages_from_one_source_are_refused_with_a_clear_message(iit: Campaign) -> None:
    client = Client(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        assert client.get(link(iit.code)).status_code == 200
    refused = client.get(link(iit.code))
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "กรุณารอสักครู่" in refused.content.decode()
    # another source is not affected
    assert Client(REMOTE_ADDR="203.0.113.8").get(link(iit.code)).status_code == 200


@override_settings(OPENITA_SURVEY_SUBMISSIONS_PER_DAY=1)
def test_too_many_answers_from_one_source_are_refused_and_not_stored(iit: Campaign) -> None:
    assert answer_all(Client(REMOTE_ADDR="203.0.113.9"), iit, link(iit.code)).status_code == 200
    refused = answer_all(Client(REMOTE_ADDR="203.0.113.9"), iit, link(iit.code))
    assert refused.status_code == 429
    assert answer_rows().count() == 1


def test_the_daily_cap_is_explained_to_the_respondent(iit: Campaign) -> None:
    iit.daily_cap = 1
    iit.save()
    answer_all(Client(), iit, link(iit.code))
    refused = answer_all(Client(), iit, link(iit.code))
    assert refused.status_code == 429
    assert "พรุ่งนี้" in refused.content.decode()
    assert answer_rows().count() == 1


def test_a_personal_link_works_once(eit: Campaign) -> None:
    PersonalLinkToken.objects.create(
        token_hash=services.token_hash("tok-123"),
        campaign=eit,
        group=eit.groups.get(code="traffic"),
    )
    url = f"{link(eit.code)}?t=tok-123"
    answer_all(Client(), eit, url)
    stored = answer_rows().get()
    assert stored.group is not None and stored.group.code == "traffic"  # the contact's group
    again = Client().get(url)
    assert again.status_code == 410
    assert "ลิงก์ส่วนบุคคล" in again.content.decode()
    bad = Client().get(f"{link(eit.code)}?t=forged")
    assert bad.status_code == 410


def test_a_respondent_gets_no_session_and_leaves_no_address_or_browser_behind(
    iit: Campaign,
) -> None:
    address, agent = "198.51.100.23", "SpecialPhoneBrowser/9.9 (fingerprint-42)"
    client = Client(REMOTE_ADDR=address, HTTP_USER_AGENT=agent)
    answer_all(client, iit, link(iit.code))
    assert answer_rows().count() == 1
    assert Session.objects.count() == 0
    assert set(client.cookies) <= {"csrftoken"}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                text = " ".join(str(value) for value in row)
                assert address not in text, table
                assert "fingerprint-42" not in text, table


@pytest.mark.parametrize("step", ["-3", "99", "x"])
def test_a_tampered_step_does_not_break_the_form(iit: Campaign, step: str) -> None:
    client = Client()
    state = hidden_fields(client.get(link(iit.code)).content.decode())
    response = client.post(link(iit.code), {**state, "step": step, "go": "next"})
    assert response.status_code == 200


def test_no_page_of_the_form_may_be_kept_by_a_browser_or_a_proxy(iit: Campaign) -> None:
    client = Client()
    first = client.get(link(iit.code))
    thanks = answer_all(Client(), iit, link(iit.code))
    for response in (first, thanks):
        assert "no-store" in response["Cache-Control"]
        assert "private" in response["Cache-Control"]


def last_screen(client: Client, campaign: Campaign) -> dict[str, str]:
    """The fields of the last screen, every answer given, as the browser would send them."""
    state = hidden_fields(client.get(link(campaign.code)).content.decode())
    state["step"] = str(len(questionnaire_for(campaign).pages))
    state["answers"] = " ".join(f"{code}:{value}" for code, value in full_answers(campaign).items())
    return {**state, "go": "send"}


def test_an_answer_missing_on_an_earlier_screen_sends_the_respondent_back_there(
    iit: Campaign,
) -> None:
    client = Client()
    fields = last_screen(client, iit)
    fields["answers"] = fields["answers"].replace("i2:1", "")
    page = client.post(link(iit.code), fields).content.decode()
    assert "ข้อ 2 ยังไม่ได้ตอบ" in page
    assert hidden_fields(page)["step"] == "1"
    assert answer_rows().count() == 0
    assert client.post(link(iit.code), last_screen(client, iit)).status_code == 200
    assert answer_rows().count() == 1


@override_settings(OPENITA_SURVEY_REQUESTS_PER_DAY=4)
def test_sends_that_store_nothing_count_against_the_source_like_pages(iit: Campaign) -> None:
    client = Client(REMOTE_ADDR="203.0.113.10")
    fields = last_screen(client, iit)  # one page
    fields["answers"] = ""
    statuses = [client.post(link(iit.code), fields).status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert answer_rows().count() == 0


def test_the_english_eit_gives_its_closing_date_in_english_and_the_thai_one_in_thai(
    eit: Campaign,
) -> None:
    from openita.core.dates import ENGLISH_MONTHS
    from openita.core.thai import THAI_MONTHS, be_year

    closes = eit.closes_on
    english = Client(HTTP_ACCEPT_LANGUAGE="en").get(link(eit.code)).content.decode()
    assert f"Open until {closes.day} {ENGLISH_MONTHS[closes.month]} {closes.year}." in english
    assert not any(month in english for month in THAI_MONTHS[1:])
    thai_page = Client().get(link(eit.code)).content.decode()
    assert f"{closes.day} {THAI_MONTHS[closes.month]} {be_year(closes)}" in thai_page
    translation.activate(settings.LANGUAGE_CODE)


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
