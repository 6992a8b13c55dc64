"""A unit's LINE Official Account, the people and groups linked to it, each person's choice, and the outbox.

See docs/notifications.md and docs/adr/0028-line-notifications.md."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from openita.notifications import crypto


class Delivery(models.TextChoices):
    LINE = "line", _("LINE (e-mail when LINE cannot be used)")
    EMAIL = "email", _("E-mail")
    BOTH = "both", _("LINE and e-mail")
    NONE = "none", _("Nothing")


class LineChannel(models.Model):
    """The Messaging API channel of a unit's LINE Official Account (its secret and access token encrypted)."""

    unit = models.OneToOneField(
        "units.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="line_channel"
    )
    secret_encrypted = models.TextField(editable=False)
    token_encrypted = models.TextField(editable=False)
    connected_at = models.DateTimeField(_("connected"), auto_now_add=True)
    connected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("connected by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_failure = models.CharField(_("last failure"), max_length=255, blank=True)
    last_failure_at = models.DateTimeField(_("last failure at"), null=True, blank=True)

    class Meta:
        verbose_name = _("LINE Official Account")
        verbose_name_plural = _("LINE Official Accounts")

    def __str__(self) -> str:
        return f"LINE OA {self.unit.code}"

    def secret(self) -> str:
        return crypto.decrypt(self.secret_encrypted)

    def token(self) -> str:
        return crypto.decrypt(self.token_encrypted)


class LineLink(models.Model):
    """A person's LINE account, linked to a unit's Official Account by the one-time code they sent it."""

    channel = models.ForeignKey(LineChannel, on_delete=models.CASCADE, related_name="links")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="line_links"
    )
    line_user_id = models.CharField(max_length=64)
    linked_at = models.DateTimeField(_("linked"), auto_now_add=True)

    class Meta:
        verbose_name = _("linked LINE account")
        verbose_name_plural = _("linked LINE accounts")
        constraints = [
            models.UniqueConstraint(fields=["channel", "user"], name="line_link_one_per_person"),
            models.UniqueConstraint(
                fields=["channel", "line_user_id"], name="line_link_one_per_line_user"
            ),
        ]

    def __str__(self) -> str:
        return f"LINE {self.user} @ {self.channel.unit.code}"


class LinkCode(models.Model):
    """A one-time code a person sends the bot to link their LINE account (valid for a short while)."""

    channel = models.ForeignKey(LineChannel, on_delete=models.CASCADE, related_name="codes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    code = models.CharField(max_length=12)
    expires_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["channel", "code"], name="line_code_unique"),
        ]

    def __str__(self) -> str:
        return f"LINE code of {self.user}"  # never the code itself


class GroupState(models.TextChoices):
    PENDING = "pending", _("Waiting for confirmation")
    LINKED = "linked", _("Linked")
    LEFT = "left", _("Left")


class LineGroup(models.Model):
    """A LINE group the bot was added to; it receives messages only once a unit admin confirms it."""

    channel = models.ForeignKey(LineChannel, on_delete=models.CASCADE, related_name="groups")
    group_id = models.CharField(max_length=64)
    name = models.CharField(_("name"), max_length=255, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=GroupState.choices, default=GroupState.PENDING
    )
    member_count = models.PositiveIntegerField(_("members"), default=0)
    topics = models.JSONField(_("what it receives"), default=list, blank=True)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("LINE group")
        verbose_name_plural = _("LINE groups")
        ordering = ["-joined_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["channel", "group_id"], name="line_group_unique"),
        ]

    def __str__(self) -> str:
        return self.name or self.group_id[:12]


class Preference(models.Model):
    """How a person wants to be told (the default, without a row: LINE when linked, else e-mail)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    delivery = models.CharField(
        _("send me notices by"), max_length=10, choices=Delivery.choices, default=Delivery.LINE
    )

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.delivery}"


class Way(models.TextChoices):
    LINE = "line", "LINE"
    EMAIL = "email", _("E-mail")


class MessageState(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    SENT = "sent", _("Sent")
    FELL_BACK = "fell_back", _("Sent by e-mail instead")
    FAILED = "failed", _("Not sent")


class Message(models.Model):
    """One message to one person or one LINE group (the outbox). `key` (with the recipient) makes sending the
    same notice twice a no-op; its text is short and never holds a complaint's content or a survey answer."""

    unit = models.ForeignKey(
        "units.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    topic = models.CharField(_("about"), max_length=60)
    key = models.CharField(max_length=200, blank=True)
    recipient = models.CharField(max_length=40)  # "user:5" or "group:3", for the key's uniqueness
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    group = models.ForeignKey(
        LineGroup, null=True, blank=True, on_delete=models.CASCADE, related_name="messages"
    )
    channel = models.ForeignKey(
        LineChannel, null=True, blank=True, on_delete=models.SET_NULL, related_name="messages"
    )
    way = models.CharField(pgettext_lazy("notification", "by"), max_length=10, choices=Way.choices)
    subject = models.CharField(max_length=255, blank=True)
    text = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    fallback_emails = models.JSONField(default=list, blank=True)
    state = models.CharField(
        _("state"), max_length=10, choices=MessageState.choices, default=MessageState.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(_("error"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "recipient", "way"],
                condition=~models.Q(key=""),
                name="notification_message_once",
            ),
        ]
        indexes = [models.Index(fields=["unit", "-created_at"], name="notification_unit_recent")]

    def __str__(self) -> str:
        return f"{self.topic} → {self.recipient} ({self.way})"

    @property
    def topic_label(self) -> str:
        from openita.notifications.registry import topic_label

        return topic_label(self.topic)
