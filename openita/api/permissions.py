"""What a request may do before any unit is looked at: be someone, and write only with a write token.

Which units a person may see or change is decided by `openita.accounts.authz`, as on the screens (outsiders
404, read-only roles 403)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions
from rest_framework.request import Request

from .models import ApiToken


class TokenScopePermission(permissions.BasePermission):
    message = _("This token may only read: make a token with the read and write scope.")

    def has_permission(self, request: Request, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated):
            return False
        if request.method in permissions.SAFE_METHODS:
            return True
        token = request.auth
        return not isinstance(token, ApiToken) or token.can_write
