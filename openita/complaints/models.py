"""Complaints and their cases (docs/complaints.md).

What is stored in clear is only what the statistics and the routing need: the unit, the kind, the channel, the
state, the day of receipt and of completion, deadlines. The complaint's text, the sender's details, messages,
internal notes and files are sealed with the case's key (`openita.complaints.crypto`). No IP address, user agent
or exact time of sending is stored: dates are days. The receipt is stored only as a slow hash.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.units.models import Unit


class Kind(models.TextChoices):
    CORRUPTION = "corruption", _("Corruption or misconduct")
    SERVICE = "service", _("Complaint about a service")
    INTERNAL = "internal", _("Internal channel for staff")


class Channel(models.TextChoices):
    WEB = "web", _("Online form")
    PAPER = "paper", _("Letter or paper form")
    PHONE = "phone", _("Telephone")
    IN_PERSON = "in_person", _("In person")
    LINE = "line", _("LINE")
    DAMRONGTHAM = "damrongtham", _("Forwarded by a Damrongtham centre")
    HOTLINE_1111 = "hotline_1111", _("Forwarded from the 1111 hotline")
    NACC = "nacc", _("Forwarded by the NACC")
    OTHER_AGENCY = "other_agency", _("Forwarded by another agency")


class State(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACCEPTED = "accepted", _("Accepted")
    IN_PROGRESS = "in_progress", _("In progress")
    FORWARDED = "forwarded", _("Forwarded")
    COMPLETED = "completed", _("Completed")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


# Counted as finished in the statistics (a forwarded case has left the unit).
FINISHED_STATES = frozenset({State.COMPLETED, State.NOT_ACCEPTED, State.FORWARDED})


class UnitComplaintSettings(models.Model):
    """A unit's deadlines and retention (days). Missing row: the defaults."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="complaint_settings")
    acknowledge_days = models.PositiveSmallIntegerField(_("days to acknowledge"), default=3)
    result_days = models.PositiveSmallIntegerField(_("days to give the result"), default=15)
    keep_finished_days = models.PositiveIntegerField(
        _("days a finished case is kept"), default=5 * 365
    )
    keep_not_accepted_days = models.PositiveIntegerField(
        _("days a case not accepted is kept"), default=365
    )
    warn_days_before_purge = models.PositiveSmallIntegerField(
        _("days of warning before a purge"), default=30
    )

    class Meta:
        verbose_name = _("complaint settings of a unit")

    def __str__(self) -> str:
        return f"{self.unit}"


class SubState(models.Model):
    """A step a unit defines inside a state (e.g. "waiting for the fact-finding committee")."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="complaint_sub_states")
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    name_th = models.CharField(_("name in Thai"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("sub-state")
        ordering = ["state", "pk"]

    def __str__(self) -> str:
        return self.name_th


class HandlerKey(models.Model):
    """A handler's key pair: the public key, and the private key wrapped by a key derived from their password."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="complaint_key"
    )
    public_key = models.BinaryField()
    wrapped_private_key = models.BinaryField()
    kdf_salt = models.BinaryField()
    kdf_params = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"key of {self.user_id}"


class EscrowKey(models.Model):
    """The recovery key of a unit's cases: only the public half is here; the private half was handed once to the
    custodian appointed by the parent unit (docs/complaints.md, "Recovery")."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="complaint_escrow")
    public_key = models.BinaryField()
    custodian = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("custodian"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    appointed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_on = models.DateField()

    def __str__(self) -> str:
        return f"escrow of {self.unit}"


class Case(models.Model):
    """One complaint and its handling."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="complaints"
    )
    # The unit whose handlers handle it: the parent unit when the complaint names the head of the unit.
    handling_unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="complaints_handled"
    )
    number = models.PositiveIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    state = models.CharField(_("state"), max_length=20, choices=State.choices)
    sub_state = models.ForeignKey(
        SubState, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    names_head = models.BooleanField(default=False)
    named_people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("people named")
    )
    received_on = models.DateField(_("received on"))  # the day only: never an exact time
    acknowledge_by = models.DateField(_("acknowledge by"))
    result_by = models.DateField(_("result by"))
    acknowledged_on = models.DateField(null=True, blank=True)
    finished_on = models.DateField(_("finished on"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        Unit, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    shared_with = models.ManyToManyField(Unit, blank=True, related_name="complaints_shared")
    receipt_digest = models.CharField(max_length=64, unique=True, null=True, blank=True)
    sealed_content = models.BinaryField(null=True, blank=True)  # JSON, sealed with the case key
    # The case key sealed with the key derived from the receipt: the receipt page reads the case with it.
    sender_wrapped_key = models.BinaryField(null=True, blank=True)
    # The state's explanation for the sender (reason not accepted, result), sealed with the case key.
    sealed_outcome = models.BinaryField(null=True, blank=True)
    reminded_on = models.DateField(null=True, blank=True)
    purge_warned_on = models.DateField(null=True, blank=True)
    purged_on = models.DateField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="complaint_number_unique")
        ]
        indexes = [models.Index(fields=["unit", "received_on"], name="complaint_unit_day")]

    def __str__(self) -> str:
        return f"{self.unit.code}-{self.number}"

    @property
    def reference(self) -> str:
        return f"{self.received_on.year + 543}/{self.number}"

    @property
    def purged(self) -> bool:
        return self.purged_on is not None


class CaseKey(models.Model):
    """A case's key wrapped for one handler, or for the escrow key."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="keys")
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    escrow = models.ForeignKey(EscrowKey, null=True, blank=True, on_delete=models.CASCADE)
    wrapped = models.BinaryField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "handler"], name="case_key_handler_unique"),
        ]

    def __str__(self) -> str:
        return f"key of case {self.case_id}"


class Author(models.TextChoices):
    SENDER = "sender", _("Sender")
    HANDLER = "handler", _("Handler")


class Message(models.Model):
    """A message between the sender and the handlers, or an internal note (never shown to the sender)."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="messages")
    author = models.CharField(max_length=10, choices=Author.choices)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    internal = models.BooleanField(default=False)
    sent_on = models.DateField()
    sealed_body = models.BinaryField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"message {self.pk} of case {self.case_id}"


class CaseFile(models.Model):
    """A file of a case, sealed with the case key in the private storage under a random name."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    from_sender = models.BooleanField(default=True)
    stored_name = models.CharField(max_length=200)
    sealed_name = models.BinaryField()
    size = models.PositiveIntegerField()
    added_on = models.DateField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"file {self.pk} of case {self.case_id}"
