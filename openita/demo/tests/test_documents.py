"""The demo's immigration office makes every document kind in every format, for its last closed year (and,
like the station, for the current year whatever its data allows so far)."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from openita.core.thai import fiscal_year_of
from openita.documents import kinds
from openita.documents.kinds import Period
from openita.units.models import Unit

UNIT = "demo-tt-immigration"
MAGIC = {"pdf": b"%PDF", "docx": b"PK", "xlsx": b"PK"}


def _requests(unit: Unit, year: int, kind: kinds.DocumentKind) -> list[kinds.DocumentRequest]:
    periods: tuple[Period | None, ...] = ("h1", "year") if "period" in kind.options else (None,)
    meetings = (1, 2) if "meeting" in kind.options else (None,)
    return [
        kinds.DocumentRequest(unit, year, period=period, meeting=meeting)
        for period in periods
        for meeting in meetings
    ]


@pytest.mark.demo_moment("2026-12-06 09:00 +0700")
@time_machine.travel("2026-12-06 09:00 +0700", tick=False)
def test_the_immigration_office_makes_every_kind_in_every_format(demo_db: None) -> None:
    unit = Unit.objects.get(code=UNIT)
    current = fiscal_year_of(date(2026, 12, 6))
    made = []
    for kind in kinds.all_kinds():
        for request in _requests(unit, current - 1, kind):
            for file_format in kind.formats:
                content, name = kinds.make_file(kind, request, file_format)
                assert content.startswith(MAGIC[file_format]), name
                made.append(name)
    assert len({name.split("-demo-")[0] for name in made}) == len(kinds.all_kinds()) >= 9
    # the current year, early December: the order, the first meeting, the OIT assignments and calendar,
    # the ITA calendar and the plan waiting for approval are there already
    for code in ("committee-order", "oit-assignments", "oit-calendar", "ita-calendar"):
        kind = kinds.get_kind(code)
        content, name = kinds.make_file(kind, kinds.DocumentRequest(unit, current), "pdf")
        assert content.startswith(b"%PDF"), name
    minutes = kinds.get_kind("meeting-minutes")
    content, name = kinds.make_file(
        minutes, kinds.DocumentRequest(unit, current, meeting=1), "docx"
    )
    assert content.startswith(b"PK"), name
