"""The demo's clock: each demo year is played as a timeline of dated events, each run through the
services with the clock set to its date, so that every record, history entry and timestamp falls on
the day the event happened (ADR 0017). Events after the demo's "until" day (today, for the current
year) have not happened yet and are not run."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, time
from unittest import mock

from django.utils import timezone


@contextmanager
def on(day: date, hour: int = 10) -> Iterator[None]:
    """Run the block as if it were `day` at `hour` (local time): ``timezone.now`` and
    ``timezone.localdate`` answer that moment, so services record it."""
    moment = timezone.make_aware(datetime.combine(day, time(hour, 0)))
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


@dataclass
class Timeline:
    """Dated events of one unit's year, run in date order up to a day."""

    until: date
    events: list[tuple[date, int, int, Callable[[], object]]] = field(default_factory=list)

    def add(self, day: date, event: Callable[[], object], hour: int = 10) -> None:
        self.events.append((day, hour, len(self.events), event))

    def happened(self, day: date) -> bool:
        return day <= self.until

    def run(self) -> None:
        for day, hour, _order, event in sorted(self.events, key=lambda e: e[:3]):
            if day > self.until:
                break
            with on(day, hour):
                event()
