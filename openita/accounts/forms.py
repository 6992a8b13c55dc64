import math
from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from openita.accounts import throttle
from openita.accounts.authz import can_grant, grantable_roles
from openita.accounts.models import Membership, Role, User
from openita.units.models import Line, Unit


def _person_label(person: User) -> str:
    return f"{person.display_name} ({person.username})"


class LoginForm(AuthenticationForm):
    """The password step. Every attempt is counted before the password is checked (openita.accounts.throttle);
    while a wait runs the form says until when, without checking the password."""

    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    throttled = False

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        outcome = throttle.begin(username, self.request)
        if not isinstance(outcome, throttle.Attempt):
            self.throttled = True
            wait = max(1, math.ceil((outcome - timezone.now()).total_seconds()))
            raise forms.ValidationError(
                _(
                    "Too many failed attempts on this account or from this address. You may try "
                    "again at %(time)s (in %(seconds)s seconds)."
                ),
                code="throttled",
                params={
                    "time": timezone.localtime(outcome).strftime("%H:%M:%S"),
                    "seconds": wait,
                },
            )
        cleaned = super().clean()
        throttle.succeeded(outcome)
        return cleaned


class PersonForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "username",
            "email",
            "rank",
            "first_name",
            "last_name",
            "position",
            "phone",
            "is_active",
        ]

    def clean_email(self) -> str:
        email: str = self.cleaned_data["email"].strip()
        if email:
            duplicates = User.objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if duplicates.exists():
                raise forms.ValidationError(_("Another person already uses this e-mail address."))
        return email


class MembershipForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=User.objects.none())
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    line = forms.ModelChoiceField(
        label=_("Line of work"), queryset=Line.objects.none(), required=False
    )

    def __init__(self, *args: Any, unit: Unit, people: Any, by: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.by = by
        grantable = set(grantable_roles(by, unit))
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(value, label) for value, label in Role.choices if value in grantable]
        user_field = self.fields["user"]
        line_field = self.fields["line"]
        assert isinstance(user_field, forms.ModelChoiceField)
        assert isinstance(line_field, forms.ModelChoiceField)
        user_field.queryset = people.order_by("first_name", "last_name", "username")
        user_field.label_from_instance = _person_label  # type: ignore[method-assign,assignment]
        line_field.queryset = unit.lines.all()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        user, role = cleaned.get("user"), cleaned.get("role")
        if user and role and not can_grant(self.by, self.unit, role, user):
            raise forms.ValidationError(
                _("You may not give yourself a role.")
                if user.pk == self.by.pk
                else _("You may not give this role in this unit.")
            )
        if (
            user
            and role
            and Membership.objects.filter(user=user, unit=self.unit, role=role).exists()
        ):
            raise forms.ValidationError(_("This person already holds this role in this unit."))
        return cleaned


class SetFirstPasswordResetForm(PasswordResetForm):
    """Also mails people who have never set a password (imported or added by an admin), so "forgot
    password" is how a new person sets their first one."""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True).exclude(email=""))


class SecondFactorForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app, or a recovery code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )
