from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    EVENT = "event", _("Event")


class AuditEntryQuerySet(models.QuerySet["AuditEntry"]):
    def for_object(self, obj: models.Model) -> "AuditEntryQuerySet":
        content_type = ContentType.objects.get_for_model(obj.__class__)
        return self.filter(content_type=content_type, object_id=str(obj.pk))

    def for_listing(self) -> "AuditEntryQuerySet":
        return self.select_related("actor", "content_type").order_by("-at", "-pk")


class AuditEntry(models.Model):
    """One create, change, delete or named event on domain data: who, when, what changed.

    Survey answers are never audited (they would gain a time and a person); see docs/anonymity.md.
    Entries are sealed on a hash chain (`openita.audit.chain`) and never changed or deleted by openita.
    """

    at = models.DateTimeField(_("when"), default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_label = models.CharField(
        _("who (as recorded)"), max_length=255, blank=True
    )  # kept when the person is deleted
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    content_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    object_id = models.CharField(_("object id"), max_length=64, db_index=True)
    object_repr = models.CharField(_("object"), max_length=255)
    # No database constraint: entries outlive the unit they speak of (a deleted unit keeps its history).
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    message = models.CharField(_("message"), max_length=255, blank=True)
    # The hash chain (openita/audit/chain.py): the position, the previous entry's hash and this entry's, set
    # when the entry is sealed right after its transaction commits.
    seq = models.BigIntegerField(_("position in the chain"), null=True, unique=True, editable=False)
    prev_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    entry_hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["content_type", "object_id"], name="audit_object_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.object_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditEntryImmutable("An audit entry is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditEntryImmutable("An audit entry is never deleted.")


class AuditEntryImmutable(Exception):
    pass
