"""Writes on survey campaigns, quota groups, answers and contacts. Every write runs in a transaction.

Sample sizes come from the framework version's sample rules (never from code): the campaign's minimum is
the sum of the rules that apply to the unit's type, each computed from the population the unit enters;
the framework's quotas become quota groups whose minimums the unit may raise but not lower.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import math
import re
import secrets
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrPromise

from openita.audit.models import AuditAction
from openita.audit.registry import record
from openita.core.anonymity import min_group_size
from openita.core.dates import format_date
from openita.core.thai import fiscal_year_bounds
from openita.frameworks.models import (
    Assessment,
    FrameworkVersion,
    Instrument,
    InstrumentKind,
    QuotaKind,
    SampleQuota,
    SampleRule,
)
from openita.frameworks.services import get_or_create_assessment
from openita.units.models import Line, Unit

from . import limits, store
from .models import (
    AccessCode,
    AnswerIntake,
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
KEY_NONCE = re.compile(r"^[A-Za-z0-9_-]{16}$")
KEY_LENGTH = 16 + 22  # a random nonce, then its signature
ACCESS_CODE_LENGTH = 10  # 31^10: about 8 × 10^14 codes

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


class StaffCapReached(SubmissionRefused):
    message = gettext_lazy(
        "This survey has already received as many answers as the unit has staff (with a margin). If "
        "you have not answered yet, please tell the unit's ITA administrator: they can correct the "
        "staff count."
    )


class AccessCodeNeeded(SubmissionRefused):
    message = gettext_lazy("Enter the access code you were given to answer this survey.")


class AccessCodeUsed(SubmissionRefused):
    message = gettext_lazy(
        "This access code has already been used, or is not valid. Each code works once."
    )


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


def _key_signature(campaign_id: int, nonce: str, secret: str | None = None) -> str:
    digest = salted_hmac(
        "openita.surveys.submission-key", f"{campaign_id}|{nonce}", secret=secret
    ).digest()
    return base64.urlsafe_b64encode(digest[:16]).decode().rstrip("=")


def sign_submission_key(campaign_id: int, nonce: str, secret: str | None = None) -> str:
    """The submission key of ``nonce`` (16 URL-safe characters) for the campaign (signed with SECRET_KEY,
    or ``secret``: the benchmark signs for its server)."""
    if not KEY_NONCE.match(nonce):
        raise ValueError("a nonce is 16 URL-safe characters")
    return nonce + _key_signature(campaign_id, nonce, secret)


def new_submission_key(campaign_id: int) -> str:
    """A key the server issues when the form is first shown: random, signed for the campaign, without a
    time; it is used once (`UsedSubmissionKey`). A client cannot make up keys of its own."""
    return sign_submission_key(campaign_id, secrets.token_urlsafe(12))


def submission_key_is_genuine(campaign_id: int, key: str) -> bool:
    if not isinstance(key, str) or len(key) != KEY_LENGTH or not KEY_NONCE.match(key[:16]):
        return False
    return constant_time_compare(key[16:], _key_signature(campaign_id, key[:16]))


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def normalise_access_code(code: str) -> str:
    """As typed: spaces and dashes dropped, lower case."""
    return re.sub(r"[\s-]", "", code).lower()


def access_code_hash(code: str) -> str:
    return hashlib.sha256(f"access-code|{normalise_access_code(code)}".encode()).hexdigest()


def access_code_is_valid(campaign: Campaign, code: str) -> bool:
    return AccessCode.objects.filter(pk=access_code_hash(code), campaign=campaign).exists()


def format_access_code(code: str) -> str:
    """``abcde-fghjk``: easier to read from paper."""
    return f"{code[:5]}-{code[5:]}"


@transaction.atomic
def create_access_codes(campaign: Campaign, count: int) -> list[str]:
    """``count`` single-use access codes for the IIT, made in one batch and stored shuffled as hashes:
    the list returned is the only copy of the codes (print or download it at once). Nothing records who
    gets which code."""
    if campaign.kind != SurveyKind.IIT:
        raise ValidationError(_("Access codes are for the IIT."))
    if not 1 <= count <= 5000:
        raise ValidationError(_("Make between 1 and 5,000 codes at a time."))
    codes: set[str] = set()
    while len(codes) < count:
        codes.add("".join(secrets.choice(CODE_ALPHABET) for _ in range(ACCESS_CODE_LENGTH)))
    hashes = [access_code_hash(code) for code in codes]
    secrets.SystemRandom().shuffle(hashes)
    AccessCode.objects.bulk_create(
        [AccessCode(code_hash=code_hash, campaign=campaign) for code_hash in hashes],
        ignore_conflicts=True,
    )
    if not campaign.requires_access_code:
        campaign.requires_access_code = True
        campaign.save(update_fields=["requires_access_code", "updated_at"])
    record(campaign, AuditAction.EVENT, message=f"Made {count} access code(s)")
    printed = sorted(format_access_code(code) for code in codes)
    return printed


def unused_access_codes(campaign: Campaign) -> int:
    return AccessCode.objects.filter(campaign=campaign).count()


@transaction.atomic
def set_access_codes_required(campaign: Campaign, required: bool) -> Campaign:
    if required and campaign.kind != SurveyKind.IIT:
        raise ValidationError(_("Access codes are for the IIT."))
    campaign.requires_access_code = required
    campaign.save(update_fields=["requires_access_code", "updated_at"])
    return campaign


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
    provisional: bool = False,
) -> Campaign:
    """The unit's IIT or EIT campaign for the year, built from the framework version of its assessment
    (opening the year with an earlier framework only when ``provisional`` was chosen)."""
    assessment = get_or_create_assessment(unit, fiscal_year, provisional=provisional)
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
    today = timezone.localdate()
    if is_closed(campaign, today) and closes_on >= today:
        # Reopening would let answers be compared before and after (docs/anonymity.md).
        raise ValidationError(
            {"closes_on": _("A closed survey cannot be reopened: its answers have been released.")}
        )
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
    if group.responses.exists() or AnswerIntake.objects.filter(group=group).exists():
        raise ValidationError(_("This group already has answers: it cannot be removed."))
    group.delete()


# ---------------------------------------------------------------------------------------------
# Answers


def is_closed(campaign: Campaign, today: date | None = None) -> bool:
    return (today or timezone.localdate()) > campaign.closes_on


def answer_count(campaign: Campaign) -> int:
    """Answers stored and still waiting to be moved."""
    return (
        SurveyResponse.objects.filter(campaign=campaign).count()
        + AnswerIntake.objects.filter(campaign=campaign).count()
    )


class NotReleased(ValidationError):
    """Answers (exports, tallies by item) are released only after the campaign closes and only with
    enough of them."""


def release_answers(campaign: Campaign, today: date | None = None) -> None:
    """Make the campaign's answers readable: refused while it is open (two readings an answer apart
    would show that answer) and under the smallest group shown; else every answer still waiting is
    moved into the answers table."""
    if not is_closed(campaign, today):
        raise NotReleased(
            _(
                "Answers can be exported only after the survey closes (%(date)s), so that nobody "
                "can tell one person's answers by comparing two exports."
            )
            % {"date": format_date(campaign.closes_on)}
        )
    store.release([campaign.pk])
    if SurveyResponse.objects.filter(campaign=campaign).count() < min_group_size():
        raise NotReleased(
            _(
                "Fewer than %(count)s people answered: their answers are not shown, to keep them anonymous."
            )
            % {"count": min_group_size()}
        )


def check_open(campaign: Campaign, today: date) -> None:
    if today > campaign.closes_on:
        raise CampaignClosed
    if today < campaign.opens_on:
        raise CampaignNotOpenYet


def staff_cap(campaign: Campaign) -> int | None:
    """The most answers an IIT accepts in all: the staff count and a margin
    (OPENITA_SURVEY_STAFF_MARGIN_PERCENT, at least one); None without a staff count, and for the EIT."""
    if campaign.kind != SurveyKind.IIT or not campaign.population:
        return None
    percent = int(getattr(settings, "OPENITA_SURVEY_STAFF_MARGIN_PERCENT", 10))
    return campaign.population + max(1, math.ceil(campaign.population * percent / 100))


def submit_response(
    campaign: Campaign,
    *,
    answers: Mapping[str, str],
    submission_key: str,
    group: QuotaGroup | None = None,
    token: str = "",
    access_code: str = "",
    today: date | None = None,
    source_limits: Sequence[limits.Limit] = (),
) -> str:
    """Receive one respondent's answers exactly once; STORED, or DUPLICATE for a key already used.

    Refuses (`SubmissionRefused`) a closed campaign, a submission key the server did not issue, invalid
    answers, a used personal link or access code, a missing access code where the campaign needs one,
    answers beyond the campaign's daily cap or staff count and, with ``source_limits``, beyond the sender's
    limits. The answer is counted against its limits first, in a quick transaction of its own, then
    received durably by the store (`openita.surveys.store`), which moves it into the answers table with a
    shuffled batch of others; whenever the answer is not stored, its counts are taken back.
    """
    now = timezone.now()
    today = today or timezone.localdate(now)
    check_open(campaign, today)
    if not submission_key_is_genuine(campaign.pk, submission_key):
        raise BadSubmissionKey
    if campaign.requires_access_code and not token and not access_code:
        raise AccessCodeNeeded
    problems = questionnaire_for(campaign).problems(answers)
    if problems:
        raise InvalidAnswers(problems)
    if group is not None and group.campaign_id != campaign.pk:
        raise SubmissionRefused(_("This group does not belong to the survey."))
    counted = [*source_limits, limits.daily_cap(campaign.pk, campaign.daily_cap, today)]
    cap = staff_cap(campaign)
    if cap is not None:
        counted.append(limits.staff_cap(campaign.pk, cap, campaign.closes_on))
    counters = limits.counters_of(counted)
    row = store.AnswerRow(campaign.pk, group.pk if group else None, today, dict(answers))
    burns = {
        "token_hash": token_hash(token) if token else "",
        "code_hash": access_code_hash(access_code) if access_code else "",
    }
    try:
        if store.can_take_fast_path(burns=any(burns.values())):
            counts, received = store.count_then_receive(counted, submission_key, row)
            if received.stored:
                store.move_if_due(received, campaign.pk)
                return STORED
        else:
            counts = limits.bump(counters)
        hit = limits.first_hit(counted, counts, now)
        if hit is not None:
            limits.unbump(counters)
            if UsedSubmissionKey.objects.filter(pk=submission_key).exists():
                return DUPLICATE  # the resend of an answer stored before the limit was reached
            if hit.scope == limits.DAILY_CAP_SCOPE:
                raise DailyCapReached
            if hit.scope == limits.STAFF_CAP_SCOPE:
                raise StaffCapReached
            raise SourceLimitReached(hit)
        # Not tried yet, or not stored at once although this answer's own counts were within the
        # limits: its key is used (this form was sent before), or answers counted in between made the
        # database's check fail. The used key decides.
        received = store.receive(row, submission_key, **burns)
    except store.NotBurned as refused:
        with contextlib.suppress(Exception):
            limits.unbump(counters)
        raise (PersonalLinkUsed if refused.what == "token" else AccessCodeUsed) from None
    except (SourceLimitReached, DailyCapReached, StaffCapReached):
        raise
    except BaseException:
        with contextlib.suppress(Exception):  # the original error is the one to report
            limits.unbump(counters)
        raise
    if not received.stored:
        limits.unbump(counters)
        return DUPLICATE
    store.move_if_due(received, campaign.pk)
    return STORED


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
    cap = staff_cap(campaign)
    if cap is not None and answer_count(campaign) + len(sheets) > cap:
        raise ValidationError(
            _(
                "These questionnaires would bring the answers above the staff count (%(count)s) "
                "and its margin: correct the staff count first."
            )
            % {"count": campaign.population}
        )
    store.store_paper(
        campaign.pk,
        [(sheet.group.pk if sheet.group else None, today, sheet.answers) for sheet in sheets],
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

    The tokens are made in one batch, stored as hashes in a shuffled order in a transaction of their own
    (with the contact's group, nothing else); the contacts are marked invited in another transaction. So no
    transaction, row order or identifier ties a token to a contact: after sending, nobody can tell which
    contact holds which link. The mails go out after both commits. Returns the number of e-mails sent.
    """
    _require_eit(campaign)
    today = today or timezone.localdate()
    contacts = list(
        campaign.contacts.filter(invited_on__isnull=True).exclude(email="").select_related("group")
    )
    if not contacts:
        return 0
    tokens = [secrets.token_urlsafe(24) for _contact in contacts]
    stored = [
        PersonalLinkToken(token_hash=token_hash(token), campaign=campaign, group=contact.group)
        for token, contact in zip(tokens, contacts, strict=True)
    ]
    secrets.SystemRandom().shuffle(stored)
    with transaction.atomic():
        PersonalLinkToken.objects.bulk_create(stored)
    with transaction.atomic():
        EitContact.objects.filter(pk__in=[contact.pk for contact in contacts]).update(
            invited_on=today
        )
    sent = 0
    with get_connection() as mail, translation.override("th"):
        for token, contact in zip(tokens, contacts, strict=True):
            context = {"campaign": campaign, "contact": contact, "link": link_for(token)}
            EmailMessage(
                subject=render_to_string("surveys/email/invitation_subject.txt", context).strip(),
                body=render_to_string("surveys/email/invitation.txt", context),
                to=[contact.email],
                connection=mail,
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
    """After the closing date: move the answers still waiting, then delete contacts, personal-link tokens,
    unused access codes and used submission keys."""
    today = today or timezone.localdate()
    if campaign.is_open_on(today) or today < campaign.opens_on:
        raise ValidationError(_("The campaign is not closed yet."))
    store.release([campaign.pk])
    contacts = campaign.contacts.all().delete()[0]
    tokens = PersonalLinkToken.objects.filter(campaign=campaign).delete()[0]
    keys = UsedSubmissionKey.objects.filter(campaign=campaign).delete()[0]
    AccessCode.objects.filter(campaign=campaign).delete()
    if contacts or tokens:
        record(
            campaign,
            AuditAction.EVENT,
            message=f"Deleted {contacts} contact(s) and {tokens} personal link(s) after the campaign",
        )
    return {"contacts": contacts, "tokens": tokens, "keys": keys}


def move_to_framework(assessment: Assessment, old: Any, new: Any) -> list[str]:
    """The assessment's campaigns follow it onto another framework version (frameworks.move_to_framework):
    the instrument and the framework quotas are rebound by code."""
    problems: list[str] = []
    instruments = {instrument.code: instrument for instrument in new.instruments.all()}
    quotas = {
        (quota.rule.code, quota.code): quota
        for quota in SampleQuota.objects.filter(rule__version=new).select_related("rule")
    }
    for campaign in Campaign.objects.filter(assessment=assessment).select_related("instrument"):
        instrument = instruments.get(campaign.instrument.code)
        if instrument is None:
            problems.append(
                _("The survey %(code)s is not in the new framework.")
                % {"code": campaign.instrument.code}
            )
            continue
        campaign.instrument = instrument
        campaign.save(update_fields=["instrument"])
        for group in QuotaGroup.objects.filter(
            campaign=campaign, framework_quota__isnull=False
        ).select_related("framework_quota__rule"):
            quota = group.framework_quota
            assert quota is not None
            group.framework_quota = quotas.get((quota.rule.code, quota.code))
            group.save(update_fields=["framework_quota"])
    return problems
