"""Small typed readers for settings that come from the environment.

Each helper raises ImproperlyConfigured with the variable's name when a value cannot be read, so a bad
deployment fails at start-up with a message that says what to fix.
"""

import os
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class OpenitaDeprecationWarning(FutureWarning):
    """A name openita will stop reading in its next release (shown by default: deployers must see it)."""


# openita's own variables that had no OPENITA_ prefix: new name -> old name, read for one more release.
RENAMED = {
    "OPENITA_SECURE_COOKIES": "SECURE_COOKIES",
    "OPENITA_LOG_LEVEL": "LOG_LEVEL",
}


def _raw(name: str) -> str | None:
    """The value of NAME; else, for a renamed variable, of its old name, with a deprecation warning."""
    value = os.environ.get(name)
    old = RENAMED.get(name)
    if value is None and old is not None and old in os.environ:
        warnings.warn(
            f"The environment variable {old} is now named {name}; the old name is read until the "
            "next release.",
            OpenitaDeprecationWarning,
            stacklevel=3,
        )
        value = os.environ[old]
    return value


def env_str(name: str, default: str = "") -> str:
    raw = _raw(name)
    return default if raw is None else raw


def env_bool(name: str, default: bool = False) -> bool:
    raw = _raw(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = _raw(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as error:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}") from error


def env_list(name: str, default: list[str]) -> list[str]:
    raw = _raw(name)
    if raw is None:
        return default
    return [part.strip() for part in raw.split(",") if part.strip()]


def env_secret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE (for container secrets)."""
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ImproperlyConfigured(f"{name}_FILE cannot be read: {error}") from error
    return os.environ.get(name, default)
