"""EMAIL_URL → Django e-mail settings.

console://                         print mails to the console, personal survey links redacted (default)
smtp://user:password@host:587      SMTP with STARTTLS (add ?ssl=1 for implicit TLS, ?tls=0 for none)
file:///path/to/folder             write mails as files
memory://                          keep mails in memory (tests)
"""

from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from django.core.exceptions import ImproperlyConfigured

_BACKENDS = {
    "console": "openita.core.mail.RedactingConsoleBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "memory": "django.core.mail.backends.locmem.EmailBackend",
}


def email_settings_from_url(url: str) -> dict[str, Any]:
    parsed = urlparse(url)
    if parsed.scheme not in _BACKENDS:
        known = ", ".join(sorted(_BACKENDS))
        raise ImproperlyConfigured(
            f"EMAIL_URL scheme must be one of {known}, not {parsed.scheme!r}"
        )
    settings: dict[str, Any] = {"EMAIL_BACKEND": _BACKENDS[parsed.scheme]}
    if parsed.scheme == "smtp":
        query = parse_qs(parsed.query)
        use_ssl = query.get("ssl", ["0"])[0] == "1"
        settings.update(
            EMAIL_HOST=parsed.hostname or "localhost",
            EMAIL_PORT=parsed.port or (465 if use_ssl else 587),
            EMAIL_HOST_USER=unquote(parsed.username or ""),
            EMAIL_HOST_PASSWORD=unquote(parsed.password or ""),
            EMAIL_USE_SSL=use_ssl,
            EMAIL_USE_TLS=not use_ssl and query.get("tls", ["1"])[0] == "1",
        )
    elif parsed.scheme == "file":
        settings["EMAIL_FILE_PATH"] = unquote(parsed.path)
    return settings
