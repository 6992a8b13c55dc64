from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from openita.units.models import Line, Unit


def new_session_salt() -> str:
    return secrets.token_hex(16)


class User(AbstractUser):
    """A person who logs in. Rank (ยศ / คำนำหน้า) and position (ตำแหน่ง) appear in official documents."""

    rank = models.CharField(_("rank or title"), max_length=100, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    # Mixed into the hash that binds every session to the person: a new value signs the person out
    # everywhere ("sign out everywhere", a changed e-mail address, a removed second factor).
    session_salt = models.CharField(max_length=32, default=new_session_salt, editable=False)

    objects = UserManager()  # type: ignore[misc]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                name="user_email_unique_when_set",
                condition=~models.Q(email=""),
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        from django.utils.crypto import salted_hmac

        return salted_hmac(
            "openita.accounts.User.session_auth_hash",
            f"{self.password}:{self.session_salt}",
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    @property
    def display_name(self) -> str:
        """Rank and full name as written in Thai documents, e.g. "พ.ต.ท. สมชาย ใจดี"."""
        name = self.get_full_name() or self.username
        return f"{self.rank} {name}".strip() if self.rank else name


class Role(models.TextChoices):
    UNIT_ADMIN = "unit_admin", _("Unit admin")
    EXECUTIVE = "executive", _("Executive")
    OFFICER = "officer", _("Officer")
    WORKING_GROUP_MEMBER = "working_group_member", _("Working-group member")
    ASSESSOR = "assessor", _("Assessor")
    OVERSIGHT_VIEWER = "oversight_viewer", _("Oversight viewer")
    # Reads the unit's complaints (openita.complaints); appointed by the head of unit or from a parent unit.
    COMPLAINT_HANDLER = "complaint_handler", _("Complaint handler")


class MembershipQuerySet(models.QuerySet["Membership"]):
    def for_listing(self) -> MembershipQuerySet:
        return self.select_related("user", "unit", "line").order_by(
            "unit__path", "user__first_name", "user__last_name", "role"
        )


class Membership(models.Model):
    """A role a person holds in a unit. One person may hold several roles in several units."""

    user = models.ForeignKey(
        User, verbose_name=_("person"), on_delete=models.CASCADE, related_name="memberships"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    line = models.ForeignKey(
        Line,
        verbose_name=_("line of work"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="memberships",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("role in a unit")
        verbose_name_plural = _("roles in units")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class LoginThrottle(models.Model):
    """Failed log-ins of one account, or from one address, as a keyed hash (see openita/accounts/throttle.py)."""

    kind = models.CharField(max_length=10)
    key = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "key"], name="login_throttle_unique_key")
        ]
        indexes = [models.Index(fields=["last_failure_at"], name="login_throttle_last_failure")]

    def __str__(self) -> str:
        return f"{self.kind} {self.key[:8]}: {self.failures}"


class DeskDismissal(models.Model):
    """A notice of the desk that a person has read and put away, for one unit and fiscal year (so that next
    year's notice of the same kind shows again)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    kind = models.CharField(max_length=40)
    dismissed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dismissed notice")
        verbose_name_plural = _("dismissed notices")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "fiscal_year", "kind"], name="desk_dismissal_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} · {self.unit_id} · {self.fiscal_year}"
