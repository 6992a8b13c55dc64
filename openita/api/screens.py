"""The screens of the API: a person's tokens (under their account) and a unit's webhooks (its admin)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, unit_view
from openita.accounts.models import Role
from openita.core.forms import apply_errors
from openita.units.models import Unit

from . import services
from .forms import TokenForm, WebhookForm
from .models import ApiToken, Webhook, WebhookDelivery

RECENT_DELIVERIES = 30


@login_required
def tokens(request: HttpRequest) -> HttpResponse:
    """The person's tokens; a new token is shown once, on the page that made it."""
    form = TokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.create_token(
                request.user,  # type: ignore[arg-type]  # logged in
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                days=form.cleaned_data["days"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            new_token = made.raw
            form = TokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_token": new_token,
            "tokens": ApiToken.objects.filter(user_id=request.user.pk or 0),
            # The units whose webhooks the person manages: where they are unit admin themselves.
            "admin_units": Unit.objects.filter(
                memberships__user_id=request.user.pk or 0, memberships__role=Role.UNIT_ADMIN
            ).order_by("code"),
        },
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.revoke_token(token, request.user)  # type: ignore[arg-type]
    messages.success(request, _("The token was revoked: it no longer works."))
    return redirect("api:tokens")


@unit_view(Capability.MANAGE_UNIT)
def webhooks(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The unit's webhooks and their latest deliveries; a new webhook's secret is shown once."""
    form = WebhookForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            made = services.register_webhook(
                unit,
                request.user,  # type: ignore[arg-type]
                url=form.cleaned_data["url"],
                events=form.cleaned_data["events"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            new_secret = made.secret
            form = WebhookForm()
    hooks = list(Webhook.objects.filter(unit=unit))
    deliveries = WebhookDelivery.objects.filter(webhook__unit=unit).select_related("webhook")[
        :RECENT_DELIVERIES
    ]
    return render(
        request,
        "api/webhooks.html",
        {
            "unit": unit,
            "form": form,
            "new_secret": new_secret,
            "webhooks": hooks,
            "deliveries": deliveries,
        },
    )


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def webhook_remove(request: HttpRequest, unit: Unit, webhook_id: int) -> HttpResponse:
    webhook = get_object_or_404(Webhook, pk=webhook_id, unit=unit)
    services.remove_webhook(webhook, request.user)  # type: ignore[arg-type]
    messages.success(request, _("The webhook was removed."))
    return redirect("api:webhooks", unit.code)
