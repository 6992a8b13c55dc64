"""Writes on survey campaigns, quota groups, answers and contacts. Every write runs in a transaction.

Sample sizes come from the framework version's sample rules (never from code): the campaign's minimum is
the sum of the rules that apply to the unit's type, each computed from the population the unit enters;
the framework's quotas become quota groups whose minimums the unit may raise but not lower.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import secrets
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import connection, transaction
from django.db.models import Field, Model
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core.prepared import run_prepared
from openita.core.thai import fiscal_year_bounds
from openita.frameworks.models import (
    FrameworkVersion,
    Instrument,
    InstrumentKind,
    QuotaKind,
    SampleRule,
)
from openita.frameworks.services import get_or_create_assessment
from openita.units.models import Line, Unit

from . import limits
from .models import (
    Campaign,
    EitContact,
    PersonalLinkToken,
    QuotaGroup,
    SurveyKind,
    SurveyResponse,
    UsedSubmissionKey,
    default_daily_cap,
)
from .questionnaire import questionnaire_for

INSTRUMENT_KIND = {
    SurveyKind.IIT: InstrumentKind.INTERNAL_SURVEY,
    SurveyKind.EIT: InstrumentKind.EXTERNAL_SURVEY,
}
CODE_ALPHABET = (
    "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read aloud and typed from posters
)
CODE_LENGTH = 7
SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")

STORED = "stored"
DUPLICATE = "duplicate"


class NoSurveyInstrument(ValidationError):
    pass


class SubmissionRefused(Exception):
    """An answer that is not stored; ``message`` says why, for the respondent."""

    message: str | StrPromise = gettext_lazy("Your answers could not be accepted.")

    def __init__(self, message: str | StrPromise | None = None) -> None:
        if message is not None:
            self.message = message
        super().__init__(str(self.message))


class CampaignClosed(SubmissionRefused):
    message = gettext_lazy("This survey is closed: answers are no longer accepted.")


class CampaignNotOpenYet(SubmissionRefused):
    message = gettext_lazy("This survey is not open yet.")


class DailyCapReached(SubmissionRefused):
    message = gettext_lazy(
        "This survey has received the most answers it accepts in one day. Please try again "
        "tomorrow; the unit can raise the limit if it expects more."
    )


class PersonalLinkUsed(SubmissionRefused):
    message = gettext_lazy("This personal link has already been used to answer.")


class SourceLimitReached(SubmissionRefused):
    """Too many answers from one source; ``hit`` says which limit and for how long."""

    def __init__(self, hit: limits.LimitHit) -> None:
        self.hit = hit
        super().__init__()


class BadSubmissionKey(SubmissionRefused):
    message = gettext_lazy("The form is incomplete. Please open the survey link again.")


class InvalidAnswers(SubmissionRefused):
    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__(_("Some answers need fixing."))


# ---------------------------------------------------------------------------------------------
# Codes and tokens


def new_link_code() -> str:
    """A short code no campaign or quota group uses yet (7 characters: 27 billion codes)."""
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _position in range(CODE_LENGTH))
        if not (
            Campaign.objects.filter(code=code).exists()
            or QuotaGroup.objects.filter(link_code=code).exists()
        ):
            return code


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# ---------------------------------------------------------------------------------------------
# Sample rules


def survey_instrument(version: FrameworkVersion, kind: str) -> Instrument:
    instrument = version.instruments.filter(kind=INSTRUMENT_KIND[SurveyKind(kind)]).first()
    if instrument is None:
        raise NoSurveyInstrument(
            _("The framework %(version)s has no %(kind)s instrument.")
            % {"version": version.label, "kind": SurveyKind(kind).label}
        )
    return instrument


def applicable_rules(instrument: Instrument, unit_type: str) -> list[SampleRule]:
    return [
        rule
        for rule in instrument.sample_rules.prefetch_related("quotas").order_by("position")
        if rule.applies_to(unit_type)
    ]


def compute_minimum(rules: Iterable[SampleRule], population: int | None) -> int:
    """The least number of answers: the sum of the rules (0 for a rule that still needs a population)."""
    return sum(rule.required_count(population) or 0 for rule in rules)


def rules_needing_population(rules: Iterable[SampleRule]) -> list[SampleRule]:
    return [rule for rule in rules if rule.population_share_percent is not None]


def _matching_line(unit_lines: list[Line], code: str, name_th: str) -> Line | None:
    for line in unit_lines:
        if line.code == code:
            return line
    for line in unit_lines:
        if line.name_th and (line.name_th in name_th or name_th in line.name_th):
            return line
    return None


def _framework_groups(campaign: Campaign, rules: list[SampleRule]) -> list[QuotaGroup]:
    """Quota groups for the framework's quotas; with several rules, a rule without quotas is a group."""
    unit_lines = list(campaign.unit.lines.all())
    groups: list[QuotaGroup] = []
    with_quotas = any(rule.quotas.all() for rule in rules)
    for rule in rules:
        quotas = list(rule.quotas.all())
        if not quotas and with_quotas:
            minimum = rule.required_count(campaign.population) or 0
            groups.append(
                QuotaGroup(
                    code=rule.code,
                    kind=QuotaKind.STAKEHOLDER_GROUP,
                    name_th=rule.name_th,
                    name_en=rule.name_en,
                    framework_minimum=minimum,
                    minimum_count=minimum,
                )
            )
        for quota in quotas:
            minimum = quota.minimum_count or 0
            groups.append(
                QuotaGroup(
                    code=quota.code,
                    kind=quota.kind,
                    name_th=quota.name_th,
                    name_en=quota.name_en,
                    framework_quota=quota,
                    framework_minimum=minimum,
                    minimum_count=minimum,
                    line=_matching_line(unit_lines, quota.code, quota.name_th)
                    if quota.kind == QuotaKind.LINE
                    else None,
                )
            )
    for position, group in enumerate(groups):
        group.campaign = campaign
        group.position = position
        group.link_code = new_link_code()
    return groups


