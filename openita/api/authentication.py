"""Who is asking: a personal token (``Authorization: Bearer oita_…``); the site's own pages use DRF's
SessionAuthentication (CSRF checked on writes)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.request import Request

from . import services


class TokenAuthentication(authentication.BaseAuthentication):
    """A personal API token; an unknown, revoked or expired token is refused (401)."""

    keyword = "Bearer"

    def authenticate(self, request: Request) -> tuple[Any, Any] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Give one token after Bearer."))
        try:
            raw = header[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(_("The token is not valid.")) from None
        token = services.token_for(raw)
        if token is None:
            raise exceptions.AuthenticationFailed(
                _("The token is not valid: unknown, expired or revoked.")
            )
        services.note_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        return f'{self.keyword} realm="openita"'
