"""Computing results on the task queue: a pure overwrite (twice = once), a page that says when the result was
computed and when its inputs changed since, and a failure shown with its reason."""

from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from openita.conftest import World, client_for
from openita.frameworks.services import get_or_create_assessment
from openita.scoring import tasks as scoring_tasks
from openita.scoring.inputs import FixedInputs, using_inputs
from openita.scoring.models import AssessmentResult, IndicatorScore, InstrumentScore, ResultItems
from openita.scoring.tests.helpers import load_shipped, shipped_library, worked_example_inputs
from openita.tasks import services as tasks
from openita.tasks.models import JobState

YEAR = 2568


@pytest.fixture
def example(world: World):
    load_shipped("ita-2568-police")
    assessment = get_or_create_assessment(world.station, YEAR)
    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    return assessment, FixedInputs({assessment.pk: tallies}, {assessment.pk: oit})


def stored() -> tuple:
    result = AssessmentResult.objects.values(
        "pk", "total", "grade", "rating_code", "passed", "complete", "inputs_digest"
    ).get()
    return (
        result,
        sorted(InstrumentScore.objects.values_list("code", "score", "respondents")),
        sorted(IndicatorScore.objects.values_list("number", "score")),
        list(ResultItems.objects.values_list("result_id", flat=True)),
    )


def test_computing_twice_leaves_what_computing_once_does(world: World, example) -> None:
    _assessment, inputs = example
    with using_inputs(inputs):
        first = tasks.enqueue(scoring_tasks.recompute_results, YEAR, [world.station.pk])
        once = stored()
        second = tasks.enqueue(scoring_tasks.recompute_results, YEAR, [world.station.pk])
    assert (first.state, second.state) == (JobState.DONE, JobState.DONE)
    assert first.result is not None and first.result["computed"] == 1
    assert stored() == once
    assert once[0]["total"] == Decimal("93.41")


def test_the_page_says_when_the_result_was_computed_and_when_inputs_changed_since(
    world: World, example
) -> None:
    assessment, inputs = example
    page_url = reverse("scoring:unit_result", args=[world.station.code, YEAR])
    client = client_for(world, "unit_admin")
    with using_inputs(inputs):
        client.post(reverse("scoring:recompute_unit", args=[world.station.code, YEAR]))
        page = client.get(page_url).content.decode()
    assert 'id="computed-at"' in page and "คำนวณเมื่อ" in page  # computed on …
    assert 'id="inputs-changed"' not in page

    tallies, oit = worked_example_inputs(shipped_library("ita-2568-police"))
    changed: dict[str, Any] = dict(oit)
    first_item = sorted(changed)[0]
    changed[first_item] = Decimal(0) if changed[first_item] != Decimal(0) else Decimal(100)
    with using_inputs(FixedInputs({assessment.pk: tallies}, {assessment.pk: changed})):
        page = client.get(page_url).content.decode()
        assert 'id="inputs-changed"' in page
        client.post(reverse("scoring:recompute_unit", args=[world.station.code, YEAR]))
        assert 'id="inputs-changed"' not in client.get(page_url).content.decode()


def test_a_failed_computation_shows_its_reason_on_the_page(world: World, example, monkeypatch):
    _assessment, inputs = example

    def broken(*args, **kwargs):
        raise RuntimeError("the scoring engine is broken")

    monkeypatch.setattr(scoring_tasks, "recompute", broken)
    client = client_for(world, "unit_admin")
    with using_inputs(inputs):
        client.post(reverse("scoring:recompute_unit", args=[world.station.code, YEAR]))
        page = client.get(reverse("scoring:unit_result", args=[world.station.code, YEAR]))
    job = page.context["job"]
    assert job.state == JobState.FAILED
    assert "the scoring engine is broken" in page.content.decode()


def test_the_page_follows_a_queued_computation(world: World, example, settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    client = client_for(world, "unit_admin")
    client.post(reverse("scoring:recompute_unit", args=[world.station.code, YEAR]))
    progress_url = reverse("scoring:recompute_progress", args=[world.station.code, YEAR])
    page = client.get(reverse("scoring:unit_result", args=[world.station.code, YEAR]))
    assert f'hx-get="{progress_url}"' in page.content.decode()
    assert 'hx-trigger="every 2s"' in client.get(progress_url).content.decode()