@dataclass(frozen=True)
class PlanWarning:
    code: str
    message: str


def plan_warnings(campaign: Campaign, groups: list[QuotaGroup] | None = None) -> list[PlanWarning]:
    """What is wrong with the sampling plan: quotas short of the minimum, a missing population."""
    groups = list(campaign.groups.all()) if groups is None else groups
    warnings: list[PlanWarning] = []
    rules = applicable_rules(campaign.instrument, campaign.unit.unit_type)
    if campaign.population is None and rules_needing_population(rules):
        label = _("the staff count") if campaign.kind == SurveyKind.IIT else _("the population")
        warnings.append(
            PlanWarning(
                "population_missing",
                _("Enter %(what)s: the framework's minimum depends on it.") % {"what": label},
            )
        )
    quota_total = sum(group.minimum_count for group in groups)
    if groups and quota_total < campaign.minimum_count:
        warnings.append(
            PlanWarning(
                "quotas_below_minimum",
                _(
                    "The quotas add up to %(total)s answers, less than the minimum of %(minimum)s: "
                    "plan where the other %(missing)s answers will come from, or raise the quotas."
                )
                % {
                    "total": quota_total,
                    "minimum": campaign.minimum_count,
                    "missing": campaign.minimum_count - quota_total,
                },
            )
        )
    return warnings


# ---------------------------------------------------------------------------------------------
# Campaigns


def default_dates(fiscal_year: int, today: date) -> tuple[date, date]:
    """Opens today (within the fiscal year); closes at the end of June, when collection usually ends."""
    start, end = fiscal_year_bounds(fiscal_year)
    opens_on = min(max(today, start), end)
    closes_on = date(end.year, 6, 30)
    return opens_on, closes_on if closes_on >= opens_on else end


def _check_dates(opens_on: date, closes_on: date) -> None:
    if opens_on > closes_on:
        raise ValidationError(
            {"closes_on": _("The closing date must not be before the opening date.")}
        )


