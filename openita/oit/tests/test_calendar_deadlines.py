"""The OIT deadlines come from the fiscal year's ITA calendar and follow it."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from openita.conftest import World
from openita.ita_calendar import services as calendar
from openita.oit import services
from openita.oit.tests.factories import Workspace, make_workspace
from openita_testing.replayed_rows import RowReplay

_spaces = RowReplay()  # made once per process, put back for each test


@pytest.fixture
def space(world: World) -> Workspace:
    return _spaces.made(lambda: make_workspace(world.station))


def phases(space: Workspace) -> dict:
    return {phase.code: phase for phase in calendar.ensure_calendar(space.assessment)}


def test_the_deadlines_are_taken_from_the_units_calendar(space: Workspace) -> None:
    space.assessment.oit_deadlines.delete()
    calendar.update_phase(phases(space)["oit_submission"], ends_on=datetime.date(2025, 3, 31))
    deadlines = services.deadlines_of(space.assessment)
    assert deadlines.submission_deadline == datetime.date(2025, 3, 31)
    assert deadlines.appeal_opens == datetime.date(2025, 6, 20)


def test_a_calendar_change_moves_the_deadlines(space: Workspace) -> None:
    services.deadlines_of(space.assessment)
    calendar.update_phase(
        phases(space)["appeal"],
        starts_on=datetime.date(2025, 7, 1),
        ends_on=datetime.date(2025, 7, 10),
    )
    deadlines = services.deadlines_of(space.assessment)
    assert (deadlines.appeal_opens, deadlines.appeal_closes) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 7, 10),
    )


def test_a_calendar_change_out_of_order_is_refused_and_undone(space: Workspace) -> None:
    services.deadlines_of(space.assessment)
    appeal = phases(space)["appeal"]
    with pytest.raises(ValidationError, match="กำหนดส่ง"):
        calendar.update_phase(
            appeal, starts_on=datetime.date(2025, 2, 1), ends_on=datetime.date(2025, 2, 10)
        )
    assert calendar.phase_window(space.assessment, "appeal") == (
        datetime.date(2025, 6, 20),
        datetime.date(2025, 6, 30),
    )
    assert services.deadlines_of(space.assessment).appeal_opens == datetime.date(2025, 6, 20)


def test_the_assessors_deadlines_are_written_into_the_calendar(
    world: World, space: Workspace
) -> None:
    services.update_deadlines(
        space.assessment,
        world.user("assessor"),
        submission_deadline=datetime.date(2025, 5, 15),
        appeal_opens=datetime.date(2025, 6, 1),
        appeal_closes=datetime.date(2025, 6, 10),
    )
    assert calendar.phase_deadline(space.assessment, "oit_submission") == datetime.date(2025, 5, 15)
    assert calendar.phase_window(space.assessment, "appeal") == (
        datetime.date(2025, 6, 1),
        datetime.date(2025, 6, 10),
    )
    calendar.reset_calendar(space.assessment)  # the unit's reset keeps the assessor's dates
    assert services.deadlines_of(space.assessment).submission_deadline == datetime.date(2025, 5, 15)
