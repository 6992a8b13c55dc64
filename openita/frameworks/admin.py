"""Django admin: a read-mostly view of framework versions and assessments. Framework content is edited
through the framework screens (which check the whole library) or as YAML, not here."""

from django.contrib import admin

from .models import Assessment, FrameworkVersion


@admin.register(FrameworkVersion)
class FrameworkVersionAdmin(admin.ModelAdmin):
    list_display = ("urn", "version", "fiscal_year", "status", "name_th", "published_at")
    list_filter = ("status", "fiscal_year")
    search_fields = ("urn", "name_th", "name_en")
    readonly_fields = [field.name for field in FrameworkVersion._meta.fields]

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ("unit", "fiscal_year", "framework_version", "created_at")
    list_filter = ("fiscal_year",)
    raw_id_fields = ("unit", "framework_version")
