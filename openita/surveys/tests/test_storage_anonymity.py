"""Anonymity in storage (docs/anonymity.md, ADR 0005): attacks on what the database keeps, beyond the schema.

Each test tries to link an answer to its source, its key, its access code or its contact the way someone
with the database would: by transaction ids (``xmin`` on PostgreSQL), by row order (SQLite's rowid,
PostgreSQL's ctid), by identifiers, by the counters' keys.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.db.models import Model
from django.test import override_settings
from django.utils import timezone

from openita.conftest import World
from openita.surveys import limits, services, store
from openita.surveys.models import (
    AccessCode,
    AnswerIntake,
    Campaign,
    EitContact,
    PersonalLinkToken,
    RateCounter,
    SurveyResponse,
    UsedSubmissionKey,
)
from openita.surveys.tests.conftest import full_answers, signed

BATCH = 5


def numbered_answers(campaign: Campaign, number: int) -> dict[str, str]:
    """Answers that say which respondent gave them: two items carry ``number`` in base 4."""
    answers = full_answers(campaign)
    codes = list(answers)
    answers[codes[0]] = str(number % 4 + 1)
    answers[codes[1]] = str(number // 4 % 4 + 1)
    return answers


def number_of(campaign: Campaign, answers: dict[str, str]) -> int:
    codes = list(full_answers(campaign))
    return int(answers[codes[0]]) - 1 + 4 * (int(answers[codes[1]]) - 1)


def send(campaign: Campaign, number: int, **values) -> str:
    source = limits.Limit(
        f"sub:{number:020x}:{timezone.localdate().isoformat()}",
        limits.end_of_day(timezone.localdate()),
        100,
        limits.SUBMISSIONS,
    )
    return services.submit_response(
        campaign,
        answers=numbered_answers(campaign, number),
        submission_key=signed(campaign, f"n{number:015d}"),
        source_limits=[source],
        **values,
    )


def xmins(model: type[Model]) -> dict[str, int]:
    """Primary key (as text) → the id of the transaction that wrote the row (PostgreSQL)."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column}::text, xmin::text::bigint FROM {table}")
        return dict(cursor.fetchall())


def storage_order(model: type[Model]) -> list[str]:
    """Primary keys (as text) in the order the rows sit in storage: SQLite's rowid, PostgreSQL's ctid."""
    table = connection.ops.quote_name(model._meta.db_table)
    column = connection.ops.quote_name(model._meta.pk.column)
    order = "rowid" if connection.vendor == "sqlite" else "ctid"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} ORDER BY {order}")
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


@pytest.mark.django_db(transaction=True)
@override_settings(OPENITA_SURVEY_SHUFFLE_BATCH=BATCH)
def test_the_xmin_linking_query_ties_no_answer_to_its_counter_key_or_source(
    iit: Campaign,
) -> None:
    """The attack of issue 13: a counter is committed in its own transaction just before the answer, so
    ``answer.xmin = counter.xmin + 1``. Answers now share their transaction with a whole batch, and no
    counter, used key or burned link sits next to it."""
    if connection.vendor != "postgresql":
        pytest.skip("xmin is PostgreSQL's")
    for number in range(3 * BATCH):
        assert send(iit, number) == services.STORED
    answers = xmins(SurveyResponse)
    assert len(answers) == 3 * BATCH and not AnswerIntake.objects.exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM surveys_surveyresponse r JOIN surveys_ratecounter c "
            "ON r.xmin::text::bigint IN (c.xmin::text::bigint + 1, c.xmin::text::bigint)"
        )
        assert cursor.fetchone()[0] == 0
    # A counter, used key or burned link written just before a batch moved is linked to the whole batch,
    # never to fewer answers than a batch holds.
    for model in (RateCounter, UsedSubmissionKey):
        for xmin in xmins(model).values():
            linked = [pk for pk, answer_xmin in answers.items() if answer_xmin in (xmin, xmin + 1)]
            assert len(linked) in (0, BATCH) or len(linked) >= BATCH, model
    # each answer shares its transaction with the whole of its batch
    per_transaction: dict[int, int] = {}
    for xmin in answers.values():
        per_transaction[xmin] = per_transaction.get(xmin, 0) + 1
    assert sorted(per_transaction.values()) == [BATCH, BATCH, BATCH]


