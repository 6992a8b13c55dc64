import errno
import logging
from collections.abc import Callable

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseBase
from django.middleware.locale import LocaleMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


class ThaiFirstLocaleMiddleware(LocaleMiddleware):
    """Thai (LANGUAGE_CODE) for everyone until a person picks English with the switch in the navigation bar.

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many Thai officials use a
    browser set to English: they would get an English interface they never asked for. Here only the
    language cookie set by the switch (Django's set_language view) counts.
    """

    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        try:
            language = translation.get_supported_language_variant(chosen)
        except LookupError:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is too large before anything reads it (413).

    Nothing in Django reads a body until a view or the CSRF check asks for it, and this middleware's check runs
    before any of them (before every ``process_view``). The limit depends on who may send it where:

    - anonymous requests, and anything sent to a public path (the survey form, ``OPENITA_PUBLIC_PATH_PREFIXES``):
      ``OPENITA_PUBLIC_BODY_MAX_BYTES`` (256 KB), far more than a survey page or a log-in form needs;
    - public paths that take files (the complaint form, ``OPENITA_PUBLIC_UPLOAD_PREFIXES``): their own limit;
    - signed-in people elsewhere: ``OPENITA_UPLOAD_MAX_BYTES``, enough for a few evidence files at once.

    Placed after the authentication middleware, so that it knows whether someone is signed in; the session is
    read only for a body over the public limit.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest()
        if length > self.limit_for(request):
            return HttpResponse(
                _("The request is too large."), status=413, content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)

    @staticmethod
    def limit_for(request: HttpRequest) -> int:
        public: int = settings.OPENITA_PUBLIC_BODY_MAX_BYTES
        for prefix, limit in getattr(settings, "OPENITA_PUBLIC_UPLOAD_PREFIXES", {}).items():
            if request.path_info.startswith(prefix):
                return int(limit)
        if request.path_info.startswith(tuple(settings.OPENITA_PUBLIC_PATH_PREFIXES)):
            return public
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return public
        upload: int = settings.OPENITA_UPLOAD_MAX_BYTES
        return upload


class ServiceTroubleMiddleware:
    """A clear answer when the trouble is the service's, not the person's (docs/deploy.md "Faults").

    The database unreachable (restarting, failing over): 503 "please try again" with Retry-After; the storage
    full: 507 "no space". The service functions' transactions are rolled back and a file being written is
    removed (core.storage), so in both cases nothing of the request was saved and sending it again is safe.
    The pages are rendered without a request: no navigation, no database."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OperationalError | InterfaceError):
            logger.error("The database did not answer: %s", type(exception).__name__, exc_info=True)
            response = HttpResponse(render_to_string("503.html"), status=503)
            response["Retry-After"] = "5"
            return response
        if isinstance(exception, OSError) and exception.errno in (errno.ENOSPC, errno.EDQUOT):
            logger.error("The storage is full", exc_info=True)
            return HttpResponse(render_to_string("507.html"), status=507)
        return None
