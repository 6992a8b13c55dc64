from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

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


def _log_in_through_openita(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The Django admin's own log-in form would skip openita's log-in waits and second factor: it sends to
    openita's log-in page instead (whose second step a site administrator must then pass)."""
    return redirect_to_login(
        request.GET.get("next") or reverse("admin:index"), login_url=reverse("accounts:login")
    )


admin.site.login = _log_in_through_openita  # type: ignore[method-assign]
