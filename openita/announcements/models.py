"""Announcements (ประกาศ) a unit issues, the posters it made, and the little data posters need that openita
did not hold: the unit's colours, its services with their steps, the year's budget figures.

Which elements an announcement must hold comes from versioned data (`kinds.yaml`), never from here."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

COLOUR = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("A colour as #RRGGBB."))


class AnnouncementKind(models.TextChoices):
    NO_GIFT = "no-gift", _("No Gift Policy")
    ANTI_BRIBERY = "anti-bribery", _("Anti-bribery policy")
    INTEGRITY = "integrity", _("Integrity and transparency policy of the head of unit")
    COMPLAINT_GUIDELINE = "complaint-guideline", _("Complaint-handling guideline")
    FREE = "free", _("Announcement")


class AnnouncementStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ISSUED = "issued", _("Issued")


class Announcement(models.Model):
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="announcements", verbose_name=_("unit")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("kind"), max_length=30, choices=AnnouncementKind.choices)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=AnnouncementStatus.choices,
        default=AnnouncementStatus.DRAFT,
    )
    number = models.CharField(
        _("number of the announcement"), max_length=40, blank=True, help_text=_("e.g. 12/2569")
    )
    title_th = models.CharField(_("subject in Thai"), max_length=255)
    title_en = models.CharField(_("subject in English"), max_length=255, blank=True)
    body_th = models.TextField(_("text in Thai"), help_text=_("One paragraph a line."))
    body_en = models.TextField(_("text in English"), blank=True)
    issued_on = models.DateField(_("date of the announcement"), null=True, blank=True)
    signer_rank = models.CharField(_("rank or title of the signer"), max_length=60, blank=True)
    signer_name = models.CharField(_("name of the signer"), max_length=255, blank=True)
    signer_position = models.CharField(_("position of the signer"), max_length=255, blank=True)
    signer_name_en = models.CharField(
        _("name of the signer in English"), max_length=255, blank=True
    )
    signer_position_en = models.CharField(
        _("position of the signer in English"), max_length=255, blank=True
    )
    template_version = models.PositiveIntegerField(_("template version"), default=1)
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measure of the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The OIT evidence this announcement became when published (the oit app keeps the file).
    evidence_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    published_item = models.CharField(max_length=20, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")
        ordering = ["unit", "-fiscal_year", "kind", "-pk"]
        indexes = [
            models.Index(fields=["unit", "fiscal_year", "kind"], name="announcement_unit_year")
        ]

    def __str__(self) -> str:
        return self.title_th

    @property
    def is_issued(self) -> bool:
        return self.status == AnnouncementStatus.ISSUED


class PosterKind(models.TextChoices):
    CHANNELS = "channels", _("Channels for complaints, questions and opinions")
    NO_GIFT = "no-gift", _("No Gift")
    SERVICE = "service", _("Service steps and times")
    BUDGET = "budget", _("Budget of the year")
    CALENDAR = "calendar", _("ITA calendar of the year")
    RESULT = "result", _("Result of the last assessment")


class PosterSize(models.TextChoices):
    A4 = "a4", "A4"
    A3 = "a3", "A3"


class Poster(models.Model):
    """A poster made for a measure of the plan (the file itself is kept with the progress entry)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(_("kind"), max_length=20, choices=PosterKind.choices)
    size = models.CharField(_("size"), max_length=2, choices=PosterSize.choices)
    service = models.ForeignKey(
        "Service", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    measure = models.ForeignKey(
        "measures.Measure",
        verbose_name=_("measure of the plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("poster")
        verbose_name_plural = _("posters")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.size.upper()}"


class UnitColours(models.Model):
    """The unit's colours on its posters (kept here, keyed by unit: no field in `units`)."""

    unit = models.OneToOneField("units.Unit", on_delete=models.CASCADE, related_name="+")
    primary = models.CharField(
        _("main colour"), max_length=7, default="#1f3a68", validators=[COLOUR]
    )
    accent = models.CharField(
        _("accent colour"), max_length=7, default="#c8a13a", validators=[COLOUR]
    )

    class Meta:
        verbose_name = _("poster colours")
        verbose_name_plural = _("poster colours")

    def __str__(self) -> str:
        return f"{self.primary} {self.accent}"


class Service(models.Model):
    """A service the unit gives the public, with its steps and times (คู่มือสำหรับประชาชน)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    name = models.CharField(_("name of the service"), max_length=255)
    manual_url = models.URLField(_("address of its manual"), blank=True)
    total_time = models.CharField(_("time in all"), max_length=100, blank=True)
    fee = models.CharField(_("fee"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["unit", "name", "pk"]

    def __str__(self) -> str:
        return self.name


class ServiceStep(models.Model):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    title = models.CharField(_("step"), max_length=255)
    duration = models.CharField(_("how long"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("service step")
        verbose_name_plural = _("service steps")
        ordering = ["service", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class BudgetFigure(models.Model):
    """One line of the year's budget summary the unit enters (or imports): what, how much (baht)."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label = models.CharField(_("budget line"), max_length=255)
    amount = models.DecimalField(_("amount (baht)"), max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = _("budget figure")
        verbose_name_plural = _("budget figures")
        ordering = ["unit", "fiscal_year", "position", "pk"]

    def __str__(self) -> str:
        return self.label
