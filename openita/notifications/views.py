"""The unit admin's LINE screen, the person's notification settings, and LINE's webhook."""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseNotAllowed,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from openita.accounts.authz import Capability, unit_view
from openita.accounts.models import User
from openita.core.forms import apply_errors
from openita.notifications import services
from openita.notifications.forms import ChannelForm, DeliveryForm, GroupForm
from openita.notifications.models import GroupState, LineChannel, LineGroup, Message, MessageState
from openita.units.models import Unit

logger = logging.getLogger(__name__)

RECENT_MESSAGES = 20


def _webhook_url(request: HttpRequest, unit: Unit) -> str:
    return request.build_absolute_uri(reverse("notifications:webhook", args=[unit.code]))


@unit_view(Capability.MANAGE_UNIT)
def channel(request: HttpRequest, unit: Unit) -> HttpResponse:
    """The unit's LINE Official Account: connect it, its webhook URL, its groups and its recent failures."""
    line_channel = LineChannel.objects.filter(unit=unit).first()
    form = ChannelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        assert isinstance(request.user, User)
        try:
            services.connect_channel(
                unit,
                secret=form.cleaned_data["channel_secret"],
                token=form.cleaned_data["access_token"],
                actor=request.user,
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("The LINE Official Account is connected."))
            return redirect("notifications:channel", unit.code)
    groups = list(line_channel.groups.exclude(state=GroupState.LEFT)) if line_channel else []
    recent = list(
        Message.objects.filter(channel=line_channel).select_related("user", "group")[
            :RECENT_MESSAGES
        ]
        if line_channel
        else []
    )
    return render(
        request,
        "notifications/channel.html",
        {
            "unit": unit,
            "line_channel": line_channel,
            "form": form,
            "webhook_url": _webhook_url(request, unit),
            "groups": [(group, GroupForm(initial={"topics": group.topics})) for group in groups],
            "recent": recent,
            "failed_count": sum(
                1 for message in recent if message.state != MessageState.SENT and message.error
            ),
            "linked_people": line_channel.links.count() if line_channel else 0,
        },
    )


def _channel_of(unit: Unit) -> LineChannel:
    line_channel = LineChannel.objects.filter(unit=unit).first()
    if line_channel is None:
        raise Http404
    return line_channel


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def channel_test(request: HttpRequest, unit: Unit) -> HttpResponse:
    assert isinstance(request.user, User)
    outcome = services.send_test(_channel_of(unit), request.user)
    if not outcome.ok:
        messages.error(request, _("LINE refused: %(reason)s") % {"reason": outcome.reason})
    elif outcome.pushed:
        messages.success(request, _("A test message was sent to your LINE."))
    else:
        messages.success(
            request,
            _("LINE accepts the access token. Link your own LINE to receive a test message."),
        )
    return redirect("notifications:channel", unit.code)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def channel_disconnect(request: HttpRequest, unit: Unit) -> HttpResponse:
    services.disconnect_channel(_channel_of(unit))
    messages.success(request, _("The LINE Official Account is disconnected."))
    return redirect("notifications:channel", unit.code)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def group_confirm(request: HttpRequest, unit: Unit, group_id: int) -> HttpResponse:
    group = get_object_or_404(LineGroup, pk=group_id, channel__unit=unit)
    assert isinstance(request.user, User)
    services.confirm_group(group, topics=request.POST.getlist("topics"), actor=request.user)
    messages.success(request, _("The LINE group is linked."))
    return redirect("notifications:channel", unit.code)


@unit_view(Capability.MANAGE_UNIT)
@require_POST
def group_unlink(request: HttpRequest, unit: Unit, group_id: int) -> HttpResponse:
    group = get_object_or_404(LineGroup, pk=group_id, channel__unit=unit)
    services.unlink_group(group)
    messages.success(request, _("The LINE group is unlinked."))
    return redirect("notifications:channel", unit.code)


@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    """How the person is told, and their LINE account linked to each Official Account that speaks for them."""
    user = request.user
    assert isinstance(user, User)
    form = DeliveryForm(request.POST or None, initial={"delivery": services.delivery_of(user)})
    if request.method == "POST" and form.is_valid():
        services.set_delivery(user, form.cleaned_data["delivery"])
        messages.success(request, _("Saved."))
        return redirect("notifications:settings")
    accounts = []
    for line_channel in services.channels_of(user):
        accounts.append(
            {
                "channel": line_channel,
                "linked": line_channel.links.filter(user=user).exists(),
                "code": services.current_code(user, line_channel),
            }
        )
    return render(request, "notifications/settings.html", {"form": form, "accounts": accounts})


def _own_channel(user: User, channel_id: int) -> LineChannel:
    for line_channel in services.channels_of(user):
        if line_channel.pk == channel_id:
            return line_channel
    raise Http404


@login_required
def new_code(request: HttpRequest, channel_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    line_channel = _own_channel(user, channel_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.new_link_code(user, line_channel)
    return redirect("notifications:settings")


@login_required
def unlink(request: HttpRequest, channel_id: int) -> HttpResponse:
    user = request.user
    assert isinstance(user, User)
    line_channel = _own_channel(user, channel_id)
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    services.unlink_person(user, line_channel)
    messages.success(request, _("Your LINE account is unlinked."))
    return redirect("notifications:settings")


@csrf_exempt
@require_POST
def webhook(request: HttpRequest, unit_code: str) -> HttpResponse:
    """LINE's webhook for the unit's Official Account: a request whose X-Line-Signature does not match the
    channel secret is refused with 400 (and logged)."""
    from linebot.v3.exceptions import InvalidSignatureError

    line_channel = LineChannel.objects.filter(unit__code=unit_code).select_related("unit").first()
    if line_channel is None:
        raise Http404
    signature = request.headers.get("X-Line-Signature", "")
    try:
        services.handle_webhook(line_channel, request.body.decode("utf-8"), signature)
    except InvalidSignatureError:
        logger.warning("LINE webhook for %s: bad signature, refused", unit_code)
        return HttpResponseBadRequest("bad signature")
    except (ValueError, UnicodeDecodeError):
        logger.warning("LINE webhook for %s: unreadable body, refused", unit_code)
        return HttpResponseBadRequest("unreadable")
    return HttpResponse("OK")
