from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _

from openita.accounts import services, throttle
from openita.accounts.authz import (
    Capability,
    can_edit_person,
    grantable_roles,
    is_site_admin,
    manageable_units,
    unit_view,
)
from openita.accounts.forms import (
    LoginForm,
    MembershipForm,
    PersonForm,
    SetFirstPasswordResetForm,
)
from openita.accounts.models import Membership, Role, User
from openita.accounts.second_factor import has_second_factor
from openita.accounts.signals import password_changed
from openita.units.models import Unit


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_valid(form)
        response.set_cookie(
            throttle.KNOWN_BROWSER_COOKIE,
            throttle.known_browser_cookie(form.get_user()),
            max_age=throttle.KNOWN_BROWSER_MAX_AGE,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
            path=reverse("accounts:login"),
        )
        return response

    def form_invalid(self, form: LoginForm) -> HttpResponse:  # type: ignore[override]
        response = super().form_invalid(form)
        if form.throttled:
            response.status_code = 429
        return response


def people_in_reach(user: User) -> QuerySet[User]:
    """The people a person may list and edit: everyone for a site admin, else those holding a role in a
    unit the person manages."""
    if is_site_admin(user):
        return User.objects.all()
    units = manageable_units(user)
    return User.objects.filter(memberships__unit__in=units).distinct()


@login_required
def people(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    if not is_site_admin(user) and not manageable_units(user).exists():
        raise Http404
    query = request.GET.get("q", "").strip()
    persons = (
        people_in_reach(user)
        .prefetch_related("memberships__unit")
        .order_by("first_name", "last_name", "username")
    )
    if query:
        persons = persons.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(username__icontains=query)
            | Q(email__icontains=query)
        )
    return render(request, "accounts/people.html", {"people": persons[:500], "query": query})


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    units = manageable_units(user)
    if not units.exists():
        raise Http404
    unit = units.filter(code=request.GET.get("unit", "")).first()
    grantable = grantable_roles(user, unit) if unit is not None else []
    form = PersonForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_person(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            role = request.POST.get("role", "")
            if unit is not None and role in grantable:
                services.grant_role(person, unit, role, by=user)
            messages.success(request, _("Person added."))
            if unit is not None:
                return redirect("units:detail", unit.code)
            return redirect("accounts:people")
    return render(
        request,
        "accounts/person_form.html",
        {
            "form": form,
            "person": None,
            "unit": unit,
            "roles": [(value, label) for value, label in Role.choices if value in grantable],
        },
    )


@login_required
def person_edit(request: HttpRequest, person_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    person = get_object_or_404(people_in_reach(user), pk=person_id)
    editable = can_edit_person(user, person)
    if request.method == "POST" and not editable:
        raise PermissionDenied
    old_email = person.email
    form = PersonForm(request.POST or None, instance=person)
    if not editable:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        new_email = form.cleaned_data["email"]
        try:
            services.update_person(
                person, by=user, site_url=request.build_absolute_uri("/"), **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Person saved."))
            if new_email.strip().lower() != old_email.strip().lower():
                messages.info(
                    request,
                    _(
                        "The new e-mail address takes effect once confirmed through the link sent "
                        "to it; the old address has been told."
                    ),
                )
            return redirect("accounts:people")
    memberships = person.memberships.select_related("unit", "line").order_by("unit__path")
    return render(
        request,
        "accounts/person_form.html",
        {
            "form": form,
            "person": person,
            "memberships": memberships,
            "editable": editable,
            "can_reset_second_factor": is_site_admin(user) and has_second_factor(person),
        },
    )


@unit_view(Capability.MANAGE_UNIT)
def membership_create(request: HttpRequest, unit: Unit) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    form = MembershipForm(request.POST or None, unit=unit, people=people_in_reach(user), by=user)
    if request.method == "POST" and form.is_valid():
        services.grant_role(
            form.cleaned_data["user"],
            unit,
            form.cleaned_data["role"],
            form.cleaned_data["line"],
            by=user,
        )
        messages.success(request, _("Role added."))
        return redirect("units:detail", unit.code)
    return render(request, "accounts/membership_form.html", {"form": form, "unit": unit})


@unit_view(Capability.MANAGE_UNIT)
def membership_delete(request: HttpRequest, unit: Unit, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id, unit=unit)
    if request.method != "POST":
        return redirect("units:detail", unit.code)
    user = request.user
    assert isinstance(user, User)
    services.revoke_role(membership, by=user)
    messages.success(request, _("Role removed."))
    return redirect("units:detail", unit.code)


password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_form.html",
    form_class=SetFirstPasswordResetForm,
    email_template_name="accounts/password_reset_email.txt",
    subject_template_name="accounts/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_form.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Django's, telling the apps above (`signals.password_changed`) the old and the new password."""

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        password_changed.send(
            sender=User,
            user=form.user,
            request=self.request,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
        )
        return response


password_change = PasswordChangeView.as_view(
    template_name="accounts/password_form.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)


def email_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The link mailed to a new e-mail address: shows the change, and makes it on POST (a mail client that
    opens links to preview them changes nothing)."""
    context: dict[str, object] = {}
    try:
        person, new_email = services.read_email_change_token(token)
        if request.method == "POST":
            services.confirm_email_change(token)
            messages.success(request, _("The new e-mail address is confirmed."))
            return redirect("core:home")
        context = {"person": person, "new_email": new_email}
    except ValidationError as error:
        context = {"error": error.messages[0]}
    return render(request, "accounts/email_confirm.html", context)
