"""IIT and EIT survey campaigns, their quota groups, and anonymous answers.

Campaign (one per assessment and instrument) ─┬─ QuotaGroup (line of work or stakeholder group, minimum)
                                              ├─ SurveyResponse (group, date, answers)   ← anonymous
                                              ├─ AnswerIntake (same shape, short-lived: see store.py)
                                              ├─ AccessCode (IIT single-use codes, as hashes)
                                              ├─ UsedSubmissionKey                        ← no link to answers
                                              ├─ PersonalLinkToken                        ← no link to answers
                                              └─ EitContact (PDPA: deleted after the campaign)
RateCounter: counters for rate limits and daily caps (hashed sources, never an address).

Anonymity is a property of the schema and of the way rows are written (docs/anonymity.md, ADR 0005): an
answer row has an unordered random id, its campaign, its quota group, the DATE it was sent and the option
codes chosen, nothing else; it reaches the answers table only in a shuffled batch of several answers
(`openita.surveys.store`). Nothing here is audited except campaign settings.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from openita.frameworks.models import Assessment, Instrument, QuotaKind, SampleQuota, localized
from openita.units.models import Line, Unit


class SurveyKind(models.TextChoices):
    IIT = "iit", _("IIT (internal stakeholders)")
    EIT = "eit", _("EIT (external stakeholders)")


class CampaignStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Not open yet")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


def default_daily_cap() -> int:
    """The daily cap a new campaign starts with (OPENITA_SURVEY_DAILY_CAP)."""
    return int(getattr(settings, "OPENITA_SURVEY_DAILY_CAP", 1000))


class CampaignQuerySet(models.QuerySet["Campaign"]):
    def with_unit(self) -> CampaignQuerySet:
        return self.select_related(
            "assessment__unit", "assessment__framework_version", "instrument"
        )

    def with_response_counts(self) -> CampaignQuerySet:
        """``response_count``: answers stored and still waiting in the intake (`AnswerIntake`)."""
        waiting = (
            AnswerIntake.objects.filter(campaign=models.OuterRef("pk"))
            .order_by()
            .values("campaign")
            .annotate(count=models.Count("pk"))
            .values("count")
        )
        return self.annotate(
            response_count=models.Count("responses")
            + Coalesce(models.Subquery(waiting, output_field=models.IntegerField()), 0)
        )


class Campaign(models.Model):
    """The collection of one survey (IIT or EIT) for one assessment: dates, sample size, daily cap."""

    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.PROTECT,
        related_name="campaigns",
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("survey"), max_length=3, choices=SurveyKind.choices)
    code = models.CharField(_("short link code"), max_length=16, unique=True, editable=False)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    population = models.PositiveIntegerField(
        _("population"),
        null=True,
        blank=True,
        help_text=_(
            "IIT: the number of staff who may answer (at least one year of service). EIT: the number "
            "of outside stakeholders, when the framework's rule is a share of them."
        ),
    )
    minimum_count = models.PositiveIntegerField(
        _("minimum answers"),
        default=0,
        editable=False,
        help_text=_("Computed from the framework's sample rules and the population."),
    )
    daily_cap = models.PositiveIntegerField(
        _("most answers per day"),
        default=1000,
        help_text=_("A brake on abuse: answers beyond this number in one day are refused."),
    )
    requires_access_code = models.BooleanField(
        _("staff answer with a single-use access code"),
        default=False,
        help_text=_(
            "Each staff member gets a printed code that works once; the code is never stored with "
            "the answer."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CampaignQuerySet.as_manager()

    class Meta:
        verbose_name = _("survey campaign")
        verbose_name_plural = _("survey campaigns")
        ordering = ["assessment", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "kind"], name="campaign_one_per_assessment_and_kind"
            ),
            models.CheckConstraint(
                condition=models.Q(opens_on__lte=models.F("closes_on")),
                name="campaign_opens_before_it_closes",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.assessment}"

    @property
    def unit(self) -> Unit:
        return self.assessment.unit

    @property
    def fiscal_year(self) -> int:
        return self.assessment.fiscal_year

    def status_on(self, day: date) -> str:
        if day < self.opens_on:
            return CampaignStatus.SCHEDULED
        if day > self.closes_on:
            return CampaignStatus.CLOSED
        return CampaignStatus.OPEN

    def is_open_on(self, day: date) -> bool:
        return self.status_on(day) == CampaignStatus.OPEN

    @property
    def has_english(self) -> bool:
        """EIT is also offered in English, for foreign service users; IIT is Thai only."""
        return self.kind == SurveyKind.EIT


class QuotaGroup(models.Model):
    """A line of work (IIT, EIT) or stakeholder group (EIT) that respondents choose, with a minimum.

    ``framework_minimum`` is the floor the framework sets (0 for a group the unit added); the unit may raise
    ``minimum_count`` above it, never lower it.
    """

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="groups")
    code = models.CharField(_("code"), max_length=40)
    link_code = models.CharField(_("short link code"), max_length=16, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=QuotaKind.choices)
    name_th = models.CharField(_("name in Thai"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)
    line = models.ForeignKey(
        Line,
        verbose_name=_("line of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    framework_quota = models.ForeignKey(
        SampleQuota, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    framework_minimum = models.PositiveIntegerField(_("framework minimum"), default=0)
    minimum_count = models.PositiveIntegerField(_("minimum answers"), default=0)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("quota group")
        verbose_name_plural = _("quota groups")
        ordering = ["campaign", "position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "code"], name="quota_group_code_unique"),
            models.CheckConstraint(
                condition=models.Q(minimum_count__gte=models.F("framework_minimum")),
                name="quota_group_minimum_within_framework",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def is_from_framework(self) -> bool:
        return self.framework_minimum > 0 or self.framework_quota_id is not None


class SurveyResponse(models.Model):
    """One respondent's answers. By design nothing else: no person, address, browser, token or time.

    ``id`` is random (so rows carry no order of arrival); ``answers`` maps each answered item code (``i1.1``,
    ``e5``) to the chosen option code (``"3"``, ``"yes"``). Tallies run in the database
    (`openita.surveys.tally`).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # Indexed by ``response_campaign_day`` (campaign first): no index of its own to keep up on insert.
    campaign = models.ForeignKey(
        Campaign, on_delete=models.PROTECT, related_name="responses", db_index=False
    )
    group = models.ForeignKey(
        QuotaGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="responses"
    )
    submitted_on = models.DateField(_("date sent"))
    answers = models.JSONField(_("answers"))

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        indexes = [
            models.Index(fields=["campaign", "submitted_on"], name="response_campaign_day"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign} · {self.submitted_on}"


class AnswerIntake(models.Model):
    """An answer just received, durably stored, waiting to be moved with others into `SurveyResponse`.

    The same fields as an answer. Rows live here only until a shuffled batch moves them
    (`openita.surveys.store.move_intake`): the transaction that received an answer (and burned its key,
    code or personal link) is never the one that wrote the answer row.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(
        QuotaGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_on = models.DateField()
    answers = models.JSONField()

    class Meta:
        verbose_name = _("answer waiting to be stored")
        verbose_name_plural = _("answers waiting to be stored")

    def __str__(self) -> str:
        return f"{self.campaign_id} · {self.submitted_on}"


class AccessCode(models.Model):
    """A single-use code for one staff member to answer the IIT (kept as a hash; deleted when used).

    Codes are made in one shuffled batch and handed out on paper; nothing records who got which code, and
    the code is deleted (not marked) when it is used, in the transaction that receives the answer.
    """

    code_hash = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("access code")
        verbose_name_plural = _("access codes")

    def __str__(self) -> str:
        return self.code_hash[:8]


class UsedSubmissionKey(models.Model):
    """A submission key that has been used: a resent form is stored once. No link to the answers."""

    key = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    used_on = models.DateField()

    class Meta:
        verbose_name = _("used submission key")
        verbose_name_plural = _("used submission keys")

    def __str__(self) -> str:
        return self.key


class PersonalLinkToken(models.Model):
    """A one-time personal link (sent by e-mail to an EIT contact), kept as a hash.

    Neither the contact it was sent to nor the answer it was used for is recorded: the only link between a
    contact and a token is the e-mail itself.
    """

    token_hash = models.CharField(max_length=64, primary_key=True)
    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="+")
    group = models.ForeignKey(
        QuotaGroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_used = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("personal link")
        verbose_name_plural = _("personal links")

    def __str__(self) -> str:
        return self.token_hash[:8]


class ContactQuerySet(models.QuerySet["EitContact"]):
    def for_listing(self) -> ContactQuerySet:
        return self.select_related("group").order_by("organisation", "name", "pk")


class EitContact(models.Model):
    """An outside stakeholder the unit may invite to answer the EIT. Kept apart from answers (PDPA)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    contact_type = models.CharField(_("contact type"), max_length=100, blank=True)
    group = models.ForeignKey(
        QuotaGroup,
        verbose_name=_("quota group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    invited_on = models.DateField(_("invited on"), null=True, blank=True)

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = _("EIT contact")
        verbose_name_plural = _("EIT contacts")

    def __str__(self) -> str:
        return self.name or self.organisation


class RateCounter(models.Model):
    """A counter for a rate limit or a daily cap, keyed by scope, window and a keyed hash of the source."""

    key = models.CharField(max_length=100, primary_key=True)
    hits = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = _("rate counter")
        verbose_name_plural = _("rate counters")

    def __str__(self) -> str:
        return f"{self.key}={self.hits}"
