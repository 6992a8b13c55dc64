from io import StringIO

import pytest
from django.core.management import call_command

from openita.scoring.models import AssessmentResult, ResultSource
from openita.scoring.tests.helpers import load_shipped

pytestmark = pytest.mark.django_db


def test_the_demo_has_official_fy2567_and_computed_fy2568_results_and_is_idempotent() -> None:
    load_shipped("ita-2567-police")
    load_shipped("ita-2568-police")
    call_command("loaddemo", "--quiet-logins", stdout=StringIO())
    totals = {
        (r.unit.code, r.fiscal_year, r.source): r.total
        for r in AssessmentResult.objects.select_related("unit")
    }

    call_command("loaddemo", "--quiet-logins", stdout=StringIO())

    again = {
        (r.unit.code, r.fiscal_year, r.source): r.total
        for r in AssessmentResult.objects.select_related("unit")
    }
    assert again == totals
    official = [key for key in totals if key[2] == ResultSource.OFFICIAL]
    computed = [key for key in totals if key[2] == ResultSource.COMPUTED]
    assert len(official) == 4 and all(key[1] == 2567 for key in official)
    assert len(computed) == 4 and all(key[1] == 2568 for key in computed)
    assert all(total is not None for total in totals.values())
