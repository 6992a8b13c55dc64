from django.contrib import admin

from .models import ApiToken, Webhook, WebhookDelivery


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """A site admin may see, revoke (set `revoked_at`) and raise the rate of a token; never its value."""

    list_display = ("name", "prefix", "user", "scope", "expires_at", "rate", "revoked_at")
    list_filter = ("scope",)
    search_fields = ("name", "prefix", "user__username")
    raw_id_fields = ("user",)
    readonly_fields = ("prefix", "last_used_at")
    fields = ("user", "name", "prefix", "scope", "expires_at", "rate", "last_used_at", "revoked_at")

    def has_add_permission(self, request: object) -> bool:
        return False  # made on /api/tokens/, where the value is shown once


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    list_display = ("url", "unit", "is_active", "created_at")
    raw_id_fields = ("unit", "created_by")
    fields = ("unit", "url", "events", "is_active", "created_by")

    def has_add_permission(self, request: object) -> bool:
        return False  # registered by the unit admin, where the secret is shown once


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    list_display = ("event", "webhook", "status", "attempts", "last_status_code", "created_at")
    list_filter = ("status", "event")
    raw_id_fields = ("webhook",)
    readonly_fields = (
        "webhook",
        "event",
        "payload",
        "status",
        "attempts",
        "last_status_code",
        "last_error",
        "next_attempt_at",
        "delivered_at",
        "created_at",
    )
