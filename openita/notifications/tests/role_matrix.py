"""The notifications views in the role matrix (see openita_testing/role_matrix.py)."""

from typing import Any

from openita.conftest import PERSONAS, World
from openita.notifications.models import LineChannel, LineGroup
from openita.notifications.tests.factories import connected
from openita_testing.role_matrix import (
    LOGIN,
    MISSING,
    OK,
    Case,
    everyone,
    managed,
    station_read_only,
)

# The webhook is LINE's: no login, its signature checked (openita/notifications/tests/test_linking.py).
NOT_IN_MATRIX = {"notifications:webhook"}

NOT_ALLOWED, REDIRECT = 405, 302
STATION_MEMBERS = ("officer", "committee", "executive", "unit_admin")


def station(world: World) -> dict[str, Any]:
    return {"unit_code": world.station.code}


def station_channel(world: World) -> LineChannel:
    return LineChannel.objects.filter(unit=world.station).first() or connected(
        world.station, world.user("unit_admin")
    )


def connected_station(world: World) -> dict[str, Any]:
    station_channel(world)
    return station(world)


def station_group(world: World) -> dict[str, Any]:
    channel = station_channel(world)
    group, _created = LineGroup.objects.get_or_create(channel=channel, group_id="Cmatrix")
    return {**station(world), "group_id": group.pk}


def own_channel(world: World) -> dict[str, Any]:
    return {"channel_id": station_channel(world).pk}


# POST-only buttons of the station's managers.
manager_post_only = everyone(
    MISSING,
    **station_read_only,
    **dict.fromkeys(("unit_admin", "parent_admin", "superuser"), NOT_ALLOWED),
)
manager_posts = everyone(MISSING, **station_read_only)
# A station member's own LINE: the station's members (whose unit the account speaks for) only.
member_post_only = everyone(MISSING, **dict.fromkeys(STATION_MEMBERS, NOT_ALLOWED))
member_posts = everyone(MISSING, **dict.fromkeys(STATION_MEMBERS, REDIRECT))

CASES = [
    managed("notifications:channel", station, lambda world: {"channel_secret": "s"}),
    Case(
        "notifications:channel_test", connected_station, get=manager_post_only, post=manager_posts
    ),
    Case(
        "notifications:channel_disconnect",
        connected_station,
        get=manager_post_only,
        post=manager_posts,
    ),
    Case("notifications:group_confirm", station_group, get=manager_post_only, post=manager_posts),
    Case("notifications:group_unlink", station_group, get=manager_post_only, post=manager_posts),
    Case(
        "notifications:settings",
        get=everyone(OK),
        post={"anonymous": LOGIN},
        writers=tuple(persona for persona in PERSONAS if persona != "anonymous"),
    ),
    Case(
        "notifications:new_code",
        own_channel,
        get=member_post_only,
        post=member_posts,
        writers=STATION_MEMBERS,
    ),
    Case(
        "notifications:unlink",
        own_channel,
        get=member_post_only,
        post=member_posts,
        writers=STATION_MEMBERS,
    ),
]
