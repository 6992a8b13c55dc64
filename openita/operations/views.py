from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import transaction
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.decorators import method_decorator
from django.views import View
from health_check.views import HealthCheckView

from openita.operations.health import ALL_CHECKS, WEB_CHECKS


class HealthView(HealthCheckView):
    """JSON for machines: each check "ok" or "failing" and 200, or 503 when one fails. No reasons, no
    addresses, no versions: what failed and why is in the log (logger "health_check")."""

    named_checks: dict[str, Any] = ALL_CHECKS

    def get_checks(self):
        for check in self.named_checks.values():
            yield check()

    async def _gather(self) -> list[Any]:
        with self.get_executor() as executor:
            return list(
                await asyncio.gather(*(check.get_result(executor) for check in self.get_checks()))
            )

    @method_decorator(transaction.non_atomic_requests)
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        response = View.dispatch(self, request, *args, **kwargs)
        patch_vary_headers(response, ["Accept"])
        add_never_cache_headers(response)
        return response

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> JsonResponse:
        # A plain view: the checks run concurrently on an event loop of their own, so the page works the same
        # under any WSGI server and in a thread that already runs a loop (the browser tests' Playwright).
        try:
            asyncio.get_running_loop()
        except RuntimeError:
            self.results = asyncio.run(self._gather())
        else:
            with ThreadPoolExecutor(max_workers=1) as runner:
                self.results = runner.submit(asyncio.run, self._gather()).result()
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
