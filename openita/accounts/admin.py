from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from openita.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class PersonAdmin(UserAdmin):
    fieldsets = (
        *(UserAdmin.fieldsets or ()),
        ("openita", {"fields": ("rank", "position", "phone")}),
    )
    inlines = [MembershipInline]
