"""The working group of an assessment year and its meetings.

AppointmentOrder (คำสั่งแต่งตั้ง, numbered and dated) ── WorkingGroupMember (rank, name, position, role)
Meeting (รายงานการประชุม) ─┬─ MeetingAttendee (present or absent)
                           ├─ AgendaItem (ระเบียบวาระ, with its resolution: มติที่ประชุม)
                           ├─ ChairOrder (ข้อสั่งการ)
                           └─ Assignment (who does what by when; e.g. OIT items → responsible persons)

Names, ranks and positions are kept as written on the order: documents must read as signed, even after a
person moved or has no account in openita. `user` links a member to an account when there is one.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openita.core.thai import to_arabic_digits


class GroupRole(models.TextChoices):
    ADVISOR = "advisor", _("Advisor")
    CHAIR = "chair", _("Chair")
    VICE_CHAIR = "vice_chair", _("Vice-chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")
    ASSISTANT_SECRETARY = "assistant_secretary", _("Assistant secretary")


class AppointmentOrderQuerySet(models.QuerySet["AppointmentOrder"]):
    def for_listing(self) -> AppointmentOrderQuerySet:
        return self.prefetch_related("members").order_by("-issued_on", "-pk")


class AppointmentOrder(models.Model):
    assessment = models.ForeignKey(
        "frameworks.Assessment", on_delete=models.PROTECT, related_name="appointment_orders"
    )
    number = models.CharField(_("order number"), max_length=50, help_text=_("e.g. 7/2568"))
    issued_on = models.DateField(_("dated"))
    title = models.TextField(_("subject"))
    preamble = models.TextField(
        _("preamble"),
        blank=True,
        help_text=_(
            "The paragraph before the members: why the group is appointed. Empty: a standard one."
        ),
    )
    group_name = models.CharField(_("name of the group"), max_length=255, blank=True)
    duties = models.TextField(_("duties of the group"), blank=True)
    signed_by = models.CharField(_("signed by"), max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AppointmentOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("appointment order")
        verbose_name_plural = _("appointment orders")
        ordering = ["-issued_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}"


class WorkingGroupMember(models.Model):
    order = models.ForeignKey(AppointmentOrder, on_delete=models.CASCADE, related_name="members")
    position = models.PositiveIntegerField(_("order"), default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_group_seats",
    )
    rank = models.CharField(_("rank or title"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=255)
    job_title = models.CharField(_("position"), max_length=255, blank=True)
    group_role = models.CharField(
        _("role in the group"), max_length=20, choices=GroupRole.choices, default=GroupRole.MEMBER
    )

    class Meta:
        verbose_name = _("working-group member")
        verbose_name_plural = _("working-group members")
        ordering = ["order", "position", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}".strip() if self.rank else self.name


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def for_listing(self) -> MeetingQuerySet:
        return self.order_by("-held_on", "-pk")


class Meeting(models.Model):
    assessment = models.ForeignKey(
        "frameworks.Assessment", on_delete=models.PROTECT, related_name="meetings"
    )
    order = models.ForeignKey(
        AppointmentOrder,
        verbose_name=_("working group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    number = models.CharField(_("meeting number"), max_length=50, help_text=_("e.g. 1/2568"))
    held_on = models.DateField(_("date"))
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    ends_at = models.TimeField(_("closed at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=255, blank=True)
    title = models.CharField(_("title"), max_length=255)
    chaired_by = models.CharField(_("chaired by"), max_length=255, blank=True)
    minutes_by = models.CharField(_("minutes taken by"), max_length=255, blank=True)
    checked_by = models.CharField(
        _("minutes checked by"),
        max_length=255,
        blank=True,
        help_text=_("Empty: the chair checks the minutes."),
    )
    notes = models.TextField(_("other notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} {self.number}"

    @property
    def sequence(self) -> int | None:
        """The meeting's number in the year: 2 for "2/2568" or "๒/๒๕๖๘" (None when it has none)."""
        return meeting_sequence(self.number)


def meeting_sequence(number: str) -> int | None:
    found = re.match(r"\s*(\d+)", to_arabic_digits(number))
    return int(found.group(1)) if found else None


class MeetingAttendee(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    position = models.PositiveIntegerField(_("order"), default=0)
    member = models.ForeignKey(
        WorkingGroupMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    rank = models.CharField(_("rank or title"), max_length=100, blank=True)
    name = models.CharField(_("name"), max_length=255)
    job_title = models.CharField(_("position"), max_length=255, blank=True)
    role = models.CharField(_("role"), max_length=100, blank=True)
    present = models.BooleanField(_("present"), default=True)
    absence_reason = models.CharField(_("reason for absence"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("attendee")
        verbose_name_plural = _("attendees")
        ordering = ["meeting", "-present", "position", "pk"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.rank} {self.name}".strip() if self.rank else self.name


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveIntegerField(_("order"), default=0)
    title = models.CharField(_("agenda item"), max_length=255)
    details = models.TextField(_("details"), blank=True)
    resolution = models.TextField(_("resolution"), blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class ChairOrder(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="chair_orders")
    position = models.PositiveIntegerField(_("order"), default=0)
    text = models.TextField(_("chair's order"))

    class Meta:
        verbose_name = _("chair's order")
        verbose_name_plural = _("chair's orders")
        ordering = ["meeting", "position", "pk"]

    def __str__(self) -> str:
        return self.text[:80]


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def for_listing(self) -> AssignmentQuerySet:
        return (
            self.select_related("meeting")
            .prefetch_related("people", "lines")
            .order_by("due_date", "position", "pk")
        )


class Assignment(models.Model):
    """Who does what by when, decided by the working group (often at a meeting)."""

    assessment = models.ForeignKey(
        "frameworks.Assessment", on_delete=models.PROTECT, related_name="assignments"
    )
    meeting = models.ForeignKey(
        Meeting,
        verbose_name=_("decided at"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assignments",
    )
    position = models.PositiveIntegerField(_("order"), default=0)
    subject = models.TextField(_("what"))
    item_codes = models.JSONField(_("OIT or survey items"), default=list, blank=True)
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible persons"),
        blank=True,
        related_name="+",
    )
    lines = models.ManyToManyField(
        "units.Line", verbose_name=_("responsible lines of work"), blank=True, related_name="+"
    )
    assignee_text = models.TextField(_("responsible (as written)"), blank=True)
    due_date = models.DateField(_("due"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["due_date", "position", "pk"]

    def __str__(self) -> str:
        return self.subject[:80]
