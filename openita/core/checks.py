"""System checks with stable ids (openita.E001 …), so a bad deployment fails with a clear message."""

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def secret_key_is_set(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not settings.DEBUG and settings.SECRET_KEY == settings.MISSING_SECRET_KEY:
        return [
            Error(
                "SECRET_KEY is not set and DEBUG is off.",
                hint="Set SECRET_KEY (or SECRET_KEY_FILE) to a long random value, "
                "e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'.",
                id="openita.E001",
            )
        ]
    return []
