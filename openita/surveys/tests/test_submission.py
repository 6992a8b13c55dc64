"""Storing answers: exactly once, only while open, within the daily cap, one use per personal link."""

from datetime import timedelta
from threading import Barrier, Thread

import pytest
from django.db import connection
from django.utils import timezone

from openita.surveys import limits, services, store
from openita.surveys.models import (
    AnswerIntake,
    Campaign,
    PersonalLinkToken,
    RateCounter,
    SurveyResponse,
    UsedSubmissionKey,
)
from openita.surveys.tally import tally_answers_of_campaigns
from openita.surveys.tests.conftest import flush, full_answers, signed

KEY = "k" * 32


def current_count(key: str) -> int:
    return RateCounter.objects.filter(key=key).values_list("hits", flat=True).first() or 0


def personal_link_state(campaign: Campaign, token: str) -> str:
    """``unknown``, ``used`` or ``valid``."""
    found = (
        PersonalLinkToken.objects.filter(pk=services.token_hash(token), campaign=campaign)
        .values_list("is_used", flat=True)
        .first()
    )
    if found is None:
        return "unknown"
    return "used" if found else "valid"


def submit(campaign: Campaign, key: str = KEY, **values) -> str:
    """Send answers with the key the server would have issued for ``key`` (as given when it is short)."""
    values.setdefault("answers", full_answers(campaign))
    issued = signed(campaign, key) if len(key) >= 16 else key
    return services.submit_response(campaign, submission_key=issued, **values)


def stored(campaign: Campaign | None = None) -> int:
    """Answers stored, those still waiting in the intake moved first."""
    for each in [campaign] if campaign else Campaign.objects.all():
        flush(each)
    return SurveyResponse.objects.count()


def test_a_submission_is_stored_with_its_group_and_date(eit: Campaign) -> None:
    traffic = eit.groups.get(code="traffic")
    assert submit(eit, group=traffic) == services.STORED
    flush(eit)
    response = SurveyResponse.objects.get()
    assert (response.campaign, response.group) == (eit, traffic)
    assert response.submitted_on == timezone.localdate()
    assert response.answers == full_answers(eit)


def test_a_double_submission_is_stored_once(iit: Campaign) -> None:
    assert submit(iit) == services.STORED
    assert submit(iit) == services.DUPLICATE
    assert stored() == 1
    assert UsedSubmissionKey.objects.count() == 1
    assert submit(iit, key="x" * 32) == services.STORED
    assert stored() == 2


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submissions_of_the_same_form_store_one_answer(iit: Campaign) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    outcomes: list[str] = []
    barrier = Barrier(4)

    def send() -> None:
        try:
            barrier.wait()
            outcomes.append(submit(iit))
        finally:
            connection.close()

    threads = [Thread(target=send) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes).count(services.STORED) == 1
    assert stored() == 1


def test_a_closed_campaign_refuses_answers(iit: Campaign) -> None:
    after = iit.closes_on + timedelta(days=1)
    with pytest.raises(services.CampaignClosed):
        submit(iit, today=after)
    before = iit.opens_on - timedelta(days=1)
    with pytest.raises(services.CampaignNotOpenYet):
        submit(iit, today=before)
    assert stored() == 0


def test_incomplete_or_wrong_answers_are_refused_with_what_to_fix(iit: Campaign) -> None:
    answers = full_answers(iit)
    del answers["i3.2"]
    answers["i2"] = "9"
    answers["i99"] = "1"
    with pytest.raises(services.InvalidAnswers) as refused:
        submit(iit, answers=answers)
    problems = refused.value.problems
    assert set(problems) == {"i3.2", "i2", "i99"}
    assert "3.2" in problems["i3.2"]
    assert stored() == 0


def test_a_malformed_submission_key_is_refused(iit: Campaign) -> None:
    with pytest.raises(services.BadSubmissionKey):
        submit(iit, key="short")


def test_the_daily_cap_refuses_answers_beyond_it_until_the_unit_raises_it(iit: Campaign) -> None:
    iit.daily_cap = 2
    iit.save()
    submit(iit, key="a" * 32)
    submit(iit, key="b" * 32)
    with pytest.raises(services.DailyCapReached):
        submit(iit, key="c" * 32)
    services.update_campaign(
        iit, opens_on=iit.opens_on, closes_on=iit.closes_on, population=iit.population, daily_cap=5
    )
    assert submit(iit, key="d" * 32) == services.STORED
    assert stored() == 3


