"""A file read for import: what was understood (shown in the preview), then, once confirmed, the record of
what was written. The file itself is not kept."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportStatus(models.TextChoices):
    PREVIEW = "preview", _("Waiting for confirmation")
    CONFIRMED = "confirmed", _("Imported")
    DISCARDED = "discarded", _("Discarded")


class PlanImport(models.Model):
    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="plan_imports")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    file_name = models.CharField(_("file"), max_length=255)
    file_kind = models.CharField(_("file type"), max_length=10)
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PREVIEW
    )
    result = models.JSONField(_("what was understood"), default=dict)
    counts = models.JSONField(_("counts"), default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="plan_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("imported"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan import")
        verbose_name_plural = _("plan imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.fiscal_year})"