@override_settings(OPENITA_SURVEY_SHUFFLE_BATCH=16)
def test_neither_ids_nor_storage_order_follow_the_order_of_arrival(iit: Campaign) -> None:
    """SQLite's rowid and PostgreSQL's ctid give the order rows were written in; ids are random. Within a
    batch of 16 (one chance in 16! of keeping the order by luck) the arrival order is gone."""
    for number in range(16):
        send(iit, number)
    assert not AnswerIntake.objects.exists()  # the 16th answer moved the batch
    rows = {
        str(pk).replace("-", ""): answers
        for pk, answers in SurveyResponse.objects.values_list("pk", "answers")
    }
    arrival = list(range(16))
    by_storage = [number_of(iit, rows[pk]) for pk in storage_order(SurveyResponse)]
    by_id = [number_of(iit, rows[pk]) for pk in sorted(rows)]
    assert sorted(by_storage) == arrival
    assert by_storage != arrival
    assert by_id != arrival


def test_answers_wait_in_the_intake_until_a_whole_batch_can_move(iit: Campaign) -> None:
    size = store.batch_size()
    for number in range(size - 1):
        send(iit, number)
    assert (AnswerIntake.objects.count(), SurveyResponse.objects.count()) == (size - 1, 0)
    send(iit, size - 1)
    assert (AnswerIntake.objects.count(), SurveyResponse.objects.count()) == (0, size)
    # nothing else of the source or key came along
    assert UsedSubmissionKey.objects.count() == size


@override_settings(OPENITA_SURVEY_MIN_GROUP_SIZE=5, OPENITA_SURVEY_SHUFFLE_BATCH=2)
def test_a_batch_is_never_smaller_than_the_anonymity_threshold(iit: Campaign) -> None:
    assert store.batch_size() == 5
    for number in range(4):
        send(iit, number)
    assert SurveyResponse.objects.count() == 0


@override_settings(OPENITA_SURVEY_SHUFFLE_BATCH=5)
def test_the_last_short_batch_of_a_closed_campaign_moves_padded_with_stored_answers(
    iit: Campaign,
) -> None:
    for number in range(7):
        send(iit, number)
    before = set(SurveyResponse.objects.values_list("pk", flat=True))
    assert len(before) == 5 and AnswerIntake.objects.count() == 2
    assert store.move_intake(iit.pk, everything=True) == 2
    after = set(SurveyResponse.objects.values_list("pk", flat=True))
    # two waiting answers and three stored ones rewritten with new ids: five rows in the last batch
    assert len(after) == 7 and len(after - before) == 5
    assert sorted(
        number_of(iit, answers)
        for answers in SurveyResponse.objects.values_list("answers", flat=True)
    ) == list(range(7))


@pytest.mark.django_db(transaction=True)
def test_no_transaction_ties_a_contact_to_a_personal_link_or_an_answer(eit: Campaign) -> None:
    """Tokens are made in one shuffled batch, contacts are marked invited in another transaction, and an
    answer sent with a link shares no transaction with either."""
    services.import_contacts(
        eit,
        [
            services.ContactRow(f"ผู้ติดต่อ {number}", "", "", f"c{number}@example.org", "")
            for number in range(12)
        ],
    )
    links: list[str] = []

    def link_for(token: str) -> str:
        links.append(token)
        return f"/s/x?t={token}"

    services.send_personal_links(eit, link_for)
    assert len(links) == 12
    # the tokens' storage order is not the contacts' order
    token_order = storage_order(PersonalLinkToken)
    in_contact_order = [services.token_hash(token) for token in links]
    assert sorted(token_order) == sorted(in_contact_order) and token_order != in_contact_order
    if connection.vendor != "postgresql":
        return
    contacts, tokens = xmins(EitContact), xmins(PersonalLinkToken)
    assert len(set(tokens.values())) == 1  # one batch
    assert not set(tokens.values()) & set(contacts.values())
    for number, token in enumerate(links[:3]):
        services.submit_response(
            eit,
            answers=full_answers(eit),
            submission_key=signed(eit, f"t{number:015d}"),
            token=token,
        )
    store.move_intake(eit.pk, everything=True)
    answers = set(xmins(SurveyResponse).values())
    assert not answers & set(contacts.values())
    assert not answers & set(xmins(PersonalLinkToken).values())


