"""Ballot stuffing (issue 13): made-up submission keys, a forged client address, answers beyond the staff
count, and IIT access codes that work once."""

from __future__ import annotations

import csv
import io

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from openita.conftest import World, client_for
from openita.surveys import services
from openita.surveys.models import AccessCode, AnswerIntake, Campaign, SurveyResponse
from openita.surveys.tests.answering import answer_all, hidden_fields
from openita.surveys.tests.conftest import full_answers, signed


def answers_kept() -> int:
    return SurveyResponse.objects.count() + AnswerIntake.objects.count()


def last_screen(campaign: Campaign, key: str) -> dict[str, str]:
    """What a client would post to the last screen to send everything at once."""
    answers = full_answers(campaign)
    return {
        "key": key,
        "step": "99",
        "go": "send",
        "answers": " ".join(f"{code}:{option}" for code, option in answers.items()),
    }


def test_the_last_screen_posted_with_made_up_keys_stores_nothing(iit: Campaign) -> None:
    client = Client()
    for key in ("a" * 38, "k" * 32, "A" * 16 + "B" * 22):
        response = client.post(f"/s/{iit.code}/", last_screen(iit, key))
        assert response.status_code == 400
    assert answers_kept() == 0


def test_a_key_issued_by_the_server_works_once_and_only_for_its_campaign(
    iit: Campaign, eit: Campaign
) -> None:
    client = Client()
    key = hidden_fields(client.get(f"/s/{iit.code}/").content.decode())["key"]
    assert services.submission_key_is_genuine(iit.pk, key)
    assert not services.submission_key_is_genuine(eit.pk, key)
    assert client.post(f"/s/{iit.code}/", last_screen(iit, key)).status_code == 200
    assert client.post(f"/s/{iit.code}/", last_screen(iit, key)).status_code == 200  # thanked again
    assert answers_kept() == 1
    with pytest.raises(services.BadSubmissionKey):
        services.submit_response(eit, answers=full_answers(eit), submission_key=key)


@override_settings(
    OPENITA_CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR", OPENITA_SURVEY_REQUESTS_PER_DAY=3
)
def test_a_forged_forwarded_for_header_does_not_make_a_new_source(iit: Campaign) -> None:
    """The proxy appends the real address; the client forges the first entry. Only the last counts."""
    statuses = [
        Client(HTTP_X_FORWARDED_FOR=f"10.0.0.{number}, 203.0.113.50")
        .get(f"/s/{iit.code}/")
        .status_code
        for number in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]


@override_settings(OPENITA_CLIENT_IP_HEADER="", OPENITA_SURVEY_REQUESTS_PER_DAY=2)
def test_without_a_configured_header_forwarded_headers_are_ignored(iit: Campaign) -> None:
    statuses = [
        Client(
            REMOTE_ADDR="203.0.113.60",
            HTTP_X_FORWARDED_FOR=f"10.0.0.{number}",
            HTTP_X_REAL_IP=f"10.1.0.{number}",
        )
        .get(f"/s/{iit.code}/")
        .status_code
        for number in range(3)
    ]
    assert statuses == [200, 200, 429]


@override_settings(OPENITA_SURVEY_STAFF_MARGIN_PERCENT=10)
def test_iit_answers_are_capped_at_the_staff_count_and_a_margin(iit: Campaign) -> None:
    iit.population = 3
    iit.save()
    assert services.staff_cap(iit) == 4  # 3 staff, and at least one more
    for number in range(4):
        services.submit_response(
            iit, answers=full_answers(iit), submission_key=signed(iit, f"s{number:015d}")
        )
    with pytest.raises(services.StaffCapReached) as refused:
        services.submit_response(
            iit, answers=full_answers(iit), submission_key=signed(iit, "s" * 16)
        )
    assert "staff" in str(refused.value.message)
    assert answers_kept() == 4
    response = answer_all(Client(), iit, f"/s/{iit.code}/")
    assert response.status_code == 400 and "จำนวนบุคลากร" in response.content.decode()


def test_the_eit_has_no_staff_cap(eit: Campaign) -> None:
    eit.population = 1
    assert services.staff_cap(eit) is None


def test_the_head_makes_codes_and_each_works_once_on_the_form(world: World, iit: Campaign) -> None:
    head = client_for(world, "unit_admin")
    url = reverse("surveys:access_codes", args=[world.station.code, iit.code])
    assert head.get(url).status_code == 200
    sheet = head.post(url, {"count": 3, "file_format": "sheet"})
    assert sheet.status_code == 200
    download = head.post(url, {"count": 2, "file_format": "csv"})
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0] == ["code"] and len(rows) == 3
    assert AccessCode.objects.filter(campaign=iit).count() == 5
    iit.refresh_from_db()
    assert iit.requires_access_code
    code = rows[1][0]
    assert code in download.content.decode() and code not in sheet.content.decode()

    respondent = Client()
    first = respondent.get(f"/s/{iit.code}/")
    assert 'name="ac"' in first.content.decode()
    state = hidden_fields(first.content.decode())
    wrong = respondent.post(f"/s/{iit.code}/", {**state, "ac": "zzzzz-zzzzz", "go": "next"})
    assert 'id="access-code"' in wrong.content.decode() and "ใช้ไปแล้ว" in wrong.content.decode()
    # without a code, the last screen posted directly is refused
    refused = respondent.post(f"/s/{iit.code}/", last_screen(iit, state["key"]))
    assert refused.status_code == 400 and answers_kept() == 0

    assert answer_all(Client(), iit, f"/s/{iit.code}/", access_code=code).status_code == 200
    assert answers_kept() == 1
    assert AccessCode.objects.filter(campaign=iit).count() == 4
    again = answer_all(Client(), iit, f"/s/{iit.code}/", access_code=code, expect_refusal=True)
    assert "ใช้ไปแล้ว" in again.content.decode()
    assert answers_kept() == 1


def test_access_codes_belong_to_the_iit(world: World, eit: Campaign) -> None:
    head = client_for(world, "unit_admin")
    url = reverse("surveys:access_codes", args=[world.station.code, eit.code])
    assert head.get(url).status_code == 404
    with pytest.raises(services.ValidationError):
        services.create_access_codes(eit, 3)


def test_the_campaign_page_warns_when_the_staff_cap_is_reached(world: World, iit: Campaign) -> None:
    iit.population = 1
    iit.save()
    url = reverse("surveys:campaign_detail", args=[world.station.code, iit.code])
    page = client_for(world, "unit_admin").get(url).content.decode()
    assert 'data-warning="staff_cap"' not in page and "2" in page
    for number in range(2):
        services.submit_response(
            iit, answers=full_answers(iit), submission_key=signed(iit, f"c{number:015d}")
        )
    page = client_for(world, "unit_admin").get(url).content.decode()
    assert 'data-warning="staff_cap"' in page
