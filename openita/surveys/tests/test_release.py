"""Answers are read only once released: after the campaign closes, for groups at or above the threshold.

The attack of issue 13: the head downloads the answers, one person answers, the head downloads again; the
difference is that person's row. Also: no audit entry for anonymous writes, and no personal link in any log.
"""

from __future__ import annotations

import csv
import io
import logging
import sys
from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

from openita.audit.models import AuditEntry
from openita.audit.registry import is_audited
from openita.conftest import World, client_for
from openita.surveys import services
from openita.surveys.models import (
    AccessCode,
    AnswerIntake,
    Campaign,
    PersonalLinkToken,
    SurveyResponse,
)
from openita.surveys.tally import tally_answers_by_group
from openita.surveys.tests.conftest import flush, full_answers, signed


def answer(campaign: Campaign, number: int, group_code: str = "", **values) -> None:
    group = campaign.groups.get(code=group_code) if group_code else None
    services.submit_response(
        campaign,
        answers=full_answers(campaign, choose=number),
        submission_key=signed(campaign, f"r{number:015d}"),
        group=group,
        **values,
    )


def export(world: World, campaign: Campaign):
    return client_for(world, "unit_admin").get(
        reverse("surveys:export_answers", args=[world.station.code, campaign.code, "csv"])
    )


def rows_of(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_the_two_exports_difference_attack_fails(world: World, eit: Campaign) -> None:
    for number in range(6):
        answer(eit, number, "traffic")
    before = export(world, eit)
    assert before.status_code == 302  # refused while the survey runs: nothing to compare
    answer(eit, 7, "traffic")
    assert export(world, eit).status_code == 302
    with time_machine.travel(eit.closes_on + timedelta(days=1), tick=False):
        first = export(world, eit)
        assert first.status_code == 200 and len(rows_of(first)) == 1 + 7
        # the campaign cannot be opened again to let one more person answer
        with pytest.raises(ValidationError):
            services.update_campaign(
                eit,
                opens_on=eit.opens_on,
                closes_on=eit.closes_on + timedelta(days=30),
                population=eit.population,
                daily_cap=eit.daily_cap,
            )
        with pytest.raises(services.CampaignClosed):
            answer(eit, 8, "traffic")
        with pytest.raises(services.CampaignClosed):
            services.store_paper_answers(eit, [services.PaperSheet(None, full_answers(eit))])
        second = export(world, eit)
        assert sorted(rows_of(second)) == sorted(rows_of(first))


def test_an_export_of_fewer_answers_than_the_threshold_is_refused(
    world: World, eit: Campaign
) -> None:
    for number in range(4):
        answer(eit, number)
    with time_machine.travel(eit.closes_on + timedelta(days=1), tick=False):
        response = export(world, eit)
        assert response.status_code == 302
        page = client_for(world, "unit_admin").get(response["Location"])
        assert "5" in page.content.decode()


def test_per_item_tallies_by_group_are_withheld_below_the_threshold(eit: Campaign) -> None:
    for number in range(5):
        answer(eit, number, "traffic")
    for number in range(5, 9):
        answer(eit, number, "inquiry")
    flush(eit)
    by_group = {item.group.code: item for item in tally_answers_by_group(eit)}
    assert by_group["traffic"].tally is not None and by_group["inquiry"].tally is None


def test_anonymous_writes_never_reach_the_audit_log(eit: Campaign, iit: Campaign) -> None:
    for model in (AnswerIntake, AccessCode, SurveyResponse, PersonalLinkToken):
        assert not is_audited(model), model
    services.create_access_codes(iit, 2)  # audited as one event with a count, by the head
    codes = services.create_access_codes(iit, 1)
    PersonalLinkToken.objects.create(token_hash=services.token_hash("t" * 20), campaign=eit)
    before = list(AuditEntry.objects.values_list("pk", flat=True))
    answer(iit, 1, access_code=codes[0])
    answer(eit, 2, token="t" * 20)
    for number in range(10, 20):
        answer(eit, number)  # a batch moved on the way
    flush(eit)
    flush(iit)
    assert list(AuditEntry.objects.values_list("pk", flat=True)) == before


@override_settings(EMAIL_BACKEND="openita.core.mail.RedactingConsoleBackend")
def test_personal_links_never_reach_the_server_output_or_logs(
    eit: Campaign, capsys: pytest.CaptureFixture[str], caplog: pytest.LogCaptureFixture
) -> None:
    """The default mail backend (console://) writes mails to the server's output; the tokens are
    redacted before they get there."""
    services.import_contacts(eit, [services.ContactRow("สมชาย", "", "", "somchai@example.org", "")])
    tokens: list[str] = []
    caplog.set_level(logging.DEBUG)

    def link_for(token: str) -> str:
        tokens.append(token)
        return f"https://ita.example/s/{eit.code}/?t={token}"

    services.send_personal_links(eit, link_for)
    (token,) = tokens
    sys.stdout.flush()
    written = capsys.readouterr()
    assert "somchai@example.org" in written.out  # the mail was written…
    assert f"/s/{eit.code}/?t=[redacted]" in written.out  # …with its link redacted
    assert token not in written.out and token not in written.err
    assert token not in caplog.text
    # the link still works for the contact who got it by e-mail
    assert Client().get(f"/s/{eit.code}/?t={token}").status_code == 200


def test_the_default_mail_backend_is_the_redacting_one() -> None:
    from openita.email_url import email_settings_from_url

    assert email_settings_from_url("console://")["EMAIL_BACKEND"] == (
        "openita.core.mail.RedactingConsoleBackend"
    )
