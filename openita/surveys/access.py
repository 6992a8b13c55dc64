"""Who may do what with a unit's surveys, on top of the central rules of openita.accounts.authz.

- watching progress (counts, links, QR codes, posters, exports): the unit's admin and executive, and the
  admins and oversight viewers of the units above it; other members of the unit get 403;
- setting up and importing (campaigns, quotas, contacts, paper answers): whoever may manage the unit.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from openita.accounts.authz import (
    AnyUser,
    Capability,
    capabilities_in,
    holds_role_at_or_above,
    unit_view,
)
from openita.accounts.models import Role
from openita.units.models import Unit

from .models import Campaign

WATCH = "watch"
MANAGE = "manage"
P = ParamSpec("P")


def may_watch(user: AnyUser, unit: Unit, capabilities: frozenset[Capability] | None = None) -> bool:
    granted = capabilities_in(user, unit) if capabilities is None else capabilities
    if Capability.MANAGE_UNIT in granted or Capability.APPROVE in granted:
        return True
    return holds_role_at_or_above(user, unit, Role.OVERSIGHT_VIEWER)


def may_manage(user: AnyUser, unit: Unit) -> bool:
    return Capability.MANAGE_UNIT in capabilities_in(user, unit)


def _check(user: AnyUser, unit: Unit, need: str) -> None:
    allowed = may_manage(user, unit) if need == MANAGE else may_watch(user, unit)
    if not allowed:
        raise PermissionDenied


def survey_unit_view(
    need: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Unit, P], HttpResponse]], Callable[..., HttpResponse]
]:
    """A view taking (request, unit, ...) for the unit named by ``unit_code`` (404 outsiders, 403 others)."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, Unit, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        def checked(request: HttpRequest, unit: Unit, *args: Any, **kwargs: Any) -> HttpResponse:
            _check(request.user, unit, need)
            return view(request, unit, *args, **kwargs)

        return unit_view(Capability.VIEW)(checked)

    return decorator


def campaign_view(
    need: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Campaign, P], HttpResponse]], Callable[..., HttpResponse]
]:
    """A view taking (request, campaign, ...) for the campaign ``code`` of the unit ``unit_code``."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, Campaign, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        def with_campaign(
            request: HttpRequest, unit: Unit, code: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            campaign = Campaign.objects.with_unit().filter(assessment__unit=unit, code=code).first()
            if campaign is None:
                raise Http404("No such campaign")
            return view(request, campaign, *args, **kwargs)

        return survey_unit_view(need)(with_campaign)

    return decorator
