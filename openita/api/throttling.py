"""Rate limits per token (and per person on the site's own session): OPENITA_API_RATE, or the token's own."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle

from .models import ApiToken

DEFAULT_RATE = "600/min"


class TokenRateThrottle(SimpleRateThrottle):
    scope = "openita_api"

    def get_rate(self) -> str | None:
        return str(getattr(settings, "OPENITA_API_RATE", DEFAULT_RATE) or DEFAULT_RATE)

    def allow_request(self, request: Request, view: Any) -> bool:
        token = request.auth
        rate = token.rate if isinstance(token, ApiToken) and token.rate else self.get_rate()
        self.rate = rate
        self.num_requests, self.duration = self.parse_rate(rate)
        return super().allow_request(request, view)

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        token = request.auth
        if isinstance(token, ApiToken):
            ident = f"token-{token.pk}"
        elif request.user and request.user.is_authenticated:
            ident = f"user-{request.user.pk}"
        else:
            ident = f"anon-{self.get_ident(request)}"
        return self.cache_format % {"scope": self.scope, "ident": ident}
