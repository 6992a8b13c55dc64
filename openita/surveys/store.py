"""The survey store: the one module that writes answers (web form, paper), the SQL that reads them back
expanded (`expand_answers_sql`, for the tallies), and the survey path's only `connection.vendor` branches.

An answer is written in two steps (docs/adr/0005-survey-anonymity.md):

1. **Receive** (`receive`, or `count_then_receive` on PostgreSQL's hot path): in one durable transaction, the
   used submission key, the burn of a personal link or access code if any, and the answer into the short-lived
   intake table (`AnswerIntake`). The respondent is thanked only once this has committed.
2. **Move** (`move_intake`): once a campaign has at least `batch_size()` answers waiting (or, after it closes,
   whatever is left, padded with stored answers rewritten), one transaction moves them all into
   `SurveyResponse` in a shuffled order with new random ids and deletes them from the intake.

So no answer row shares a transaction with anything about its source (counters, keys, burned codes and
links stay with the intake rows, which are deleted), every answer row shares its transaction id (``xmin``)
with at least `batch_size()` others, and neither ids nor storage order (SQLite's rowid, PostgreSQL's ctid)
follow the order of arrival within a batch.

Two ways to receive, side by side: `receive` (the plain path, Django's ORM, any database, any burn) and
`count_then_receive` (PostgreSQL outside a transaction, no burn: the counters, then one prepared statement;
docs/adr/0011-survey-store-fast-path.md). Tests use the plain path as the oracle of the fast one.
"""

from __future__ import annotations

import functools
import random
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Field, Model

from openita.core.anonymity import min_group_size
from openita.core.prepared import run_prepared

from . import limits
from .models import (
    AccessCode,
    AnswerIntake,
    PersonalLinkToken,
    SurveyResponse,
    UsedSubmissionKey,
)

# pg_advisory_xact_lock(namespace, campaign id): one mover per campaign at a time.
MOVE_LOCK_NAMESPACE = 0x5E7A
_shuffle = random.SystemRandom().shuffle


def batch_size() -> int:
    """How many answers move together (OPENITA_SURVEY_SHUFFLE_BATCH), never fewer than the smallest group
    shown apart."""
    configured = int(getattr(settings, "OPENITA_SURVEY_SHUFFLE_BATCH", 10))
    return max(configured, min_group_size(), 2)


@dataclass(frozen=True)
class AnswerRow:
    """What is stored of one answer: nothing else."""

    campaign_id: int
    group_id: int | None
    day: date
    answers: dict[str, str]


@dataclass(frozen=True)
class Received:
    stored: bool  # False: the submission key was used before (or a limit held it back)
    waiting: int = 0  # answers of the campaign in the intake, this one included


class NotBurned(Exception):
    """The personal link or access code was used before (or never existed): nothing was stored."""

    def __init__(self, what: str) -> None:
        self.what = what  # "token" or "code"
        super().__init__(what)


# ---------------------------------------------------------------------------------------------
# Receiving: the plain path


@transaction.atomic
def receive(
    row: AnswerRow, submission_key: str, *, token_hash: str = "", code_hash: str = ""
) -> Received:
    """The plain path: the used key, the burn (a personal link marked used, an access code deleted) and
    the answer into the intake, all or nothing, in one transaction."""
    try:
        with transaction.atomic():
            UsedSubmissionKey.objects.create(
                key=submission_key, campaign_id=row.campaign_id, used_on=row.day
            )
    except IntegrityError:
        return Received(False)
    if token_hash:
        used = PersonalLinkToken.objects.filter(
            pk=token_hash, campaign_id=row.campaign_id, is_used=False
        ).update(is_used=True)
        if not used:
            raise NotBurned("token")
    if code_hash:
        burned, _by_model = AccessCode.objects.filter(
            pk=code_hash, campaign_id=row.campaign_id
        ).delete()
        if not burned:
            raise NotBurned("code")
    AnswerIntake.objects.create(
        id=uuid.uuid4(),
        campaign_id=row.campaign_id,
        group_id=row.group_id,
        submitted_on=row.day,
        answers=row.answers,
    )
    return Received(True, AnswerIntake.objects.filter(campaign_id=row.campaign_id).count())


