"""Session rules applied to every request: idle and absolute timeouts, and the second factor."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.accounts import second_factor

LOGIN_AT = "openita_login_at"
SEEN_AT = "openita_seen_at"
SEEN_GRANULARITY = 60  # seconds: the idle clock is written at most once a minute


@receiver(user_logged_in)
def _stamp_session(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """Note when the session began, and whether the person chose a second factor although their roles do not
    need one (then it is asked too)."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[LOGIN_AT] = now
        request.session[SEEN_AT] = now
        if second_factor.has_second_factor(user):
            request.session[second_factor.CHOSEN_KEY] = True


class SessionTimeoutMiddleware:
    """Log out a session idle for OPENITA_SESSION_IDLE_MINUTES, or older than OPENITA_SESSION_MAX_HOURS since
    its log-in (0 turns either off)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            idle = int(getattr(settings, "OPENITA_SESSION_IDLE_MINUTES", 0)) * 60
            lifetime = int(getattr(settings, "OPENITA_SESSION_MAX_HOURS", 0)) * 3600
            seen = int(request.session.get(SEEN_AT, now))
            started = int(request.session.get(LOGIN_AT, now))
            if (idle and now - seen > idle) or (lifetime and now - started > lifetime):
                logout(request)
                messages.info(request, _("Your session ended; please log in again."))
                return redirect(
                    f"{reverse(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
                )
            if idle and (now - seen >= SEEN_GRANULARITY or SEEN_AT not in request.session):
                request.session[SEEN_AT] = now
        return self.get_response(request)


class SecondFactorMiddleware:
    """A person whose roles need a second factor (second_factor.needs_second_factor), or who chose one, reaches
    nothing but the enrollment and verification pages, logging out and static files until the session is
    verified."""

    OPEN_NAMES = (
        "accounts:second_factor_enroll",
        "accounts:second_factor_verify",
        "accounts:logout",
        "accounts:login",
        "set_language",
    )

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self._open_paths: frozenset[str] | None = None

    def _is_open(self, path: str) -> bool:
        if self._open_paths is None:
            self._open_paths = frozenset(reverse(name) for name in self.OPEN_NAMES)
        static = "/" + settings.STATIC_URL.lstrip("/")
        return path in self._open_paths or path.startswith(static)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not second_factor.is_verified(request)
            and not self._is_open(request.path)
            and (
                request.session.get(second_factor.CHOSEN_KEY)
                or second_factor.needs_second_factor(user)
            )
        ):
            name = (
                "accounts:second_factor_verify"
                if second_factor.has_second_factor(user)
                else "accounts:second_factor_enroll"
            )
            return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)
