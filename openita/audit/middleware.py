from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from openita.audit.context import acting_as


class AuditActorMiddleware:
    """Makes the logged-in person the actor of every audited change made while answering the request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        with acting_as(actor):
            return self.get_response(request)
