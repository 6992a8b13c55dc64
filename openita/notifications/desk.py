"""On the desk: "link your LINE" for a person whose unit has a LINE Official Account they have not linked."""

from __future__ import annotations

from collections.abc import Sequence

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from openita.accounts import desk
from openita.accounts.authz import Capability
from openita.accounts.models import User
from openita.notifications.models import Delivery, LineLink


def link_line(query: desk.DeskQuery) -> Sequence[desk.Waiting]:
    user = query.user
    if not isinstance(user, User) or not query.memberships:
        return []
    from openita.notifications.services import channels_of, delivery_of

    channels = channels_of(user)
    if not channels or delivery_of(user) in (Delivery.EMAIL, Delivery.NONE):
        return []
    linked = set(
        LineLink.objects.filter(user=user, channel__in=channels).values_list(
            "channel_id", flat=True
        )
    )
    return [
        desk.Waiting(
            section=_("LINE"),
            what=_("Link your LINE account: send the code shown on this page to the unit's LINE"),
            title=channel.unit.name,
            url=reverse("notifications:settings"),
            unit=channel.unit,
        )
        for channel in channels
        if channel.pk not in linked
    ]


def register() -> None:
    desk.register_waiting(link_line)
    desk.register_area(
        desk.Area(
            "line",
            _("LINE"),
            90,
            lambda unit, year: reverse("notifications:channel", args=[unit.code]),
            capability=Capability.MANAGE_UNIT,
        )
    )
