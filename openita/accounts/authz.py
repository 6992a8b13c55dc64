"""Central authorisation: what a person may see and do in a unit.

Every view that touches a unit resolves it through `get_unit_for` (or the `unit_view` decorator), and every
screen that is for site administrators only goes through `require_site_admin`. The rules:

- a site superuser may do everything everywhere;
- a role held in a unit gives that role's capabilities in the unit;
- the cascading roles (unit admin, assessor, oversight viewer) also give their capabilities in every unit
  below it, at any depth: a provincial command's admin onboards its stations, an oversight viewer watches them;
- a person with no capability in a unit gets 404 (the unit does not exist for them); one who may see the unit
  but lacks the capability asked for gets 403.

Who may give whom power (`can_grant`, `can_edit_person`):

- roles have a rank (`ROLE_RANK`); a unit admin stands at the unit admin's rank in their own unit and above every
  role in the units below it; a site admin stands above everything;
- nobody grants or removes a role at or above their own standing in that unit, so the executive and the
  assessors of a unit (and its unit admins) are appointed from a parent unit or by a site admin;
- nobody gives a role to themselves or edits their own roles' holder record through the management screens;
- nobody edits a person (name, e-mail, active flag) who is a superuser or staff, or who holds any role the
  editor could not grant: whose roles reach outside the editor's units or up to the editor's own standing.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse

from openita.accounts.models import Membership, Role, User
from openita.units.models import Unit, UnitQuerySet


class Capability(StrEnum):
    VIEW = "view"
    MANAGE_UNIT = "manage_unit"  # unit data, lines, people and roles, setting up the year
    CONTRIBUTE = "contribute"  # enter OIT evidence, record progress
    APPROVE = "approve"  # the executive's approvals
    ACKNOWLEDGE = "acknowledge"  # sign the acknowledgement list of a plan
    ASSESS = "assess"  # score OIT, handle appeals


ROLE_CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.UNIT_ADMIN: frozenset(
        {Capability.VIEW, Capability.MANAGE_UNIT, Capability.CONTRIBUTE, Capability.ACKNOWLEDGE}
    ),
    Role.EXECUTIVE: frozenset({Capability.VIEW, Capability.APPROVE, Capability.ACKNOWLEDGE}),
    Role.OFFICER: frozenset({Capability.VIEW, Capability.CONTRIBUTE, Capability.ACKNOWLEDGE}),
    Role.WORKING_GROUP_MEMBER: frozenset(
        {Capability.VIEW, Capability.CONTRIBUTE, Capability.ACKNOWLEDGE}
    ),
    Role.ASSESSOR: frozenset({Capability.VIEW, Capability.ASSESS}),
    Role.OVERSIGHT_VIEWER: frozenset({Capability.VIEW}),
    Role.COMPLAINT_HANDLER: frozenset({Capability.VIEW}),  # cases: openita.complaints.access
}

# How much power a role carries, for the rule "nobody grants a role equal to or above their own". A unit admin
# of a unit's ancestor stands above every role of that unit (ANCESTOR_ADMIN_RANK); a site admin above all.
ROLE_RANK: dict[str, int] = {
    Role.OFFICER: 1,
    Role.WORKING_GROUP_MEMBER: 1,
    Role.OVERSIGHT_VIEWER: 1,
    Role.UNIT_ADMIN: 2,
    Role.EXECUTIVE: 3,
    Role.ASSESSOR: 3,
    Role.COMPLAINT_HANDLER: 3,  # from a parent unit's admin here; the head of unit in openita.complaints
}
ANCESTOR_ADMIN_RANK = 4

CASCADING_ROLES = frozenset({Role.UNIT_ADMIN, Role.ASSESSOR, Role.OVERSIGHT_VIEWER})
_CASCADED_CAPABILITIES = frozenset(
    {Capability.VIEW, Capability.MANAGE_UNIT, Capability.ASSESS}
)  # what a cascading role gives below its unit (no acknowledging or contributing on others' behalf)

AnyUser = User | AnonymousUser


def _memberships(user: AnyUser) -> list[tuple[str, int, str]]:
    """(unit path, unit id, role) of every role the user holds, loaded once per user object."""
    if not user.is_authenticated:
        return []
    cached: list[tuple[str, int, str]] | None = getattr(user, "_openita_memberships", None)
    if cached is None:
        cached = list(
            Membership.objects.filter(user=user).values_list("unit__path", "unit_id", "role")
        )
        user._openita_memberships = cached  # type: ignore[attr-defined]
    return cached


def held_roles(user: AnyUser) -> frozenset[str]:
    """Every role the user holds, in any unit."""
    return frozenset(role for _path, _unit_id, role in _memberships(user))


def held_unit_paths(user: AnyUser) -> list[tuple[str, int]]:
    """(path, id) of each unit where the user holds a role themselves, in hierarchy order."""
    return sorted({(path, unit_id) for path, unit_id, _role in _memberships(user)})


def holds_role_at_or_above(user: AnyUser, unit: Unit, role: str) -> bool:
    """Whether the user holds `role` in the unit itself or in a unit above it (no query once the user's
    roles are loaded)."""
    return any(
        held == role and unit.path.startswith(path) for path, _unit_id, held in _memberships(user)
    )


def forget_cached_memberships(user: AnyUser) -> None:
    if hasattr(user, "_openita_memberships"):
        del user._openita_memberships


def is_site_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser)


def capabilities_in(user: AnyUser, unit: Unit) -> frozenset[Capability]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    if is_site_admin(user):
        return frozenset(Capability)
    granted: set[Capability] = set()
    for path, unit_id, role in _memberships(user):
        if unit_id == unit.pk:
            granted |= ROLE_CAPABILITIES[role]
        elif role in CASCADING_ROLES and unit.path.startswith(path):
            granted |= ROLE_CAPABILITIES[role] & _CASCADED_CAPABILITIES
    return frozenset(granted)


def standing_in(user: AnyUser, unit: Unit) -> int:
    """The rank from which the user may grant roles in the unit: 0 (none), a unit admin's rank in their own
    unit, ANCESTOR_ADMIN_RANK as unit admin of a unit above it; a site admin stands above every rank."""
    if not user.is_authenticated or not user.is_active:
        return 0
    if is_site_admin(user):
        return ANCESTOR_ADMIN_RANK + 1
    standing = 0
    for path, unit_id, role in _memberships(user):
        if role != Role.UNIT_ADMIN:
            continue
        if unit_id == unit.pk:
            standing = max(standing, ROLE_RANK[Role.UNIT_ADMIN])
        elif unit.path.startswith(path):
            standing = max(standing, ANCESTOR_ADMIN_RANK)
    return standing


def can_grant(user: AnyUser, unit: Unit, role: str, person: User | None = None) -> bool:
    """Whether the user may give (or take away) this role in this unit, to this person when given."""
    if is_site_admin(user):
        return True
    if person is not None and person.pk == user.pk:
        return False
    return standing_in(user, unit) > ROLE_RANK[role]


def grantable_roles(user: AnyUser, unit: Unit) -> list[str]:
    return [role for role in Role.values if can_grant(user, unit, role)]


def can_edit_person(user: AnyUser, person: User) -> bool:
    """Whether the user may change this person's record (and so where their password reset goes): a site
    admin may; anyone else only a person who is not staff, not themselves, holds at least one role and only
    roles the user could grant."""
    if is_site_admin(user):
        return True
    if person.pk == user.pk or person.is_superuser or person.is_staff:
        return False
    memberships = list(person.memberships.select_related("unit"))
    return bool(memberships) and all(
        can_grant(user, membership.unit, membership.role, person) for membership in memberships
    )


def editable_people_ids(user: AnyUser, people_ids: list[int]) -> set[int]:
    """The ids among `people_ids` of the people the user may edit (`can_edit_person`), in two queries."""
    if is_site_admin(user):
        return set(people_ids)
    if not user.is_authenticated or not user.is_active:
        return set()
    staff = set(
        User.objects.filter(pk__in=people_ids)
        .filter(Q(is_superuser=True) | Q(is_staff=True))
        .values_list("pk", flat=True)
    )
    held: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(user_id__in=people_ids).select_related("unit"):
        held.setdefault(membership.user_id, []).append(membership)
    return {
        person_id
        for person_id, memberships in held.items()
        if person_id not in staff
        and person_id != user.pk
        and all(
            standing_in(user, membership.unit) > ROLE_RANK[membership.role]
            for membership in memberships
        )
    }


def can(user: AnyUser, unit: Unit, capability: Capability) -> bool:
    return capability in capabilities_in(user, unit)


def can_in_subtree(user: AnyUser, unit: Unit, capability: Capability) -> bool:
    """Whether the user holds the capability in the unit and in every unit below it, now and later: a site
    admin, or a cascading role held in the unit or above it that gives the capability there."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_site_admin(user):
        return True
    if capability not in _CASCADED_CAPABILITIES:
        return False
    return any(
        role in CASCADING_ROLES
        and capability in ROLE_CAPABILITIES[role]
        and unit.path.startswith(path)
        for path, _unit_id, role in _memberships(user)
    )