def test_a_personal_link_answers_once(eit: Campaign) -> None:
    PersonalLinkToken.objects.create(token_hash=services.token_hash("secret-token"), campaign=eit)
    assert personal_link_state(eit, "secret-token") == "valid"
    assert submit(eit, token="secret-token") == services.STORED
    assert personal_link_state(eit, "secret-token") == "used"
    with pytest.raises(services.PersonalLinkUsed):
        submit(eit, key="z" * 32, token="secret-token")
    assert stored() == 1
    # the refused attempt left no used key behind (its transaction rolled back)
    assert not UsedSubmissionKey.objects.filter(pk=signed(eit, "z" * 32)).exists()


def test_tally_counts_each_option_of_each_item_in_the_database(
    iit: Campaign, eit: Campaign, django_assert_num_queries
) -> None:
    for number in range(3):
        submit(iit, key=f"{number}" * 32, answers=full_answers(iit, choose=number % 2))
    submit(eit, key="e" * 32)
    flush(iit)
    flush(eit)
    with django_assert_num_queries(1):
        tally = tally_answers_of_campaigns([iit.pk])[iit.pk]
    assert tally["i1.1"] == {"1": 2, "2": 1}
    assert tally["i4.1"] == {"yes": 2, "no": 1}
    assert len(tally) == 51
    with django_assert_num_queries(1):
        both = tally_answers_of_campaigns([iit.pk, eit.pk])
    assert both[iit.pk] == tally
    assert both[eit.pk]["e2"] == {"1": 1}


