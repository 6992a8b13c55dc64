"""Logs and error reports without personal data (docs/deploy.md "Logs and error reports").

Every log record goes through `PersonalDataFilter`, which replaces addresses (IPv4, IPv6), e-mail addresses
and link tokens (a survey's personal `?t=` link, any long random key) in the message and its traceback.
`JsonFormatter` writes one JSON object a line (OPENITA_LOG_FORMAT=json) for a log collector. With SENTRY_DSN
set, `init_sentry` reports errors to Sentry with `send_default_pii=False`, no local variables, and
`scrub_event` removing the request's body, cookies, query string, client headers and user, and passing every
remaining text through the same scrubber.

This module imports nothing from Django's models: settings.py uses it.
"""

from __future__ import annotations

import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

EMAIL = re.compile(r"[\w.!#$%&'*+/=?^`{|}~-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
IPV4 = re.compile(r"(?<![\d.])(?:\d{1,3}\.){3}\d{1,3}(?![\d.])")
IPV6 = re.compile(r"(?<![\w:])(?:[0-9a-fA-F]{0,4}:){2,7}[0-9a-fA-F]{0,4}(?![\w:])")
TOKEN_PARAMETER = re.compile(r"(?i)\b(t|token|key|password|secret)=[^&\s\"']+")
LONG_KEY = re.compile(r"(?<![\w-])[A-Za-z0-9_-]{32,}(?![\w-])")

# Request headers a report may keep; every other one (cookies, forwarded addresses, authorisation) goes.
KEPT_HEADERS = {"host", "content-type", "content-length", "accept", "accept-language"}


def scrub_text(text: str) -> str:
    """The text with e-mail addresses, IP addresses and tokens replaced by placeholders."""
    text = EMAIL.sub("[email]", text)
    text = TOKEN_PARAMETER.sub(lambda match: f"{match.group(1)}=[removed]", text)
    text = LONG_KEY.sub("[key]", text)
    text = IPV4.sub("[ip]", text)
    return IPV6.sub(_ipv6, text)


def _ipv6(match: re.Match[str]) -> str:
    """An IPv6 address has "::" or at least five colons; a time of day (12:30:45) has neither."""
    found = match.group(0)
    return "[ip]" if "::" in found or found.count(":") >= 5 else found


class PersonalDataFilter(logging.Filter):
    """Scrubs each record's message and traceback; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string: keep what there is
            message = str(record.msg)
        record.msg = scrub_text(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub_text(record.exc_text)
        if record.stack_info:
            record.stack_info = scrub_text(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, ensure_ascii=False)


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """Django's LOGGING: every record to standard error, scrubbed, as text or JSON lines."""
    if log_format not in {"text", "json"}:
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"OPENITA_LOG_FORMAT must be text or json, not {log_format!r}")
    formatter = (
        {"()": "openita.core.observability.JsonFormatter"}
        if log_format == "json"
        else {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"personal_data": {"()": "openita.core.observability.PersonalDataFilter"}},
        "formatters": {"openita": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["personal_data"],
                "formatter": "openita",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's own request logger would otherwise print through its own handlers too.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }


def _scrub(value: Any) -> Any:
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {key: _scrub(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item) for item in value]
    return value


def scrub_event(event: dict[str, Any], hint: dict[str, Any] | None = None) -> dict[str, Any]:
    """Sentry's before_send: nothing that names or locates a person leaves the server."""
    event.pop("user", None)
    event.pop("server_name", None)
    request = event.get("request")
    if isinstance(request, dict):
        for key in ("data", "cookies", "query_string", "env"):
            request.pop(key, None)
        headers = request.get("headers")
        if isinstance(headers, dict):
            request["headers"] = {
                name: value for name, value in headers.items() if name.lower() in KEPT_HEADERS
            }
    for breadcrumb in (event.get("breadcrumbs") or {}).get("values", []):
        breadcrumb.pop("data", None)
    return _scrub(event)


def init_sentry(dsn: str, environment: str, release: str) -> None:
    """Error reports to Sentry (or a compatible server such as GlitchTip), without personal data."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment or None,
        release=release or None,
        send_default_pii=False,
        include_local_variables=False,
        max_request_body_size="never",
        traces_sample_rate=0.0,
        before_send=scrub_event,  # type: ignore[arg-type]
        integrations=[DjangoIntegration()],
    )
