"""What the apps above send, registered from their own `line_notices.py` (like the desk's providers):

    from openita.notifications import registry
    registry.register_topic(Topic("oit.waiting", _("OIT items assigned or sent back")))
    registry.register_producer("oit.waiting", my_producer)            # run every day
    registry.register_producer("digest", weekly_digest, weekday=0)     # run on Mondays

A producer takes the day and gives `Outgoing` notices; `run_day` sends each one, once per `key` and recipient
(running it twice a day sends nothing twice). Apps may also send at once with `services.send`.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Topic:
    code: str
    label: str | Promise
    for_groups: bool = True  # a unit admin may send it to a confirmed LINE group


@dataclass(frozen=True)
class Outgoing:
    """A notice: short Thai `text` and a `url` (a path) about `unit`, to `people` and, when `to_groups`, to the
    unit's confirmed LINE groups that receive the topic (`group_fallback` are told by e-mail when LINE fails)."""

    topic: str
    unit: Any
    text: str
    url: str
    key: str
    people: Sequence[Any] = ()
    to_groups: bool = False
    group_fallback: Sequence[Any] = field(default_factory=tuple)
    subject: str = ""


Producer = Callable[[datetime.date], Iterable[Outgoing]]

_topics: dict[str, Topic] = {}
_producers: list[tuple[str, Producer, int | None]] = []


def register_topic(topic: Topic) -> None:
    _topics[topic.code] = topic


def register_producer(topic: str, producer: Producer, *, weekday: int | None = None) -> None:
    if all(existing is not producer for _topic, existing, _day in _producers):
        _producers.append((topic, producer, weekday))


def topics() -> list[Topic]:
    return sorted(_topics.values(), key=lambda topic: topic.code)


def topic_label(code: str) -> str:
    topic = _topics.get(code)
    return str(topic.label) if topic else code


def group_topics() -> list[Topic]:
    return [topic for topic in topics() if topic.for_groups]


def producers_for(day: datetime.date) -> list[tuple[str, Producer]]:
    return [
        (topic, producer)
        for topic, producer, weekday in _producers
        if weekday is None or weekday == day.weekday()
    ]


def register_builtin() -> None:
    from openita.notifications import waiting

    register_topic(
        Topic(
            "waiting",
            _("Work waiting for you (items assigned or sent back, approvals)"),
            for_groups=False,
        )
    )
    register_topic(Topic("test", _("Test messages"), for_groups=False))
    register_producer("waiting", waiting.produce)


def unit_admins(unit: Any) -> list[Any]:
    """The unit's admins (active), the usual people to tell about the unit's deadlines."""
    from openita.accounts.models import Membership, Role, User

    ids = Membership.objects.filter(unit=unit, role=Role.UNIT_ADMIN).values("user_id")
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))