# ---------------------------------------------------------------------------------------------
# Receiving: PostgreSQL's fast path


def can_write_unwaited() -> bool:
    """PostgreSQL outside a transaction: statements that run in a transaction of their own, and counters
    that commit without waiting for the disk (`limits.counter_statement`)."""
    return connection.vendor == "postgresql" and connection.get_autocommit()


def can_take_fast_path(*, burns: bool) -> bool:
    """PostgreSQL outside a transaction, for an answer that burns nothing (no link, no code)."""
    return not burns and can_write_unwaited()


def count_then_receive(
    counted: Sequence[limits.Limit], submission_key: str, row: AnswerRow
) -> tuple[dict[str, int], Received]:
    """PostgreSQL, the public form's hot path, two prepared statements: count the answer against its
    limits (a transaction of its own that does not wait for the disk), then one statement writes the used
    key and the answer into the intake, durably, unless the key is used or a counter is above its
    maximum, and says how many answers of the campaign are waiting. The same rows as `receive`."""
    counts = limits.bump(limits.counters_of(counted))
    exceeded_sql, exceeded_params = limits.exceeded_condition(counted)
    cursor = run_prepared(
        _receive_sql(f"WHERE NOT {exceeded_sql}"),
        _params(UsedSubmissionKey, (submission_key, row.campaign_id, row.day))
        + exceeded_params
        + _params(AnswerIntake, (uuid.uuid4(), row.campaign_id, row.group_id, row.day, row.answers))
        + [row.campaign_id],
    )
    taken, before = cursor.fetchone()
    return counts, Received(taken == 1, before + taken)


# The columns the fast path writes, in order, their values converted by the models' own fields (no model
# instance, no signals: these models are never audited).
ROW_FIELDS: dict[type[Model], tuple[str, ...]] = {
    UsedSubmissionKey: ("key", "campaign", "used_on"),
    AnswerIntake: ("id", "campaign", "group", "submitted_on", "answers"),
}


@functools.cache
def _fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    fields = tuple(model._meta.get_field(name) for name in ROW_FIELDS[model])
    assert all(isinstance(field, Field) for field in fields)
    return fields  # type: ignore[return-value]


def _params(model: type[Model], values: tuple[Any, ...]) -> list[Any]:
    return [
        field.get_db_prep_save(value, connection)
        for field, value in zip(_fields(model), values, strict=True)
    ]


@functools.cache
def _insert_select(model: type[Model]) -> str:
    """``INSERT INTO <table> (<ROW_FIELDS>) SELECT %s, ...``."""
    fields = _fields(model)
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) SELECT {placeholders}"


def _receive_sql(condition: str) -> str:
    """The used key (if ``condition`` holds and the key is new), then the answer into the intake only if
    the key was written; returns (1 or 0, the campaign's answers waiting before this one)."""
    key = _insert_select(UsedSubmissionKey)
    intake = _insert_select(AnswerIntake)
    table = connection.ops.quote_name(AnswerIntake._meta.db_table)
    return (
        f"WITH used AS ({key} {condition} ON CONFLICT DO NOTHING RETURNING 1), "
        f"taken AS ({intake} FROM used RETURNING 1) "
        f"SELECT (SELECT count(*) FROM taken), (SELECT count(*) FROM {table} WHERE campaign_id = %s)"
    )


# ---------------------------------------------------------------------------------------------
# Moving: shuffled batches


def move_if_due(received: Received, campaign_id: int) -> int:
    """Move the campaign's waiting answers when a whole batch is waiting."""
    if received.stored and received.waiting >= batch_size():
        return move_intake(campaign_id)
    return 0


