"""A person's own security: the second factor (enroll, verify, recovery codes, remove) and signing out
everywhere. Every write is a service of openita.accounts.second_factor or openita.accounts.services."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts import second_factor, services
from openita.accounts.authz import require_site_admin
from openita.accounts.forms import SecondFactorForm
from openita.accounts.models import User


def _person(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return str(settings.LOGIN_REDIRECT_URL)


@login_required
def security(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    return render(
        request,
        "accounts/security.html",
        {
            "has_second_factor": second_factor.has_second_factor(person),
            "needs_second_factor": second_factor.needs_second_factor(person),
        },
    )


@login_required
def enroll(request: HttpRequest) -> HttpResponse:
    """Add an authenticator app: scan the code (or type the secret), then give one code from the app."""
    person = _person(request)
    device = second_factor.pending_device(person)
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = second_factor.confirm_enrollment(request, person, form.cleaned_data["token"])
        if codes is not None:
            return render(
                request,
                "accounts/recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("token", _("The code is not right. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/second_factor_enroll.html",
        {
            "form": form,
            "qr_svg": qr.svg_inline(scale=4, omitsize=False),
            "secret": second_factor.secret_of(device),
            "next": _next_url(request),
            "replacing": second_factor.has_second_factor(person),
        },
    )


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """The second step of logging in."""
    person = _person(request)
    if not second_factor.has_second_factor(person):
        return redirect("accounts:second_factor_enroll")
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, person, form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error("token", _("The code is not right, or was used already."))
    return render(
        request, "accounts/second_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponse:
    person = _person(request)
    if not second_factor.has_second_factor(person):
        return redirect("accounts:security")
    codes = second_factor.new_recovery_codes(person)
    return render(
        request,
        "accounts/recovery_codes.html",
        {"codes": codes, "next": reverse("accounts:security")},
    )


@login_required
@require_POST
def remove_second_factor(request: HttpRequest) -> HttpResponse:
    """Remove one's own authenticator (to move to a new phone): every session ends, this one too."""
    second_factor.remove_second_factor(_person(request))
    logout(request)
    messages.info(request, _("Your authenticator was removed; log in again to add a new one."))
    return redirect(settings.LOGIN_URL)


@login_required
@require_POST
def sign_out_everywhere(request: HttpRequest) -> HttpResponse:
    services.sign_out_everywhere(_person(request))
    logout(request)
    messages.info(request, _("You are signed out on every device."))
    return redirect(settings.LOGIN_URL)


@login_required
@require_POST
def reset_second_factor(request: HttpRequest, person_id: int) -> HttpResponse:
    """A site administrator removes someone's lost authenticator: that person's sessions end, and they enroll
    again at their next log-in."""
    require_site_admin(request.user)
    person = get_object_or_404(User, pk=person_id)
    second_factor.remove_second_factor(person)
    messages.success(
        request, _("The second factor was removed; the person adds a new one at next log-in.")
    )
    return redirect("accounts:person_edit", person.pk)
