from django.contrib import admin

from .models import Appeal, Disclosure, DisclosureElement, Evidence, OitDeadlines, OitScoreSummary


class DisclosureElementInline(admin.TabularInline):
    model = DisclosureElement
    extra = 0
    fields = ("element", "self_checked", "where_shown", "met")
    readonly_fields = ("element",)


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ("kind", "url", "original_name", "file_format", "sha256", "check_ok", "check_status")
    readonly_fields = fields


@admin.register(Disclosure)
class DisclosureAdmin(admin.ModelAdmin):
    list_display = ("item", "assessment", "status", "due_date", "score")
    list_filter = ("status", "assessment__fiscal_year")
    search_fields = ("item__code", "assessment__unit__code", "assessment__unit__name_th")
    raw_id_fields = ("assessment", "item", "reviewer", "scored_by")
    filter_horizontal = ("responsible",)
    inlines = [DisclosureElementInline, EvidenceInline]


@admin.register(OitDeadlines)
class OitDeadlinesAdmin(admin.ModelAdmin):
    list_display = ("assessment", "submission_deadline", "appeal_opens", "appeal_closes")
    raw_id_fields = ("assessment", "released_by")


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    list_display = ("disclosure", "filed_at", "score_before", "rescored_at")
    raw_id_fields = ("disclosure", "filed_by", "rescored_by")


@admin.register(OitScoreSummary)
class OitScoreSummaryAdmin(admin.ModelAdmin):
    list_display = ("assessment", "level", "code", "score", "is_final")
    list_filter = ("level", "is_final")
