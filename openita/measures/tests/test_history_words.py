"""A plan's and a measure's history read in people's words: Thai event names, names, Buddhist-era dates."""

import datetime
import re

import pytest
from django.urls import reverse

from openita.conftest import World, client_for
from openita.measures import services
from openita.measures.tests.factories import add_measure, plan_for

pytestmark = pytest.mark.django_db


def test_a_plans_and_a_measures_history_read_in_peoples_words(world: World) -> None:
    plan = plan_for(world.station)
    officer = world.user("officer")
    measure = add_measure(plan, owner=officer, due=datetime.date(2025, 3, 31))
    services.submit_plan(plan, world.user("unit_admin"))
    version = services.approve_plan(plan, world.user("executive"))
    client = client_for(world, "unit_admin")

    plan_history = client.get(
        reverse("audit:object_history", args=["measures.PlanVersion", version.pk])
    ).content.decode()
    # the page's CSRF tokens are random text that may hold "v1" by chance (CI met it in a form's
    # hidden field): the checks below read the page without any token
    plan_history = re.sub(r'"X-CSRFToken": "[^"]*"', "", plan_history)
    plan_history = re.sub(r'(name="csrfmiddlewaretoken") value="[^"]*"', r"\1", plan_history)
    assert "csrfmiddlewaretoken" in plan_history and not re.search(r"[A-Za-z0-9]{48}", plan_history)
    assert "เสนอขออนุมัติแล้ว" in plan_history
    assert f"อนุมัติฉบับที่ {version.number} แล้ว" in plan_history
    assert "Submitted for approval" not in plan_history and "Approved version" not in plan_history
    assert world.user("executive").display_name in plan_history
    assert "อนุมัติโดย" in plan_history and "เสนอโดย" in plan_history and "ฉบับที่ 1" in plan_history
    for english in ("approved by", "submitted by", "plan:", "v1", "Approved by", "version 1"):
        assert english not in plan_history, english  # field names and labels in Thai too

    detail = client.get(
        reverse("measures:measure_detail", args=[world.station.code, 2568, measure.pk])
    ).content.decode()
    history_url = reverse("audit:object_history", args=["measures.Measure", measure.pk])
    assert history_url in detail
    measure_history = client.get(history_url).content.decode()
    assert officer.display_name in measure_history  # the lead, by name
    assert "31 มี.ค. 2568" in measure_history and "2025-03-31" not in measure_history
    assert f"<ins>{officer.pk}</ins>" not in measure_history
