from collections.abc import Callable
from functools import cache

from django.http import HttpRequest, HttpResponse
from django.urls import NoReverseMatch, reverse

from openita.audit.context import acting_as, admin_request


@cache
def _admin_prefix() -> str:
    try:
        return reverse("admin:index")
    except NoReverseMatch:
        return "\0"


class AuditActorMiddleware:
    """Makes the logged-in person the actor of every audited change made while answering the request; in the
    Django admin, changes to any model it edits are audited too (`registry.audit_admin_models`)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with acting_as(actor), admin_request(request.path.startswith(_admin_prefix())):
            return self.get_response(request)
