"""Writes on people and their roles. Every function runs in one transaction."""

from typing import Any

from django.db import transaction

from openita.accounts.authz import forget_cached_memberships
from openita.accounts.models import Membership, User
from openita.units.models import Line, Unit

PERSON_FIELDS = (
    "username",
    "email",
    "rank",
    "first_name",
    "last_name",
    "position",
    "phone",
    "is_active",
)


@transaction.atomic
def create_person(*, password: str | None = None, **values: Any) -> User:
    """A new person; without a password they set one through "forgot password" by e-mail."""
    person = User(**{name: values[name] for name in PERSON_FIELDS if name in values})
    if password:
        person.set_password(password)
    else:
        person.set_unusable_password()
    person.full_clean(exclude=["password"])
    person.save()
    return person


@transaction.atomic
def update_person(person: User, **values: Any) -> User:
    for name in PERSON_FIELDS:
        if name in values:
            setattr(person, name, values[name])
    person.full_clean(exclude=["password"])
    person.save()
    return person


@transaction.atomic
def grant_role(user: User, unit: Unit, role: str, line: Line | None = None) -> Membership:
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"line": line}
    )
    if not created and membership.line != line:
        membership.line = line
        membership.save(update_fields=["line"])
    forget_cached_memberships(user)
    return membership


@transaction.atomic
def revoke_role(membership: Membership) -> None:
    membership.delete()
    forget_cached_memberships(membership.user)
