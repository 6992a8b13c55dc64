"""A handler's unlocked private key for the length of a session, out of reach of whoever holds the database.

The key is kept in the session sealed with a random key that lives only in a cookie of the handler's browser
(HttpOnly, SameSite=Strict, for the browser session): the session row alone, even with the settings, opens
nothing, and the cookie alone is useless. Logging out flushes the session (ADR 0023).
"""

from __future__ import annotations

import base64

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from openita.complaints import crypto

SESSION_KEY = "openita_complaints_sealed_key"
COOKIE = "openita_complaints_unlock"


def remember(request: HttpRequest, response: HttpResponse, private_key: bytes) -> None:
    cookie_key = crypto.new_case_key()
    request.session[SESSION_KEY] = base64.b64encode(crypto.seal(cookie_key, private_key)).decode()
    response.set_cookie(
        COOKIE,
        base64.urlsafe_b64encode(cookie_key).decode(),
        httponly=True,
        samesite="Strict",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def unlocked(request: HttpRequest) -> bytes | None:
    sealed = request.session.get(SESSION_KEY)
    cookie = request.COOKIES.get(COOKIE)
    if not sealed or not cookie:
        return None
    try:
        return crypto.unseal(base64.urlsafe_b64decode(cookie), base64.b64decode(sealed))
    except (crypto.CannotDecrypt, ValueError):
        return None


def forget(request: HttpRequest, response: HttpResponse) -> None:
    request.session.pop(SESSION_KEY, None)
    response.delete_cookie(COOKIE, samesite="Strict")
