"""A LINE channel's secret and access token, encrypted at rest (Fernet: AES-128-CBC with HMAC-SHA256).

The key is OPENITA_NOTIFICATIONS_KEY (any long random text), else derived from SECRET_KEY; like the complaint
receipts' salt, set it explicitly before ever rotating SECRET_KEY, or every connected channel must be entered
again."""

from __future__ import annotations

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    configured = getattr(settings, "OPENITA_NOTIFICATIONS_KEY", "")
    if configured:
        raw = hashlib.sha256(configured.encode("utf-8")).digest()
    else:
        raw = hmac.new(
            settings.SECRET_KEY.encode("utf-8"), b"openita.notifications.line-channel", "sha256"
        ).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """The plain text; "" when the key changed since it was stored (the channel must be entered again)."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        return ""
