"""What the OIT hands to scoring: the item scores the unit may see, with the elements met."""

from decimal import Decimal

import pytest
from django.utils import timezone

from openita.conftest import World
from openita.oit.models import Disclosure, DisclosureElement, OitDeadlines, Status
from openita.oit.scoring import released_item_scores
from openita.oit.tests.factories import make_workspace
from openita.scoring.engine import OitItemScore
from openita.scoring.inputs import registered_inputs


def give(space_assessment_id: int, code: str, status: str, score: str) -> None:
    Disclosure.objects.filter(assessment_id=space_assessment_id, item__code=code).update(
        status=status, score=Decimal(score)
    )


def test_scores_count_once_released_and_final_ones_always(world: World) -> None:
    space = make_workspace(world.station)
    assessment = space.assessment
    give(assessment.pk, "O1", Status.SCORED, "100")
    give(assessment.pk, "O4", Status.FINAL, "0")
    give(assessment.pk, "O5", Status.APPROVED, "100")  # not scored by the assessor: never counts

    assert released_item_scores([assessment]) == {
        assessment.pk: {"O4": OitItemScore(score=Decimal("0.00"))}
    }

    OitDeadlines.objects.filter(assessment=assessment).update(scores_released_at=timezone.now())
    give(assessment.pk, "O2", Status.APPEALED, "0")

    scores = released_item_scores([assessment])[assessment.pk]
    assert {code: item.score for code, item in scores.items()} == {
        "O1": Decimal("100.00"),
        "O2": Decimal("0.00"),
        "O4": Decimal("0.00"),
    }
    assert registered_inputs().oit_scores([assessment]) == {assessment.pk: scores}


def test_the_elements_met_come_along_when_every_element_is_marked(world: World) -> None:
    space = make_workspace(world.station)
    assessment = space.assessment
    OitDeadlines.objects.filter(assessment=assessment).update(scores_released_at=timezone.now())
    give(assessment.pk, "O3", Status.SCORED, "75")  # pro rata, 4 elements
    give(assessment.pk, "O2", Status.SCORED, "0")  # 3 elements, not all marked
    o3 = DisclosureElement.objects.filter(disclosure=space.item("O3")).order_by("position")
    for position, element in enumerate(o3):
        DisclosureElement.objects.filter(pk=element.pk).update(met=position < 3)
    DisclosureElement.objects.filter(disclosure=space.item("O2"), position=0).update(met=False)

    scores = released_item_scores([assessment])[assessment.pk]

    assert scores["O3"] == OitItemScore(score=Decimal("75.00"), elements_met=3, elements_total=4)
    assert scores["O2"] == OitItemScore(score=Decimal("0.00"))


# Today's date matters to these tests: they run on a fixed day (openita/conftest.py).
pytestmark = pytest.mark.usefixtures("on_a_fixed_day")
