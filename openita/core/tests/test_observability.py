"""Logs and error reports carry no personal data: no addresses, no e-mail addresses, no survey tokens."""

import io
import json
import logging
import logging.config

import pytest

from openita.core import observability
from openita.core.observability import logging_config, scrub_event, scrub_text

TOKEN = "Zq3xN0b8Rk2vL5mW7pT9sY1cH4dF6gJ8"  # what secrets.token_urlsafe(24) looks like
PERSONAL = ["203.0.113.45", "2001:db8::8a2e:370:7334", "somchai.j@example.go.th", TOKEN]


def _log_through(log_format: str, emit) -> str:
    stream = io.StringIO()
    config = logging_config("INFO", log_format)
    config["handlers"]["console"]["stream"] = stream
    logger = logging.getLogger("openita.test.observability")
    old_handlers, old_level = logging.root.handlers[:], logging.root.level
    try:
        logging.config.dictConfig(config)
        emit(logger)
    finally:
        logging.root.handlers, logging.root.level = old_handlers, old_level
    return stream.getvalue()


def _emit_personal_data(logger: logging.Logger) -> None:
    logger.warning(
        "Refused %s from %s (%s) at 10:42:17 for /s/AB12CD/?t=%s",
        "somchai.j@example.go.th",
        "203.0.113.45",
        "2001:db8::8a2e:370:7334",
        TOKEN,
    )
    try:
        raise ValueError("duplicate key (email)=(somchai.j@example.go.th) from 203.0.113.45")
    except ValueError:
        logger.exception("Saving failed for %s", TOKEN)


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_logs_hold_no_address_email_or_token(log_format: str) -> None:
    output = _log_through(log_format, _emit_personal_data)
    for value in PERSONAL:
        assert value not in output
    assert "10:42:17" in output  # times of day are not mistaken for addresses
    assert "[email]" in output and "[ip]" in output and "t=[removed]" in output
    assert "ValueError" in output  # the traceback is kept, scrubbed


def test_json_lines_are_one_object_a_line() -> None:
    output = _log_through("json", _emit_personal_data)
    lines = output.strip().splitlines()
    entries = [json.loads(line) for line in lines if line.startswith("{")]
    assert len(entries) == 2
    assert entries[0]["level"] == "WARNING"
    assert entries[0]["logger"] == "openita.test.observability"
    assert "exception" in entries[1] and "[email]" in entries[1]["exception"]


def test_an_unknown_log_format_is_refused() -> None:
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured, match="OPENITA_LOG_FORMAT"):
        logging_config("INFO", "xml")


def test_error_reports_lose_the_request_body_cookies_and_client_headers() -> None:
    event = {
        "user": {"ip_address": "203.0.113.45", "email": "somchai.j@example.go.th"},
        "server_name": "app-1",
        "request": {
            "url": f"https://ita.example.go.th/s/AB12CD/?t={TOKEN}",
            "query_string": f"t={TOKEN}",
            "data": {"q1": "3"},
            "cookies": {"sessionid": "abc"},
            "env": {"REMOTE_ADDR": "203.0.113.45"},
            "headers": {
                "Host": "ita.example.go.th",
                "X-Forwarded-For": "203.0.113.45",
                "Cookie": "sessionid=abc",
                "Accept-Language": "th",
            },
        },
        "exception": {
            "values": [{"type": "IntegrityError", "value": "(email)=(somchai.j@example.go.th)"}]
        },
        "breadcrumbs": {"values": [{"message": "from 203.0.113.45", "data": {"x": 1}}]},
    }
    scrubbed = json.dumps(scrub_event(event, {}))
    for value in [*PERSONAL, "sessionid", "q1"]:
        assert value not in scrubbed
    assert "ita.example.go.th" in scrubbed  # the site's own host name stays
    assert scrub_text("ok at 2026-12-06 10:42:17") == "ok at 2026-12-06 10:42:17"


def test_sentry_starts_without_personal_data(monkeypatch) -> None:
    import sentry_sdk

    seen = {}
    monkeypatch.setattr(sentry_sdk, "init", lambda **kwargs: seen.update(kwargs))
    observability.init_sentry("https://key@sentry.example/1", "production", "")
    assert seen["send_default_pii"] is False
    assert seen["include_local_variables"] is False
    assert seen["before_send"] is scrub_event
    assert seen["environment"] == "production"
