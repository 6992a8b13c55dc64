from django.contrib import admin
from django.http import HttpRequest

from openita.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read only: no adding, changing or deleting of entries from any screen."""

    actions = None
    list_display = ["at", "actor_label", "action", "content_type", "object_repr"]
    list_filter = ["action", "content_type"]
    readonly_fields = [field.name for field in AuditEntry._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False  # nobody deletes audit entries, not even a superuser (and so no delete action)