@transaction.atomic
def create_campaign(
    unit: Unit,
    fiscal_year: int,
    kind: str,
    *,
    opens_on: date | None = None,
    closes_on: date | None = None,
    population: int | None = None,
    daily_cap: int | None = None,
) -> Campaign:
    """The unit's IIT or EIT campaign for the year, built from the framework version of its assessment."""
    assessment = get_or_create_assessment(unit, fiscal_year)
    if Campaign.objects.filter(assessment=assessment, kind=kind).exists():
        raise ValidationError(
            _("The %(kind)s campaign of %(year)s already exists.")
            % {"kind": SurveyKind(kind).label, "year": fiscal_year}
        )
    instrument = survey_instrument(assessment.framework_version, kind)
    default_opens, default_closes = default_dates(fiscal_year, timezone.localdate())
    campaign = Campaign(
        assessment=assessment,
        instrument=instrument,
        kind=kind,
        code=new_link_code(),
        opens_on=opens_on or default_opens,
        closes_on=closes_on or default_closes,
        population=population,
        daily_cap=daily_cap if daily_cap is not None else default_daily_cap(),
    )
    _check_dates(campaign.opens_on, campaign.closes_on)
    rules = applicable_rules(instrument, unit.unit_type)
    campaign.minimum_count = compute_minimum(rules, population)
    campaign.save()
    QuotaGroup.objects.bulk_create(_framework_groups(campaign, rules))
    return campaign


def find_campaign(unit: Unit, fiscal_year: int, kind: str) -> Campaign | None:
    return (
        Campaign.objects.with_unit()
        .filter(assessment__unit=unit, assessment__fiscal_year=fiscal_year, kind=kind)
        .first()
    )


def ensure_campaign(unit: Unit, fiscal_year: int, kind: str) -> tuple[Campaign, bool]:
    """The campaign, created with the framework's defaults when the unit has none yet."""
    existing = find_campaign(unit, fiscal_year, kind)
    if existing is not None:
        return existing, False
    return create_campaign(unit, fiscal_year, kind), True


@transaction.atomic
def update_campaign(
    campaign: Campaign,
    *,
    opens_on: date,
    closes_on: date,
    population: int | None,
    daily_cap: int,
) -> Campaign:
    _check_dates(opens_on, closes_on)
    if daily_cap < 1:
        raise ValidationError({"daily_cap": _("Allow at least one answer a day.")})
    campaign.opens_on, campaign.closes_on = opens_on, closes_on
    campaign.population, campaign.daily_cap = population, daily_cap
    rules = applicable_rules(campaign.instrument, campaign.unit.unit_type)
    campaign.minimum_count = compute_minimum(rules, population)
    campaign.save()
    _refresh_rule_groups(campaign, rules)
    return campaign


def _refresh_rule_groups(campaign: Campaign, rules: list[SampleRule]) -> None:
    """A group standing for a whole rule follows that rule's minimum when the population changes."""
    for rule in rules:
        group = campaign.groups.filter(code=rule.code, framework_quota__isnull=True).first()
        if group is None:
            continue
        minimum = rule.required_count(campaign.population) or 0
        group.framework_minimum = minimum
        group.minimum_count = max(group.minimum_count, minimum)
        group.save(update_fields=["framework_minimum", "minimum_count"])


@transaction.atomic
def set_group_minimums(campaign: Campaign, minimums: Mapping[int, int]) -> list[QuotaGroup]:
    """Set quota minimums; a framework quota is never lowered below the framework's own minimum."""
    groups = {group.pk: group for group in campaign.groups.all()}
    errors: list[str] = []
    for group_id, minimum in minimums.items():
        group = groups[group_id]
        if minimum < group.framework_minimum:
            errors.append(
                _("%(group)s: the framework asks for at least %(minimum)s answers.")
                % {"group": group.name, "minimum": group.framework_minimum}
            )
            continue
        if group.minimum_count != minimum:
            group.minimum_count = minimum
            group.save(update_fields=["minimum_count"])
    if errors:
        raise ValidationError(errors)
    return list(groups.values())


def _next_group_code(campaign: Campaign, base: str) -> str:
    taken = set(campaign.groups.values_list("code", flat=True))
    code, number = base, 2
    while code in taken:
        code, number = f"{base}-{number}", number + 1
    return code


@transaction.atomic
def add_group(
    campaign: Campaign,
    *,
    name_th: str,
    name_en: str = "",
    kind: str = QuotaKind.STAKEHOLDER_GROUP,
    line: Line | None = None,
    minimum_count: int = 0,
) -> QuotaGroup:
    if line is not None and line.unit_id != campaign.unit.pk:
        raise ValidationError(_("This line of work belongs to another unit."))
    if campaign.kind == SurveyKind.IIT and kind != QuotaKind.LINE:
        raise ValidationError(_("IIT respondents are grouped by line of work only."))
    position = campaign.groups.count()
    return QuotaGroup.objects.create(
        campaign=campaign,
        code=_next_group_code(campaign, line.code if line else f"group{position + 1}"),
        link_code=new_link_code(),
        kind=kind,
        name_th=name_th.strip(),
        name_en=name_en.strip(),
        line=line,
        minimum_count=minimum_count,
        position=position,
    )