@transaction.atomic
def move_intake(campaign_id: int, *, everything: bool = False) -> int:
    """Move the campaign's waiting answers into the answers table, shuffled, with new random ids, in one
    transaction; only a whole batch unless ``everything`` (a closed campaign), when a short last batch is
    padded with stored answers rewritten (new ids) so that it is as large as the others. The number of
    answers moved from the intake."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)", [MOVE_LOCK_NAMESPACE, campaign_id]
            )
    waiting = list(
        AnswerIntake.objects.filter(campaign_id=campaign_id).values_list(
            "pk", "group_id", "submitted_on", "answers"
        )
    )
    size = batch_size()
    if not waiting or (len(waiting) < size and not everything):
        return 0
    rows: list[tuple[int | None, date, dict[str, str]]] = [
        (group_id, day, answers) for _pk, group_id, day, answers in waiting
    ]
    if len(rows) < size:
        padding = list(
            SurveyResponse.objects.filter(campaign_id=campaign_id)
            .order_by("?")
            .values_list("pk", "group_id", "submitted_on", "answers")[: size - len(rows)]
        )
        SurveyResponse.objects.filter(pk__in=[pk for pk, *_rest in padding]).delete()
        rows += [(group_id, day, answers) for _pk, group_id, day, answers in padding]
    _write_answers(campaign_id, rows)
    AnswerIntake.objects.filter(pk__in=[pk for pk, *_rest in waiting]).delete()
    return len(waiting)


def _write_answers(campaign_id: int, rows: list[tuple[int | None, date, dict[str, str]]]) -> None:
    _shuffle(rows)
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                id=uuid.uuid4(),
                campaign_id=campaign_id,
                group_id=group_id,
                submitted_on=day,
                answers=answers,
            )
            for group_id, day, answers in rows
        ],
        batch_size=2000,
    )


def release(campaign_ids: Iterable[int]) -> int:
    """Move every answer still waiting of these campaigns (closed ones: the callers check)."""
    waiting = set(
        AnswerIntake.objects.filter(campaign_id__in=list(campaign_ids)).values_list(
            "campaign_id", flat=True
        )
    )
    return sum(move_intake(campaign_id, everything=True) for campaign_id in sorted(waiting))


def waiting_counts(campaign_ids: Iterable[int]) -> list[tuple[int, int | None, date, int]]:
    """(campaign id, group id, day, count) of the answers waiting in the intake: progress counts them."""
    return list(
        AnswerIntake.objects.filter(campaign_id__in=list(campaign_ids))
        .values_list("campaign_id", "group_id", "submitted_on")
        .annotate(count=Count("pk"))
        .order_by()
    )


# ---------------------------------------------------------------------------------------------
# Paper


@transaction.atomic
def store_paper(campaign_id: int, rows: list[tuple[int | None, date, dict[str, str]]]) -> None:
    """Answers typed in from paper: one batch, shuffled, straight into the answers table (the import is
    its own batch; nothing about a respondent comes with a paper sheet)."""
    _write_answers(campaign_id, list(rows))


# ---------------------------------------------------------------------------------------------
# Reading: answers expanded in SQL (the tallies)


def expand_answers_sql(columns: str, where: str) -> str:
    """``SELECT <columns>, item, option, count`` over every answer of the responses (alias ``r``) matching
    ``where``: each answer object expanded by the database's own JSON table function (``jsonb_each_text`` on
    PostgreSQL, ``json_each`` on SQLite) and grouped, so no answer is loaded into Python."""
    table = connection.ops.quote_name(SurveyResponse._meta.db_table)
    if connection.vendor == "postgresql":
        expand = "CROSS JOIN LATERAL jsonb_each_text(r.answers) AS a"
    elif connection.vendor == "sqlite":
        expand = ", json_each(r.answers) AS a"
    else:  # pragma: no cover - openita runs on SQLite and PostgreSQL
        raise NotImplementedError(connection.vendor)
    group_by = f"{columns}, a.key, a.value" if columns else "a.key, a.value"
    select = f"{columns}, " if columns else ""
    return (
        f"SELECT {select}a.key, a.value, COUNT(*) FROM {table} AS r {expand} "
        f"WHERE {where} GROUP BY {group_by}"
    )
