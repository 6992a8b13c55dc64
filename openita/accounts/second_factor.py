"""The second factor: a time-based code (TOTP, django-otp) and single-use recovery codes.

Who must use one is data: site administrators always, and whoever holds a role named in the setting
OPENITA_SECOND_FACTOR_ROLES (unit admins, executives, assessors and complaint handlers by default; an app that
adds a role of power adds its name there). Until such a person has proved the second factor in this session,
`SecondFactorMiddleware` (openita/accounts/middleware.py) lets them reach nothing but the enrollment and
verification pages and logging out.

A session is marked verified by `SESSION_KEY` (the persistent id of the device that verified it); the mark goes
with the session, which `login` and `logout` flush or cycle as usual.
"""

from __future__ import annotations

import base64
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from openita.accounts.authz import AnyUser, held_roles, is_site_admin
from openita.accounts.models import User
from openita.accounts.services import sign_out_everywhere

SESSION_KEY = "openita_second_factor"
CHOSEN_KEY = "openita_second_factor_chosen"  # set at log-in for a person who has a device
DEVICE_NAME = "openita"
RECOVERY_CODE_COUNT = 10


def roles_needing_second_factor() -> frozenset[str]:
    return frozenset(getattr(settings, "OPENITA_SECOND_FACTOR_ROLES", ()))


def needs_second_factor(user: AnyUser) -> bool:
    if not user.is_authenticated:
        return False
    if is_site_admin(user) or user.is_superuser or user.is_staff:
        return True
    return bool(held_roles(user) & roles_needing_second_factor())


def is_verified(request: HttpRequest) -> bool:
    return bool(request.session.get(SESSION_KEY))


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def secret_of(device: TOTPDevice) -> str:
    """The device's secret in base32, as authenticator apps take it when typed in."""
    return base64.b32encode(device.bin_key).decode("ascii")


@transaction.atomic
def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled (not yet confirmed), made on first need."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False, name=DEVICE_NAME).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="recovery", confirmed=True)
    codes = [secrets.token_hex(5) for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_enrollment(request: HttpRequest, user: User, token: str) -> list[str] | None:
    """Confirm the pending device with a code from the app: the session is then verified, any older device is
    removed, and fresh recovery codes are returned (to be shown once; only they are kept, as django-otp keeps
    them, in the database). None when the code is wrong."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None or not device.verify_token(token.strip()):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    mark_verified(request, device)
    return codes


def mark_verified(request: HttpRequest, device: Any) -> None:
    otp_login(request, device)
    request.session[SESSION_KEY] = device.persistent_id


@transaction.atomic
def verify(request: HttpRequest, user: User, token: str) -> bool:
    """Check a code from the app or a recovery code (used up), and mark the session verified."""
    token = token.strip().replace(" ", "")
    devices: list[Any] = list(
        TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True)
    )
    devices += list(StaticDevice.objects.select_for_update().filter(user=user, confirmed=True))
    for device in devices:
        if device.verify_token(token):
            mark_verified(request, device)
            return True
    return False


@transaction.atomic
def new_recovery_codes(user: User) -> list[str]:
    return _new_recovery_codes(user)


@transaction.atomic
def remove_second_factor(person: User) -> None:
    """Take away the person's devices (a lost phone) and end their sessions: they enroll again at next
    log-in if their roles need it."""
    TOTPDevice.objects.filter(user=person).delete()
    StaticDevice.objects.filter(user=person).delete()
    sign_out_everywhere(person)


@transaction.atomic
def give_known_device(user: User, key_hex: str) -> TOTPDevice:
    """A confirmed device with a known secret: for the demo only, whose secrets are printed."""
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=True, key=key_hex)
