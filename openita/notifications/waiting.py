"""The daily "work waiting for you" notice, built from the desk's own providers (OIT items assigned or sent
back, approvals waiting, measures to report, ...): only the headings and how many, never a title or any
content, so a complaint waiting reads the same as an OIT item; the link opens the desk.

Sent to the people who linked LINE or chose e-mail themselves (nobody else gets a new daily e-mail), again
only when what waits changed."""

from __future__ import annotations

import datetime
import hashlib
from collections import Counter
from collections.abc import Iterator

from django.db.models import Q
from django.urls import reverse
from django.utils import translation

from openita.accounts import desk
from openita.accounts.models import Membership, User
from openita.core.thai import fiscal_year_of
from openita.notifications.models import Delivery, Preference
from openita.notifications.registry import Outgoing
from openita.units.models import Unit


def people_who_asked() -> list[User]:
    linked = Q(line_links__isnull=False)
    chose = Q(
        pk__in=Preference.objects.filter(delivery__in=[Delivery.EMAIL, Delivery.BOTH]).values(
            "user_id"
        )
    )
    return list(
        User.objects.filter(is_active=True).filter(linked | chose).distinct().order_by("pk")
    )


def waiting_text(user: User, today: datetime.date) -> tuple[str, str, Unit | None]:
    """(text, digest of what waits, a unit of theirs) for the person; text "" when nothing waits."""
    memberships = list(
        Membership.objects.filter(user=user, unit__is_active=True).values_list("unit_id", "role")
    )
    units = list(Unit.objects.filter(pk__in={unit_id for unit_id, _role in memberships}))
    query = desk.DeskQuery(
        user=user,
        fiscal_year=fiscal_year_of(today),
        today=today,
        own_units=units,
        memberships=memberships,
    )
    own_page = reverse("notifications:settings")
    entries = [entry for entry in desk.waiting_for(query) if entry.url != own_page]
    if not entries:
        return "", "", None
    counts = Counter(str(entry.section) for entry in entries)
    digest = hashlib.sha256(
        "|".join(sorted(f"{entry.url}#{entry.what}" for entry in entries)).encode()
    ).hexdigest()[:16]
    lines = [f"มีงานรอคุณใน openita {len(entries)} เรื่อง"]
    lines += [f"- {section} {count} เรื่อง" for section, count in counts.most_common()]
    return "\n".join(lines), digest, units[0] if units else None


def produce(today: datetime.date) -> Iterator[Outgoing]:
    with translation.override("th"):
        for person in people_who_asked():
            text, digest, unit = waiting_text(person, today)
            if text:
                yield Outgoing(
                    topic="waiting",
                    unit=unit,
                    text=text,
                    url=reverse("core:home"),
                    key=f"waiting:{digest}",
                    people=[person],
                    subject="มีงานรอคุณใน openita",
                )