def test_counters_hold_the_day_and_a_hashed_source_never_an_hour(iit: Campaign, client) -> None:
    from openita.surveys.tests.answering import answer_all

    answer_all(client, iit, f"/s/{iit.code}/", REMOTE_ADDR="198.51.100.23")
    day = timezone.localdate().isoformat()
    keys = list(RateCounter.objects.values_list("key", "expires_at"))
    assert keys
    for key, expires_at in keys:
        assert "198.51.100.23" not in key
        assert re.fullmatch(
            rf"(req|sub):[0-9a-f]{{20}}:{day}|cap:{iit.pk}:{day}|staff:{iit.pk}", key
        ), key
        local = timezone.localtime(expires_at)
        assert (local.hour, local.minute, local.second) == (0, 0, 0)


def test_a_personal_link_or_access_code_refused_leaves_nothing_behind(iit: Campaign) -> None:
    (code,) = services.create_access_codes(iit, 1)
    assert send(iit, 1, access_code=code) == services.STORED
    assert not AccessCode.objects.exists()  # burned: deleted, not marked
    with pytest.raises(services.AccessCodeUsed):
        send(iit, 2, access_code=code)
    assert AnswerIntake.objects.count() + SurveyResponse.objects.count() == 1
    assert not UsedSubmissionKey.objects.filter(pk=signed(iit, "n000000000000002")).exists()


def test_stored_rows_never_hold_the_access_code(iit: Campaign) -> None:
    (code,) = services.create_access_codes(iit, 1)
    send(iit, 1, access_code=code)
    store.move_intake(iit.pk, everything=True)
    plain, hashed = services.normalise_access_code(code), services.access_code_hash(code)
    with connection.cursor() as cursor:
        for model in (SurveyResponse, AnswerIntake, UsedSubmissionKey, RateCounter, AccessCode):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")
            text = repr(cursor.fetchall())
            assert plain not in text and hashed not in text, model


def test_intake_rows_expire_with_the_campaign_and_the_release(iit: Campaign) -> None:
    send(iit, 1)
    assert AnswerIntake.objects.count() == 1
    services.purge_after_campaign(iit, today=iit.closes_on + timedelta(days=1))
    assert not AnswerIntake.objects.exists() and SurveyResponse.objects.count() == 1


def test_sqlite_overwrites_deleted_rows(db: None) -> None:
    """Answers moved out of the intake and burned codes are deleted; SQLite then zeroes their bytes
    instead of leaving them in free pages (until a checkpoint, the WAL still holds them: ADR 0005)."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's pragma")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA secure_delete")
        assert cursor.fetchone()[0] == 1


def test_progress_counts_the_answers_waiting_in_the_intake(world: World, iit: Campaign) -> None:
    from openita.surveys.tally import campaign_progress, units_progress

    for number in range(3):
        send(iit, number)
    assert AnswerIntake.objects.count() == 3 and not SurveyResponse.objects.exists()
    assert campaign_progress(iit, timezone.localdate()).total == 3
    (row,) = units_progress([world.station], iit.fiscal_year)
    assert row.campaigns["iit"].count == 3
    counted = Campaign.objects.with_response_counts().get(pk=iit.pk)
    assert counted.response_count == 3  # type: ignore[attr-defined]


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