@transaction.atomic
def add_line_groups(campaign: Campaign) -> list[QuotaGroup]:
    """A quota group for each of the unit's lines of work that has none yet."""
    grouped = set(campaign.groups.exclude(line=None).values_list("line_id", flat=True))
    return [
        add_group(
            campaign, name_th=line.name_th, name_en=line.name_en, kind=QuotaKind.LINE, line=line
        )
        for line in campaign.unit.lines.all()
        if line.pk not in grouped
    ]


@transaction.atomic
def remove_group(group: QuotaGroup) -> None:
    if group.is_from_framework:
        raise ValidationError(_("A quota of the framework cannot be removed."))
    if group.responses.exists():
        raise ValidationError(_("This group already has answers: it cannot be removed."))
    group.delete()


# ---------------------------------------------------------------------------------------------
# Answers


def personal_link_state(campaign: Campaign, token: str) -> str:
    """``unknown``, ``used`` or ``valid``."""
    found = (
        PersonalLinkToken.objects.filter(pk=token_hash(token), campaign=campaign)
        .values_list("is_used", flat=True)
        .first()
    )
    if found is None:
        return "unknown"
    return "used" if found else "valid"


def check_open(campaign: Campaign, today: date) -> None:
    if today > campaign.closes_on:
        raise CampaignClosed
    if today < campaign.opens_on:
        raise CampaignNotOpenYet


