"""In-app notifications (the bell in the navigation bar); reminders also go out by e-mail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from openita.measures.models import Notification


@transaction.atomic
def notify(
    user: Any, *, kind: str, title: str, body: str = "", url: str = "", unit: Any = None
) -> Notification:
    return Notification.objects.create(
        user=user, kind=kind, title=title[:255], body=body, url=url[:500], unit=unit
    )


@transaction.atomic
def mark_read(user: Any, notification_ids: list[int] | None = None) -> int:
    """Mark the user's notifications read (all when no ids are given); returns how many changed."""
    unread = Notification.objects.filter(user=user).unread()
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())
