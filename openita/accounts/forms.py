from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from openita.accounts.authz import can_grant, grantable_roles
from openita.accounts.models import Membership, Role, User
from openita.units.models import Line, Unit


def _person_label(person: User) -> str:
    return f"{person.display_name} ({person.username})"


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )


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