def submit_response(
    campaign: Campaign,
    *,
    answers: Mapping[str, str],
    submission_key: str,
    group: QuotaGroup | None = None,
    token: str = "",
    today: date | None = None,
    source_limits: Sequence[limits.Limit] = (),
) -> str:
    """Store one respondent's answers exactly once; STORED, or DUPLICATE for a key already used.

    Refuses (`SubmissionRefused`) a closed campaign, invalid answers, a used personal link, answers beyond
    the campaign's daily cap and, with ``source_limits``, beyond the sender's limits. The answer is counted
    against its limits first, in a quick transaction of its own, then the used key and the answer are
    written together, durably; whenever the answer is not stored, its counts are taken back. On PostgreSQL
    these are two prepared statements (`_count_then_store`).
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    check_open(campaign, today)
    if not SUBMISSION_KEY.match(submission_key or ""):
        raise BadSubmissionKey
    problems = questionnaire_for(campaign).problems(answers)
    if problems:
        raise InvalidAnswers(problems)
    if group is not None and group.campaign_id != campaign.pk:
        raise SubmissionRefused(_("This group does not belong to the survey."))
    counted = [*source_limits, limits.daily_cap(campaign.pk, campaign.daily_cap, today)]
    counters = limits.counters_of(counted)
    hashed_token = token_hash(token) if token else ""
    key_params = _row_params(UsedSubmissionKey, (submission_key, campaign.pk, today))
    answer_params = _row_params(
        SurveyResponse,
        (uuid.uuid4(), campaign.pk, group.pk if group else None, today, dict(answers)),
    )
    try:
        if not hashed_token and limits.can_write_unwaited():
            counts, stored = _count_then_store(counted, key_params, answer_params)
            if stored:
                return STORED
        else:
            counts = limits.bump(counters)
        hit = limits.first_hit(counted, counts, now)
        if hit is not None:
            limits.unbump(counters)
            if UsedSubmissionKey.objects.filter(pk=submission_key).exists():
                return DUPLICATE  # the resend of an answer stored before the limit was reached
            raise (
                DailyCapReached if hit.scope == limits.DAILY_CAP_SCOPE else SourceLimitReached(hit)
            )
        # Not tried yet, or not stored at once although this answer's own counts were within the
        # limits: its key is used (this form was sent before), or answers counted in between made the
        # database's check fail. The used key decides.
        stored = _store_response(campaign, key_params, answer_params, hashed_token)
    except (SourceLimitReached, DailyCapReached):
        raise
    except BaseException:
        with contextlib.suppress(Exception):  # the original error is the one to report
            limits.unbump(counters)
        raise
    if not stored:
        limits.unbump(counters)
        return DUPLICATE
    return STORED


def _count_then_store(
    counted: list[limits.Limit], key_params: list[Any], answer_params: list[Any]
) -> tuple[dict[str, int], bool]:
    """PostgreSQL, the public form's hot path: count the answer against its limits (a transaction of its
    own that does not wait for the disk), then one statement writes the used key and the answer, durably,
    unless the key is used or a counter is above its maximum. Both statements are prepared (planned once
    per connection). Returns the new counts and whether the answer was stored.
    """
    counts = limits.bump(limits.counters_of(counted))
    exceeded_sql, exceeded_params = limits.exceeded_condition(counted)
    stored = run_prepared(
        _key_and_answer_sql(f"WHERE NOT {exceeded_sql}"),
        key_params + exceeded_params + answer_params,
    )
    return counts, stored.rowcount == 1


def _store_response(
    campaign: Campaign, key_params: list[Any], answer_params: list[Any], hashed_token: str
) -> bool:
    """Write the used key and the answer, both or neither; False when the key was used before."""
    if not hashed_token and connection.vendor == "postgresql":
        # One statement: one round trip and, outside a transaction, one transaction of its own.
        with connection.cursor() as cursor:
            cursor.execute(_key_and_answer_sql(), key_params + answer_params)
            return cursor.rowcount == 1
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_insert_sql(UsedSubmissionKey) + " ON CONFLICT DO NOTHING", key_params)
        if cursor.rowcount != 1:
            return False
        if hashed_token:
            used = PersonalLinkToken.objects.filter(
                pk=hashed_token, campaign=campaign, is_used=False
            ).update(is_used=True)
            if not used:
                raise PersonalLinkUsed
        cursor.execute(_insert_sql(SurveyResponse), answer_params)
    return True


# The columns the public form writes, in order. These rows are written without the ORM's per-object
# machinery (no model instance, no signals, which these models do not use: they are never audited), their
# values converted by the models' own fields.
ROW_FIELDS: dict[type[Model], tuple[str, ...]] = {
    UsedSubmissionKey: ("key", "campaign", "used_on"),
    SurveyResponse: ("id", "campaign", "group", "submitted_on", "answers"),
}


@functools.cache
def _fields(model: type[Model]) -> tuple[Field[Any, Any], ...]:
    fields = tuple(model._meta.get_field(name) for name in ROW_FIELDS[model])
    assert all(isinstance(field, Field) for field in fields)
    return fields  # type: ignore[return-value]


def _row_params(model: type[Model], values: tuple[Any, ...]) -> list[Any]:
    return [
        field.get_db_prep_save(value, connection)
        for field, value in zip(_fields(model), values, strict=True)
    ]


@functools.cache
def _insert_sql(model: type[Model], *, select: bool = False) -> str:
    """``INSERT INTO <table> (<ROW_FIELDS>) VALUES (%s, ...)``, or ``... SELECT %s, ...``."""
    fields = _fields(model)
    columns = ", ".join(connection.ops.quote_name(str(field.column)) for field in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = f"SELECT {placeholders}" if select else f"VALUES ({placeholders})"
    return f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) {rows}"


def _key_and_answer_sql(condition: str = "") -> str:
    """PostgreSQL: the used key (if ``condition``, a ``WHERE`` clause, holds), then the answer only if the
    key was new, in one statement."""
    key = _insert_sql(UsedSubmissionKey, select=True)
    answer = _insert_sql(SurveyResponse, select=True)
    return f"WITH used AS ({key} {condition} ON CONFLICT DO NOTHING RETURNING 1) {answer} FROM used"


@dataclass(frozen=True)
class PaperSheet:
    """One paper questionnaire: its group (or None) and its answers as option codes."""

    group: QuotaGroup | None
    answers: dict[str, str]


@transaction.atomic
def store_paper_answers(
    campaign: Campaign, sheets: list[PaperSheet], today: date | None = None
) -> int:
    """Store answers typed in from paper, checked like the web form's, dated the day of the import."""
    today = today or timezone.localdate()
    check_open(campaign, today)
    questionnaire = questionnaire_for(campaign)
    for number, sheet in enumerate(sheets, start=1):
        problems = questionnaire.problems(sheet.answers)
        if problems:
            raise ValidationError(
                _("Questionnaire %(number)s: %(problems)s")
                % {"number": number, "problems": " ".join(problems.values())}
            )
        if sheet.group is not None and sheet.group.campaign_id != campaign.pk:
            raise ValidationError(_("A group of another survey was given."))
    SurveyResponse.objects.bulk_create(
        SurveyResponse(
            campaign=campaign, group=sheet.group, submitted_on=today, answers=sheet.answers
        )
        for sheet in sheets
    )
    if sheets:
        record(
            campaign,
            AuditAction.EVENT,
            message=f"Imported {len(sheets)} paper questionnaire(s)",
        )
    return len(sheets)


# ---------------------------------------------------------------------------------------------
# EIT contacts (personal data: kept apart from answers, deleted after the campaign)


@dataclass(frozen=True)
class ContactRow:
    name: str
    organisation: str
    phone: str
    email: str
    contact_type: str
    group: QuotaGroup | None = None


def _require_eit(campaign: Campaign) -> None:
    if campaign.kind != SurveyKind.EIT:
        raise ValidationError(_("Contacts belong to an EIT campaign."))


@transaction.atomic
def import_contacts(campaign: Campaign, rows: list[ContactRow]) -> int:
    _require_eit(campaign)
    EitContact.objects.bulk_create(
        EitContact(
            campaign=campaign,
            name=row.name,
            organisation=row.organisation,
            phone=row.phone,
            email=row.email,
            contact_type=row.contact_type,
            group=row.group,
        )
        for row in rows
    )
    record(campaign, AuditAction.EVENT, message=f"Imported {len(rows)} EIT contact(s)")
    return len(rows)


def send_personal_links(
    campaign: Campaign, link_for: Callable[[str], str], today: date | None = None
) -> int:
    """E-mail a one-time personal link to every contact with an e-mail who has not been invited yet.

    The token is stored only as a hash and without the contact: after sending, nobody can tell which
    contact holds which link. Returns the number of e-mails sent.
    """
    _require_eit(campaign)
    today = today or timezone.localdate()
    contacts = list(
        campaign.contacts.filter(invited_on__isnull=True).exclude(email="").select_related("group")
    )
    if not contacts:
        return 0
    sent = 0
    with get_connection() as connection, translation.override("th"):
        for contact in contacts:
            token = secrets.token_urlsafe(24)
            with transaction.atomic():
                PersonalLinkToken.objects.create(
                    token_hash=token_hash(token), campaign=campaign, group=contact.group
                )
                contact.invited_on = today
                contact.save(update_fields=["invited_on"])
            context = {"campaign": campaign, "contact": contact, "link": link_for(token)}
            EmailMessage(
                subject=render_to_string("surveys/email/invitation_subject.txt", context).strip(),
                body=render_to_string("surveys/email/invitation.txt", context),
                to=[contact.email],
                connection=connection,
            ).send()
            sent += 1
    record(campaign, AuditAction.EVENT, message=f"Sent {sent} personal link(s) by e-mail")
    return sent


@transaction.atomic
def delete_contacts(campaign: Campaign) -> int:
    """Delete every contact of the campaign (PDPA: personal data kept no longer than needed)."""
    deleted = campaign.contacts.all().delete()[0]
    record(campaign, AuditAction.EVENT, message=f"Deleted {deleted} EIT contact(s)")
    return deleted


@transaction.atomic
def purge_after_campaign(campaign: Campaign, today: date | None = None) -> dict[str, int]:
    """After the closing date: delete contacts, personal-link tokens and used submission keys."""
    today = today or timezone.localdate()
    if campaign.is_open_on(today) or today < campaign.opens_on:
        raise ValidationError(_("The campaign is not closed yet."))
    contacts = campaign.contacts.all().delete()[0]
    tokens = PersonalLinkToken.objects.filter(campaign=campaign).delete()[0]
    keys = UsedSubmissionKey.objects.filter(campaign=campaign).delete()[0]
    if contacts or tokens:
        record(
            campaign,
            AuditAction.EVENT,
            message=f"Deleted {contacts} contact(s) and {tokens} personal link(s) after the campaign",
        )
    return {"contacts": contacts, "tokens": tokens, "keys": keys}
