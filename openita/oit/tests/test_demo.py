from collections import Counter
from io import StringIO

import time_machine
from django.core.management import call_command

from openita.oit.models import Appeal, Disclosure, Status
from openita.oit.tests.factories import oit_final_item_scores, oit_indicator_scores


def statuses(code: str) -> Counter[str]:
    return Counter(
        Disclosure.objects.filter(
            assessment__unit__code=code, assessment__fiscal_year=2568
        ).values_list("status", flat=True)
    )


@time_machine.travel("2026-12-01 10:00 +0700")  # the demo's FY2568 deadlines have passed
def test_the_demo_stations_are_at_different_stages_one_with_an_appeal(db: None) -> None:
    call_command("loaddemo", stdout=StringIO())
    mueang = statuses("demo-tt-muang")
    assert {Status.DRAFT, Status.SUBMITTED, Status.CHECKED, Status.APPROVED} <= set(mueang)
    assert Disclosure.objects.filter(assessment__unit__code="demo-tt-muang").overdue().exists()
    # Every item of the station's FY2568 framework version (25 in version 1, 24 in version 2).
    items = Disclosure.objects.filter(assessment__unit__code="demo-tt-khlongsai").count()
    assert items == 24
    assert statuses("demo-tt-khlongsai") == {Status.SCORED: items - 1, Status.APPEALED: 1}
    appeal = Appeal.objects.get()
    assert appeal.disclosure.item.code == "O6"
    assert appeal.disclosure.assessment.unit.code == "demo-tt-khlongsai"
    assert statuses("demo-tt-donmakham") == {Status.FINAL: items}
    donmakham = Disclosure.objects.filter(assessment__unit__code="demo-tt-donmakham").first()
    assert donmakham is not None
    assert len(oit_final_item_scores(donmakham.assessment)) == items
    assert set(oit_indicator_scores(donmakham.assessment)) == {9, 10}
    before = Disclosure.objects.filter(status=Status.DRAFT).count()
    call_command("loaddemo", stdout=StringIO())
    assert Disclosure.objects.filter(status=Status.DRAFT).count() == before