def test_counters_expire_and_are_purged(db: None, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(limits, "PURGE_PROBABILITY", 0)  # no clean-up by chance in between
    now = timezone.now()
    limits.bump({"test:a": now - timedelta(seconds=1), "test:b": now + timedelta(hours=1)})
    assert limits.bump({"test:b": now + timedelta(hours=1)}) == {"test:b": 2}
    assert limits.purge_expired_counters(now) == 1
    assert current_count("test:a") == 0
    assert current_count("test:b") == 2


def cap_count(campaign: Campaign) -> int:
    """The campaign's count of answers today, as its daily cap sees it."""
    return current_count(
        limits.daily_cap(campaign.pk, campaign.daily_cap, timezone.localdate()).key
    )


def test_an_answer_that_is_not_stored_takes_its_counts_back(iit: Campaign) -> None:
    source = limits.Limit("sub:test-source:1", timezone.now() + timedelta(hours=1), 10, "sub")
    assert submit(iit, source_limits=[source]) == services.STORED
    assert submit(iit, source_limits=[source]) == services.DUPLICATE
    assert (cap_count(iit), current_count(source.key)) == (1, 1)
    iit.daily_cap = 1
    iit.save()
    with pytest.raises(services.DailyCapReached):
        submit(iit, key="n" * 32, source_limits=[source])
    assert (cap_count(iit), current_count(source.key)) == (1, 1)
    # the resend of a stored answer is recognised even when the cap is reached
    assert submit(iit, source_limits=[source]) == services.DUPLICATE
    assert stored() == 1


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_an_answer_is_counted_then_stored_by_two_prepared_statements(
    iit: Campaign, django_assert_num_queries
) -> None:
    """The public form's path on PostgreSQL: the counts, then the used key with the answer into the intake,
    each in a transaction of its own and each prepared once per connection (two queries); the same
    guarantees as inside a transaction."""
    if connection.vendor == "sqlite":
        pytest.skip("prepared statements are PostgreSQL's path")
    answers = full_answers(
        iit
    )  # the questionnaire built and kept (its framework version is frozen)
    with django_assert_num_queries(2):
        assert submit(iit, answers=answers) == services.STORED
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements WHERE NOT from_sql")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any("set_config('synchronous_commit', 'off', true)" in sql for sql in prepared)
    assert any(sql.startswith("WITH used AS") for sql in prepared)
    assert submit(iit) == services.DUPLICATE
    iit.daily_cap = 2
    iit.save()
    assert submit(iit, key="b" * 32) == services.STORED
    with pytest.raises(services.DailyCapReached):
        submit(iit, key="c" * 32)
    assert submit(iit, key="b" * 32) == services.DUPLICATE
    assert cap_count(iit) == 2
    assert stored() == UsedSubmissionKey.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_with_prepared_statements_off_the_hot_path_still_stores_each_answer_once(
    iit: Campaign, monkeypatch: pytest.MonkeyPatch
) -> None:
    """OPENITA_DB_PREPARED_STATEMENTS=false (a pooler that cannot keep them): nothing is prepared, and the
    answers are counted and stored as before."""
    if connection.vendor == "sqlite":
        pytest.skip("prepared statements are PostgreSQL's")
    options = {
        name: value
        for name, value in connection.settings_dict["OPTIONS"].items()
        if name != "prepare_threshold"  # what openita/settings.py leaves out when it is false
    }
    connection.close()
    monkeypatch.setitem(connection.settings_dict, "OPTIONS", options)
    try:
        assert submit(iit) == services.STORED
        assert submit(iit) == services.DUPLICATE
        assert cap_count(iit) == 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_prepared_statements")
            assert cursor.fetchone()[0] == 0
        assert stored() == UsedSubmissionKey.objects.count() == 1
    finally:
        connection.close()  # the next test connects with the usual settings


@pytest.mark.django_db(transaction=True)
def test_concurrent_answers_never_exceed_the_daily_cap(iit: Campaign) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    iit.daily_cap = 3
    iit.save()
    outcomes: list[str] = []
    barrier = Barrier(8)

    def send(number: int) -> None:
        try:
            barrier.wait()
            outcomes.append(submit(iit, key=f"{number}" * 32))
        except services.DailyCapReached:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [Thread(target=send, args=(number,)) for number in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["refused"] * 5 + [services.STORED] * 3
    assert stored() == 3
    assert cap_count(iit) == 3


@pytest.mark.django_db(transaction=True)
def test_the_answer_that_completes_a_batch_moves_it_in_one_more_transaction(
    iit: Campaign, django_assert_num_queries
) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("prepared statements are PostgreSQL's path")
    answers = full_answers(iit)
    for number in range(store.batch_size() - 1):
        with django_assert_num_queries(2):
            submit(iit, key=f"w{number:015d}", answers=answers)
    # BEGIN, the lock, the waiting rows, the insert, the delete, COMMIT: once per batch
    with django_assert_num_queries(2 + 6):
        assert submit(iit, key="last" * 4, answers=answers) == services.STORED
    assert not AnswerIntake.objects.exists()
    assert SurveyResponse.objects.count() == store.batch_size()


@pytest.mark.django_db(transaction=True)
def test_the_fast_path_stores_the_same_rows_as_the_plain_path(eit: Campaign) -> None:
    """The plain path (Django's ORM, any database) is the oracle of PostgreSQL's prepared statements: the
    same inputs give the same intake row and used key, and the same answer row once moved."""
    if connection.vendor == "sqlite":
        pytest.skip("the fast path is PostgreSQL's")
    group = eit.groups.get(code="traffic")
    today = timezone.localdate()
    row = store.AnswerRow(eit.pk, group.pk, today, full_answers(eit, choose=2))
    counted = [limits.daily_cap(eit.pk, eit.daily_cap, today)]

    def stored_rows() -> tuple[list, list]:
        intake = list(
            AnswerIntake.objects.values_list("campaign_id", "group_id", "submitted_on", "answers")
        )
        keys = list(UsedSubmissionKey.objects.values_list("campaign_id", "used_on"))
        return intake, keys

    assert store.can_take_fast_path(burns=False)
    _counts, fast = store.count_then_receive(counted, signed(eit, "f" * 16), row)
    by_fast = stored_rows()
    AnswerIntake.objects.all().delete()
    UsedSubmissionKey.objects.all().delete()
    plain = store.receive(row, signed(eit, "p" * 16))
    assert stored_rows() == by_fast
    assert (fast.stored, fast.waiting) == (plain.stored, plain.waiting) == (True, 1)
    # a used key: neither stores anything
    _counts, fast_again = store.count_then_receive(counted, signed(eit, "p" * 16), row)
    assert not fast_again.stored and not store.receive(row, signed(eit, "p" * 16)).stored
    assert stored_rows() == by_fast


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
