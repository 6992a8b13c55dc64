"""Writes on people and their roles. Every function runs in one transaction.

Functions that take `by` (the person acting) refuse what the authorisation rules of `openita.accounts.authz`
forbid (`can_grant`, `can_edit_person`) with `PermissionDenied`; without `by` they act for the system (commands,
the demo, tests' fixtures).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from openita.accounts.authz import can_edit_person, can_grant, forget_cached_memberships
from openita.accounts.models import DeskDismissal, Membership, User, new_session_salt
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

EMAIL_CHANGE_SALT = "openita.accounts.email_change"
EMAIL_CHANGE_MAX_AGE = 3 * 24 * 3600  # seconds a confirmation link stays valid


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


def _stored_email(person: User) -> str:
    """The address in the database (a model form has already put the new one on the instance)."""
    return User.objects.filter(pk=person.pk).values_list("email", flat=True).first() or ""


@transaction.atomic
def update_person(
    person: User, *, by: User | None = None, site_url: str = "", **values: Any
) -> User:
    """Change a person's record. A new e-mail address given by someone (`by`) does not take effect here: it is
    confirmed from the new address and announced to the old one (`request_email_change`); the system (no `by`)
    sets it at once."""
    if by is not None and not can_edit_person(by, person):
        raise PermissionDenied(_("You may not change this person."))
    new_email = values.pop("email", None)
    stored_email = _stored_email(person)
    for name in PERSON_FIELDS:
        if name in values:
            setattr(person, name, values[name])
    person.email = stored_email
    if new_email is not None and (
        by is None or new_email.strip().lower() == stored_email.strip().lower()
    ):
        person.email = new_email
        new_email = None
    person.full_clean(exclude=["password"])
    person.save()
    if new_email is not None:
        request_email_change(person, new_email, site_url=site_url)
    return person


def _site_url(site_url: str) -> str:
    return (site_url or getattr(settings, "OPENITA_BASE_URL", "")).rstrip("/")


def email_change_token(person: User, new_email: str) -> str:
    return signing.dumps(
        {"person": person.pk, "new": new_email, "old": person.email}, salt=EMAIL_CHANGE_SALT
    )


def request_email_change(person: User, new_email: str, *, site_url: str = "") -> None:
    """Mail a signed link (valid EMAIL_CHANGE_MAX_AGE) to the new address, and tell the old address."""
    new_email = new_email.strip()
    if User.objects.filter(email__iexact=new_email).exclude(pk=person.pk).exists():
        raise ValidationError({"email": _("Another person already uses this e-mail address.")})
    link = _site_url(site_url) + reverse(
        "accounts:email_confirm", args=[email_change_token(person, new_email)]
    )
    context = {"person": person, "new_email": new_email, "old_email": person.email, "link": link}
    send_mail(
        _("Confirm your new e-mail address for openita"),
        render_to_string("accounts/email_change_confirm.txt", context),
        None,
        [new_email],
    )
    if person.email:
        send_mail(
            _("A change of your e-mail address in openita was requested"),
            render_to_string("accounts/email_change_notice.txt", context),
            None,
            [person.email],
        )


def read_email_change_token(token: str) -> tuple[User, str]:
    """The person and new address a confirmation link stands for; ValidationError when it is forged,
    expired, already used or overtaken by another change."""
    try:
        data = signing.loads(token, salt=EMAIL_CHANGE_SALT, max_age=EMAIL_CHANGE_MAX_AGE)
    except signing.BadSignature as error:  # SignatureExpired is a BadSignature
        raise ValidationError(_("This confirmation link is not valid or has expired.")) from error
    person = User.objects.filter(pk=data.get("person"), is_active=True).first()
    if person is None or person.email != data.get("old"):
        raise ValidationError(_("This confirmation link is not valid or has expired."))
    return person, str(data["new"])


@transaction.atomic
def confirm_email_change(token: str) -> User:
    person, new_email = read_email_change_token(token)
    person = User.objects.select_for_update().get(pk=person.pk)
    if User.objects.filter(email__iexact=new_email).exclude(pk=person.pk).exists():
        raise ValidationError(_("Another person already uses this e-mail address."))
    person.email = new_email
    person.full_clean(exclude=["password"])
    person.save(update_fields=["email"])
    return person


@transaction.atomic
def grant_role(
    user: User, unit: Unit, role: str, line: Line | None = None, *, by: User | None = None
) -> Membership:
    if by is not None and not can_grant(by, unit, role, user):
        raise PermissionDenied(_("You may not give this role in this unit."))
    membership, created = Membership.objects.get_or_create(
        user=user, unit=unit, role=role, defaults={"line": line}
    )
    if not created and membership.line != line:
        membership.line = line
        membership.save(update_fields=["line"])
    forget_cached_memberships(user)
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, by: User | None = None) -> None:
    if by is not None and not can_grant(by, membership.unit, membership.role, membership.user):
        raise PermissionDenied(_("You may not remove this role."))
    membership.delete()
    forget_cached_memberships(membership.user)


@transaction.atomic
def sign_out_everywhere(person: User) -> None:
    """End every session of the person, on every device (the current one too)."""
    person.session_salt = new_session_salt()
    person.save(update_fields=["session_salt"])


@transaction.atomic
def dismiss_notice(user: User, unit: Unit, fiscal_year: int, kind: str) -> None:
    """Put a desk notice away for this person, unit and fiscal year (it shows again next year)."""
    DeskDismissal.objects.get_or_create(user=user, unit=unit, fiscal_year=fiscal_year, kind=kind)
