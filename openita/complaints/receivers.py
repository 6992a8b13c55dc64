"""What the complaint channel does when accounts says someone logged in or changed their password.

The handler's key pair is made (or re-made after a password reset) at log-in, when the password is in the log-in
form, so that cases received before their first visit are wrapped for them; it is re-wrapped when they change
their password knowing the old one. The private key is not kept: handlers unlock their cases with their password
on the complaints page (ADR 0023).
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from openita.accounts.models import Membership, Role, User
from openita.complaints import services

logger = logging.getLogger(__name__)


def _is_handler(user: User) -> bool:
    return Membership.objects.filter(user=user, role=Role.COMPLAINT_HANDLER).exists()


def make_key_at_login(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    password = (
        request.POST.get("password", "") if request is not None and request.method == "POST" else ""
    )
    if not password or not _is_handler(user):
        return
    try:
        services.unlock_handler_key(user, password)
    except PermissionDenied:  # not the password of this person (another form): nothing to do
        return


def rewrap_at_password_change(
    sender: Any, user: User, old_password: str, new_password: str, **kwargs: Any
) -> None:
    if services.rewrap_handler_key(user, old_password, new_password):
        logger.info("complaint handler key re-wrapped after a password change")
