"""Who may do what with complaints (on top of `openita.accounts.authz`).

- complaint handlers hold the `complaint_handler` role in a unit; they read the cases that unit handles, and the
  cases shared with it, except a case that names them;
- the head of unit (its executive), a unit admin of a unit above it, or a site admin appoints and removes the
  handlers and the escrow custodian, never for themselves;
- nobody else reads a case: not the unit admin, not the executive, not a site admin (they hold no case key).
"""

from __future__ import annotations

from django.db.models import QuerySet

from openita.accounts.authz import ANCESTOR_ADMIN_RANK, AnyUser, is_site_admin, standing_in
from openita.accounts.models import Membership, Role, User
from openita.complaints.models import Case
from openita.units.models import Unit

HANDLER = Role.COMPLAINT_HANDLER


def handlers_of(unit: Unit) -> QuerySet[User]:
    return User.objects.filter(
        memberships__unit=unit, memberships__role=HANDLER, is_active=True
    ).distinct()


def is_handler_in(user: AnyUser, unit: Unit) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and Membership.objects.filter(user_id=user.pk, unit=unit, role=HANDLER).exists()
    )


def handled_units(user: AnyUser) -> QuerySet[Unit]:
    if not user.is_authenticated:
        return Unit.objects.none()
    return Unit.objects.filter(memberships__user_id=user.pk, memberships__role=HANDLER)


def is_named(user: AnyUser, case: Case) -> bool:
    return bool(user.pk) and case.named_people.filter(pk=int(user.pk or 0)).exists()


def may_handle(user: AnyUser, case: Case) -> bool:
    """A handler of the handling unit or of a unit it is shared with, not named in the case."""
    if not user.is_authenticated or not user.is_active:
        return False
    units = [case.handling_unit_id, *case.shared_with.values_list("pk", flat=True)]
    if not Membership.objects.filter(user_id=user.pk, unit_id__in=units, role=HANDLER).exists():
        return False
    return not is_named(user, case)


def may_appoint(user: AnyUser, unit: Unit, person: User | None = None) -> bool:
    """The head of the unit (or of a unit above it), a unit admin above it, or a site admin; never oneself."""
    if not user.is_authenticated or not user.is_active:
        return False
    if person is not None and person.pk == user.pk and not is_site_admin(user):
        return False
    if is_site_admin(user) or standing_in(user, unit) >= ANCESTOR_ADMIN_RANK:
        return True
    return Membership.objects.filter(
        user_id=user.pk, unit_id__in=[unit.pk, *unit.ancestor_ids()], role=Role.EXECUTIVE
    ).exists()


def may_appoint_custodian(user: AnyUser, unit: Unit) -> bool:
    """The escrow custodian of a unit is appointed from above it: a unit admin or the head of a unit above, or a
    site admin (for a unit with no parent, only a site admin)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_site_admin(user) or standing_in(user, unit) >= ANCESTOR_ADMIN_RANK:
        return True
    return Membership.objects.filter(
        user_id=user.pk, unit_id__in=unit.ancestor_ids(), role=Role.EXECUTIVE
    ).exists()
