from django.contrib import admin

from .models import PublicProfile


@admin.register(PublicProfile)
class PublicProfileAdmin(admin.ModelAdmin):
    list_display = ("unit", "show_officer_names", "licence", "updated_at")
    list_select_related = ("unit",)
    search_fields = ("unit__code", "unit__name_th")
