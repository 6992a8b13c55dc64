from django.contrib import admin

from openita.scoring.models import AssessmentResult, IndicatorScore, InstrumentScore


class InstrumentScoreInline(admin.TabularInline):
    model = InstrumentScore
    extra = 0


class IndicatorScoreInline(admin.TabularInline):
    model = IndicatorScore
    extra = 0


@admin.register(AssessmentResult)
class AssessmentResultAdmin(admin.ModelAdmin):
    """For looking things up; results are computed by `openita score` or entered on the results screens."""

    list_display = ["unit", "fiscal_year", "source", "total", "grade", "rating_code", "complete"]
    list_filter = ["fiscal_year", "source", "grade", "complete"]
    search_fields = ["unit__code", "unit__name_th"]
    raw_id_fields = ["unit", "assessment"]
    inlines = [InstrumentScoreInline, IndicatorScoreInline]
