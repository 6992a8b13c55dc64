"""The demo's LINE: the Mueang station's Official Account connected (to the in-process fake when
OPENITA_LINE_BACKEND=fake, the default of `make run`), its unit admin's LINE linked, and the working group's
LINE group confirmed for the weekly digest, the calendar's deadlines and the surveys. Nothing is sent while
loading; safe to run again."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from openita.accounts.models import Membership, Role
from openita.notifications import services
from openita.notifications.models import GroupState, LineChannel, LineGroup, LineLink
from openita.units.models import Unit

STATION = "demo-tt-muang"
SECRET = "demo-line-channel-secret"  # public, like the demo's passwords: never for production
TOKEN = "demo-line-access-token"
GROUP_ID = "Cdemo0000000000000000000000000001"


@transaction.atomic
def load_line_demo() -> LineChannel | None:
    unit = Unit.objects.filter(code=STATION).first()
    admin_membership = (
        Membership.objects.filter(unit=unit, role=Role.UNIT_ADMIN).select_related("user").first()
    )
    if unit is None or admin_membership is None:
        return None
    admin = admin_membership.user
    channel = LineChannel.objects.filter(unit=unit).first() or services.connect_channel(
        unit, secret=SECRET, token=TOKEN, actor=admin
    )
    LineLink.objects.get_or_create(
        channel=channel, user=admin, defaults={"line_user_id": f"Udemo{admin.pk:028d}"}
    )
    LineGroup.objects.get_or_create(
        channel=channel,
        group_id=GROUP_ID,
        defaults={
            "name": "คณะทำงาน ITA สภ.เมือง",
            "state": GroupState.LINKED,
            "member_count": 12,
            "topics": ["digest", "calendar", "surveys"],
            "confirmed_at": timezone.now(),
            "confirmed_by": admin,
        },
    )
    return channel
