"""The public's questions and opinions (the Q&A board) and the records of participation (docs/participation.md).

Nothing about a sender is stored but what they chose to give (a name, a contact) and, for 30 days at most, a
keyed hash of their address under a key that changes every 15 days (`sources.py`): no address, no user agent and
no exact time. Posts keep the day they came.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openita.units.models import Line, Unit

BODY_MAX = 2000
NAME_MAX = 100
CONTACT_MAX = 200


class QASettings(models.Model):
    """A unit's Q&A settings. Missing row: the defaults."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="qa_settings")
    answer_days = models.PositiveSmallIntegerField(_("days to answer"), default=15)

    class Meta:
        verbose_name = _("Q&A settings of a unit")

    def __str__(self) -> str:
        return f"{self.unit}"


class PostKind(models.TextChoices):
    QUESTION = "question", pgettext_lazy("post kind", "Question")
    COMMENT = "comment", _("Comment")
    SUGGESTION = "suggestion", _("Suggestion")
    PRAISE = "praise", _("Praise")


class PostState(models.TextChoices):
    PENDING = "pending", _("Waiting for moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class PostQuerySet(models.QuerySet["Post"]):
    def public(self) -> PostQuerySet:
        return self.filter(state=PostState.PUBLISHED)

    def for_board(self) -> PostQuerySet:
        return self.public().order_by("-received_on", "-pk")

    def for_queue(self) -> PostQuerySet:
        return self.select_related("assigned_to", "assigned_line", "answered_by").order_by(
            "answer_by", "pk"
        )

    def waiting(self) -> PostQuerySet:
        """Waiting for staff: moderation, or (published questions) an official answer."""
        return self.filter(
            models.Q(state=PostState.PENDING)
            | models.Q(state=PostState.PUBLISHED, kind=PostKind.QUESTION, answered_on__isnull=True)
        )


class Post(models.Model):
    """A question, comment, suggestion or praise sent on the unit's public board."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="qa_posts"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PostKind.choices)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    name = models.CharField(_("name"), max_length=NAME_MAX, blank=True)
    contact = models.CharField(_("contact"), max_length=CONTACT_MAX, blank=True)
    received_on = models.DateField(_("received on"))  # the day only: never an exact time
    state = models.CharField(
        _("state"), max_length=20, choices=PostState.choices, default=PostState.PENDING
    )
    moderated_on = models.DateField(null=True, blank=True)
    answer_by = models.DateField(_("answer by"))
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_line = models.ForeignKey(
        Line,
        verbose_name=_("line of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answer = models.TextField(_("answer"), blank=True, max_length=5000)
    answer_official = models.BooleanField(_("official answer"), default=False)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    faq = models.BooleanField(_("in the FAQ"), default=False)
    # The keyed hash of the sender's address (sources.py), for blocking; emptied after 30 days.
    source_key = models.CharField(max_length=64, blank=True, editable=False)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        indexes = [models.Index(fields=["unit", "state", "received_on"], name="qa_post_unit_state")]

    def __str__(self) -> str:
        return f"{self.unit.code}-{self.pk}"

    @property
    def is_answered(self) -> bool:
        return self.answer_official and self.answered_on is not None


class SourceHit(models.Model):
    """One post sent from a source (its keyed hash) in the last minutes, for the rate limit; kept minutes."""

    key = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField()

    def __str__(self) -> str:
        return self.key[:8]


class SourceBlock(models.Model):
    """A source a moderator blocked, until a day (30 days at most)."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=64, db_index=True)
    until = models.DateField()

    def __str__(self) -> str:
        return f"block {self.pk}"


class RecordKind(models.TextChoices):
    HEARING = "hearing", _("Public hearing")
    SURVEY = "survey", _("Survey")
    MEETING = "meeting", _("Meeting with service users")
    QA = "qa", _("Q&A topic")
    OTHER = "other", _("Other activity")


class RecordQuerySet(models.QuerySet["ParticipationRecord"]):
    def published(self) -> RecordQuerySet:
        return self.filter(published_on__isnull=False)

    def for_listing(self) -> RecordQuerySet:
        return self.prefetch_related("groups", "photos").order_by("held_on", "pk")


class ParticipationRecord(models.Model):
    """An activity in which the unit let people take part, with the four elements the OIT asks: the topic,
    who took part, the results, and what the unit changed because of them."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="participation_records"
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(
        _("kind of activity"), max_length=20, choices=RecordKind.choices, default=RecordKind.MEETING
    )
    topic = models.CharField(_("topic"), max_length=300, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    results = models.TextField(_("results of the activity"), blank=True)
    changes = models.TextField(_("what the unit changed"), blank=True)
    posts = models.ManyToManyField(
        Post, blank=True, related_name="records", verbose_name=_("Q&A posts")
    )
    campaigns = models.ManyToManyField(
        "surveys.Campaign", blank=True, related_name="+", verbose_name=_("survey campaigns")
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)

    objects = RecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation record")
        verbose_name_plural = _("participation records")

    def __str__(self) -> str:
        return self.topic or f"record {self.pk}"

    @property
    def is_published(self) -> bool:
        return self.published_on is not None


class ParticipantGroup(models.Model):
    """A group of participants and how many took part."""

    record = models.ForeignKey(ParticipationRecord, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("group"), max_length=200)
    count = models.PositiveIntegerField(_("number of people"))

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class RecordPhoto(models.Model):
    """A photo of the activity, in the private storage, shown on the public page once the record is published."""

    record = models.ForeignKey(ParticipationRecord, on_delete=models.CASCADE, related_name="photos")
    stored_name = models.CharField(max_length=200)
    original_name = models.CharField(max_length=200)
    caption = models.CharField(_("caption"), max_length=300, blank=True)
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.original_name
