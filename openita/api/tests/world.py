"""What the API tests read: the personas' world, a token for each persona, and a little of everything at the
test station (an OIT workspace and an official result in 2568, a measures plan in 2567, a finished batch of
the province)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.test import Client

from openita.api import services
from openita.conftest import PERSONAS, World
from openita.documents.models import DocumentBatch
from openita.measures.models import Measure
from openita.oit.models import Disclosure
from openita.scoring.models import AssessmentResult, InstrumentScore, ResultSource

OIT_YEAR = 2568
PLAN_YEAR = 2567


@dataclass
class ApiWorld:
    world: World
    tokens: dict[str, str]  # persona -> raw token (read and write)
    disclosure: Disclosure
    result: AssessmentResult
    measure: Measure
    batch: DocumentBatch
    framework_id: int

    def client(self, persona: str) -> Client:
        raw = self.tokens.get(persona)
        return Client(HTTP_AUTHORIZATION=f"Bearer {raw}") if raw else Client()


def make_api_world(world: World) -> ApiWorld:
    from openita.documents.tests.role_matrix import a_finished_batch
    from openita.measures.tests.factories import add_measure, plan_for
    from openita.oit.tests.factories import make_workspace

    workspace = make_workspace(world.station, OIT_YEAR)
    disclosure = workspace.item("O1")
    result = AssessmentResult.objects.create(
        unit=world.station,
        fiscal_year=OIT_YEAR,
        source=ResultSource.OFFICIAL,
        assessment=workspace.assessment,
        total=Decimal("91.50"),
        grade="A",
        rating_code="pass_good",
        rating_name_th="ผ่านดี",
        rating_name_en="Passed well",
        passed=True,
        complete=True,
    )
    InstrumentScore.objects.create(result=result, code="OIT", score=Decimal("90.00"))
    plan = plan_for(world.station, PLAN_YEAR)
    measure = add_measure(plan, owner=world.user("officer"))
    tokens = {
        persona: services.create_token(
            world.user(persona), name=f"{persona} token", scope="write", days=30
        ).raw
        for persona in PERSONAS
        if persona != "anonymous"
    }
    return ApiWorld(
        world,
        tokens,
        disclosure,
        result,
        measure,
        a_finished_batch(world),
        workspace.assessment.framework_version_id,
    )


def kwargs_of(api: ApiWorld, name: str) -> dict[str, Any]:
    """The URL arguments of each endpoint, on the test station's objects."""
    station = api.world.station.code
    arguments: dict[str, dict[str, Any]] = {
        "api:unit": {"unit_code": station},
        "api:people": {"unit_code": station},
        "api:campaigns": {"unit_code": station},
        "api:document": {
            "unit_code": station,
            "fiscal_year": OIT_YEAR,
            "kind_code": "ita-calendar",
            "file_format": "xlsx",
        },
        "api:framework": {"pk": api.framework_id},
        "api:result": {"pk": api.result.pk},
        "api:oit_item": {"pk": api.disclosure.pk},
        "api:oit_links": {"pk": api.disclosure.pk},
        "api:oit_files": {"pk": api.disclosure.pk},
        "api:progress": {"pk": api.measure.pk},
        "api:batch": {"pk": api.batch.pk},
        "api:batch_file": {"pk": api.batch.pk},
    }
    return arguments.get(name, {})
