"""Campaign settings in Django's admin. Answers, keys, tokens and contacts are left out on purpose."""

from django.contrib import admin

from .models import Campaign, QuotaGroup


class QuotaGroupInline(admin.TabularInline):
    model = QuotaGroup
    extra = 0
    fields = ("code", "kind", "name_th", "name_en", "line", "framework_minimum", "minimum_count")
    readonly_fields = ("framework_minimum",)


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ("__str__", "code", "opens_on", "closes_on", "minimum_count", "daily_cap")
    list_filter = ("kind", "assessment__fiscal_year")
    search_fields = ("code", "assessment__unit__code", "assessment__unit__name_th")
    readonly_fields = ("assessment", "instrument", "kind", "code", "minimum_count")
    inlines = [QuotaGroupInline]
