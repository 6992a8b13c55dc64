"""How the schema describes openita's token (drf-spectacular reads this module from the app's ready())."""

from __future__ import annotations

from typing import Any

from drf_spectacular.extensions import OpenApiAuthenticationExtension

from .docs import doc


class TokenScheme(OpenApiAuthenticationExtension):
    target_class = "openita.api.authentication.TokenAuthentication"
    name = "openitaToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "http",
            "scheme": "bearer",
            "description": doc(
                "A personal API token made under Account → API tokens: `Authorization: Bearer oita_…`.",
                "โทเคน API ส่วนบุคคลที่สร้างในหน้า บัญชี → โทเคน API: `Authorization: Bearer oita_…`",
            ),
        }
