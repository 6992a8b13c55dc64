"""E-mail backends that keep secrets out of logs.

The console backend (EMAIL_URL=console://, the default) writes every mail to the server's output, which ends
up in logs. Mails that carry a one-time secret (a survey's personal link, a password-reset link) would leave
it there for anyone who reads the logs, who could then answer in someone's place or learn which answer is
theirs. `RedactingConsoleBackend` writes mails with such secrets replaced by ``[redacted]``.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from django.core.mail.backends.console import EmailBackend as ConsoleBackend

REDACTED = "[redacted]"
# ?t=<token> or &t=<token> (a survey personal link), and /reset/<uid>/<token>/ (a password-reset link).
SECRET_PATTERNS = (
    re.compile(r"(?P<keep>[?&]t=)[A-Za-z0-9_\-.%]+"),
    re.compile(r"(?P<keep>/reset/[A-Za-z0-9_\-]+/)[A-Za-z0-9_\-]+"),
)


def redact(text: str) -> str:
    """The text with every one-time secret of a link replaced by ``[redacted]``."""
    for pattern in SECRET_PATTERNS:
        text = pattern.sub(lambda match: match.group("keep") + REDACTED, text)
    return text


class RedactingConsoleBackend(ConsoleBackend):
    """Django's console backend, with the secrets of links redacted from what it writes (the body and any
    alternative, before they are encoded, so that no line break of the encoding can split a secret)."""

    def write_message(self, message: Any) -> None:
        shown = copy.copy(message)
        shown.body = redact(str(message.body))
        if getattr(message, "alternatives", None):
            shown.alternatives = [
                type(alternative)(redact(str(alternative[0])), alternative[1])
                for alternative in message.alternatives
            ]
        super().write_message(shown)
