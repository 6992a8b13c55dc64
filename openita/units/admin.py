from django.contrib import admin

from openita.units.models import Line, Unit


class LineInline(admin.TabularInline):
    model = Line
    extra = 0


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name_th", "unit_type", "parent", "is_active"]
    list_filter = ["unit_type", "is_active"]
    search_fields = ["code", "name_th", "name_en"]
    readonly_fields = ["path", "depth", "letterhead"]  # set on the letterhead screen, checked there
    inlines = [LineInline]
