from __future__ import annotations

import asyncio
from typing import Any

from django.http import HttpRequest, JsonResponse
from health_check.views import HealthCheckView

from openita.operations.health import ALL_CHECKS, WEB_CHECKS


class HealthView(HealthCheckView):
    """JSON for machines: each check "ok" or "failing" and 200, or 503 when one fails. No reasons, no
    addresses, no versions: what failed and why is in the log (logger "health_check")."""

    named_checks: dict[str, Any] = ALL_CHECKS

    def get_checks(self):
        for check in self.named_checks.values():
            yield check()

    async def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        with self.get_executor() as executor:
            self.results = await asyncio.gather(
                *(check.get_result(executor) for check in self.get_checks())
            )
        checks = {
            name: "failing" if result.error else "ok"
            for name, result in zip(self.named_checks, self.results, strict=True)
        }
        healthy = all(value == "ok" for value in checks.values())
        return JsonResponse(
            {"status": "ok" if healthy else "failing", "checks": checks},
            status=200 if healthy else 503,
        )


healthz = HealthView.as_view()
healthz_web = HealthView.as_view(named_checks=WEB_CHECKS)
