"""A unit's LINE Official Account on the fake, with people and groups linked."""

from __future__ import annotations

from openita.accounts.models import User
from openita.notifications import fake, services
from openita.notifications.line_api import GroupSummary
from openita.notifications.models import LineChannel, LineGroup, LineLink
from openita.units.models import Unit

SECRET = "fake-channel-secret"


def connected(unit: Unit, actor: User, token: str = "") -> LineChannel:
    return services.connect_channel(
        unit, secret=SECRET, token=token or f"token-{unit.code}", actor=actor
    )


def linked(channel: LineChannel, user: User, line_user_id: str = "") -> LineLink:
    return LineLink.objects.create(
        channel=channel, user=user, line_user_id=line_user_id or f"U{user.pk:032d}"
    )


def linked_group(
    channel: LineChannel, topics: list[str], members: int = 5, group_id: str = "Cgroup1"
) -> LineGroup:
    fake.account(channel.token()).groups[group_id] = GroupSummary("คณะทำงาน ITA", members)
    group = services.group_joined(channel, group_id)
    assert channel.connected_by is not None
    return services.confirm_group(group, topics=topics, actor=channel.connected_by)
