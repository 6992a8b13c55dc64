"""openita's URLs plus one bare view, for bench/surveys_bench.py.

The bare view inserts one row into a one-column table and answers "ok", behind the very same middleware
(sessions, CSRF, locale, auth ...) as openita's real submit endpoint, so that the two differ only in what the
endpoint itself does.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

BARE_TABLE = "bench_bare_insert"


def bare_insert(request: HttpRequest) -> HttpResponse:
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {BARE_TABLE} (value) VALUES (1)")
    return HttpResponse("ok")


urlpatterns = [
    path("bench/bare/", bare_insert),
    path("", include("openita.urls")),
]
