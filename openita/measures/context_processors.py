from typing import Any

from django.http import HttpRequest

from openita.measures.models import Notification


def notifications(request: HttpRequest) -> dict[str, Any]:
    """The number of unread notifications, for the bell in the navigation bar (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"nav_unread_notifications": Notification.objects.filter(user=user).unread().count()}