def require_in_subtree(user: AnyUser, unit: Unit, capability: Capability) -> None:
    """Like `require`, for work on the unit and everything below it (a batch of all its units' documents)."""
    require(user, unit, Capability.VIEW)
    if not can_in_subtree(user, unit, capability):
        raise PermissionDenied


def require(user: AnyUser, unit: Unit, capability: Capability) -> None:
    """404 when the unit is invisible to the user, 403 when visible but the capability is missing."""
    granted = capabilities_in(user, unit)
    if Capability.VIEW not in granted:
        raise Http404("No such unit")
    if capability not in granted:
        raise PermissionDenied


def visible_units(user: AnyUser) -> UnitQuerySet:
    """Every unit the user may see."""
    if is_site_admin(user):
        return Unit.objects.all()
    memberships = _memberships(user)
    if not memberships:
        return Unit.objects.none()
    condition = Q(pk__in=[unit_id for _path, unit_id, _role in memberships])
    for path, _unit_id, role in memberships:
        if role in CASCADING_ROLES:
            condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def manageable_units(user: AnyUser) -> UnitQuerySet:
    """Units whose data, lines and people the user may change."""
    if is_site_admin(user):
        return Unit.objects.all()
    condition = Q(pk__in=[])
    for path, _unit_id, role in _memberships(user):
        if role == Role.UNIT_ADMIN:
            condition |= Q(path__startswith=path)
    return Unit.objects.filter(condition)


def get_unit_for(user: AnyUser, code: str, capability: Capability = Capability.VIEW) -> Unit:
    unit = Unit.objects.filter(code=code).select_related("parent").first()
    if unit is None:
        raise Http404("No such unit")
    require(user, unit, capability)
    return unit


def require_site_admin(user: AnyUser) -> None:
    if not is_site_admin(user):
        raise Http404


P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponse)


def unit_view(
    capability: Capability = Capability.VIEW,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Unit, P], HttpResponse]],
    Callable[..., HttpResponse],
]:
    """Decorate a view taking (request, unit, ...) so that it receives the unit named by `unit_code` in the
    URL, after login and the capability check."""

    def decorator(
        view: Callable[Concatenate[HttpRequest, Unit, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        @login_required
        def wrapper(
            request: HttpRequest, unit_code: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            unit = get_unit_for(request.user, unit_code, capability)
            request.unit = unit  # type: ignore[attr-defined]
            return view(request, unit, *args, **kwargs)

        return wrapper

    return decorator


def site_admin_view(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        require_site_admin(request.user)
        return view(request, *args, **kwargs)

    return wrapper
