"""The year model (ADR 0016): a unit never gets an older framework silently; a person chooses to use the
latest published one provisionally, and every page and document of the year then says so; a site admin
copies a framework into the new year in the screens; the year moves onto its own framework, keeping its
work, with the differences shown."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse

from openita.conftest import World, client_for
from openita.documents.kinds import DocumentRequest, DocumentUnavailable, all_kinds, build
from openita.documents.quality import document_text
from openita.frameworks import services
from openita.frameworks.models import Assessment, FrameworkVersion, OitItem, VersionStatus
from openita.frameworks.tests.factories import load_small
from openita.oit import services as oit_services
from openita.oit.models import Disclosure, DisclosureElement

pytestmark = pytest.mark.django_db


def test_an_older_framework_is_never_used_silently(world: World) -> None:
    load_small(urn="test-2566", fiscal_year=2566)
    latest = load_small(urn="test-2567", fiscal_year=2567)
    with pytest.raises(services.ProvisionalFrameworkNeeded) as needed:
        services.get_or_create_assessment(world.station, 2569)
    assert needed.value.candidate == latest
    assert Assessment.objects.count() == 0
    # The OIT workspace, the measures plan and a survey campaign all go through the same service.
    client = client_for(world, "unit_admin")
    response = client.post(reverse("oit:open", args=[world.station.code, 2569]))
    assert response.status_code == 302
    assert response["Location"].startswith(
        reverse("frameworks:year", args=[world.station.code, 2569])
    )
    response = client.post(reverse("measures:plan_start", args=[world.station.code, 2569]))
    assert response["Location"].startswith(
        reverse("frameworks:year", args=[world.station.code, 2569])
    )
    response = client.post(reverse("ita_calendar:setup", args=[world.station.code, 2569]))
    assert response["Location"].startswith(
        reverse("frameworks:year", args=[world.station.code, 2569])
    )
    assert Assessment.objects.count() == 0


def test_the_person_chooses_the_provisional_framework_and_the_year_says_so(world: World) -> None:
    latest = load_small(urn="test-2567", fiscal_year=2567)
    page = reverse("frameworks:year", args=[world.station.code, 2569])
    officer = client_for(world, "officer")
    response = officer.get(page)
    assert response.context["candidate"] == latest
    assert "Use the latest published framework provisionally" not in response.content.decode()
    assert officer.post(page, {"action": "open", "provisional": "1"}).status_code == 403
    admin = client_for(world, "unit_admin")
    board = reverse("oit:board", args=[world.station.code, 2569])
    response = admin.post(page, {"action": "open", "provisional": "1", "next": board})
    assert response["Location"] == board
    assessment = Assessment.objects.get(unit=world.station, fiscal_year=2569)
    assert assessment.framework_version == latest
    assert assessment.is_provisional
    # Every page of the year says so (the navigation bar), and so does every document of the year.
    calendar = reverse("ita_calendar:timeline", args=[world.station.code, 2569])
    assert admin.get(calendar).context["nav_year_provisional"]
    assert "กรอบการประเมินชั่วคราว" in admin.get(calendar).content.decode()
    oit_services.open_workspace(world.station, 2569, world.user("unit_admin"))
    texts = []
    for kind in all_kinds():
        try:
            texts.append(
                document_text(build(kind, DocumentRequest(unit=world.station, fiscal_year=2569)))
            )
        except DocumentUnavailable:
            continue
    assert texts
    assert all("Provisional framework" in t or "กรอบการประเมินชั่วคราว" in t for t in texts)


def _clone_edit_publish_in_screens(world: World, source: FrameworkVersion) -> FrameworkVersion:
    admin = client_for(world, "superuser")
    response = admin.get(reverse("frameworks:clone", args=[source.label]))
    assert response.context["form"].initial["fiscal_year"] == source.fiscal_year + 1
    response = admin.post(
        reverse("frameworks:clone", args=[source.label]),
        {
            "urn": "test-2568",
            "fiscal_year": 2568,
            "name_th": "กรอบทดสอบ 2568",
            "name_en": "Test framework 2568",
            "unit_types": ["police_station"],
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    draft = FrameworkVersion.objects.get(urn="test-2568")
    assert (draft.fiscal_year, draft.status) == (2568, VersionStatus.DRAFT)
    item = draft.oit_items.get(code="O1")
    data = {
        "title_th": "โครงสร้างหน่วยงาน",
        "title_en": "Structure of the unit",
        "help_th": "",
        "help_en": "",
        "year_condition_th": "",
        "year_condition_en": "",
        "formats": "pdf",
        "scoring_mode": item.scoring_mode,
        "purposes": ", ".join(item.purposes),
        "confidence": "",
        "source": "",
        "elements-TOTAL_FORMS": "3",
        "elements-INITIAL_FORMS": "2",
        "elements-MIN_NUM_FORMS": "0",
        "elements-MAX_NUM_FORMS": "1000",
    }
    for index, element in enumerate(item.elements.all()):
        data |= {
            f"elements-{index}-code": element.code,
            f"elements-{index}-text_th": element.text_th,
            f"elements-{index}-text_en": element.text_en,
        }
    data |= {
        "elements-2-code": "",
        "elements-2-text_th": "อำนาจหน้าที่",
        "elements-2-text_en": "Duties",
    }
    response = admin.post(reverse("frameworks:edit_oit_item", args=[draft.label, "O1"]), data)
    assert response.status_code == 302
    response = admin.post(reverse("frameworks:publish", args=[draft.label]))
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    return draft


@time_machine.travel("2027-11-10 10:00 +0700")
def test_copy_edit_publish_then_the_year_moves_onto_its_own_framework(world: World) -> None:
    source = load_small(urn="test-2567", fiscal_year=2567)
    unit_admin = world.user("unit_admin")
    assessment = services.get_or_create_assessment(world.station, 2568, provisional=True)
    oit_services.open_workspace(world.station, 2568, unit_admin)
    disclosure = Disclosure.objects.get(assessment=assessment)
    DisclosureElement.objects.filter(disclosure=disclosure).update(self_checked=True)

    own = _clone_edit_publish_in_screens(world, source)

    # The unit admin sees the differences, then moves the year onto it.
    client = client_for(world, "unit_admin")
    page = reverse("frameworks:year", args=[world.station.code, 2568])
    response = client.get(page)
    assert response.context["own"] == own
    assert response.context["item_summary"]["changed"] == 1
    assert client_for(world, "officer").post(page, {"action": "move"}).status_code == 403
    assert client.post(page, {"action": "move"}).status_code == 302
    assessment.refresh_from_db()
    assert assessment.framework_version == own
    assert not assessment.is_provisional
    disclosure.refresh_from_db()
    assert disclosure.item == OitItem.objects.get(version=own, code="O1")
    elements = list(disclosure.elements.order_by("position"))
    assert [row.element.item.version_id for row in elements] == [own.pk] * 3
    assert [row.self_checked for row in elements] == [True, True, False]
    assert client.get(page).context["assessment"].is_provisional is False
    assert client.get(page).context["nav_year_provisional"] is False


def test_only_a_framework_of_the_same_year_can_take_the_year(world: World) -> None:
    load_small(urn="test-2567", fiscal_year=2567)
    other = load_small(urn="test-2570", fiscal_year=2570)
    assessment = services.get_or_create_assessment(world.station, 2568, provisional=True)
    with pytest.raises(services.ValidationError):
        services.move_to_framework(assessment, other)


def test_a_year_with_its_own_framework_opens_without_a_choice(world: World) -> None:
    load_small(urn="test-2567", fiscal_year=2567)
    own = load_small(urn="test-2568", fiscal_year=2568)
    assessment = services.get_or_create_assessment(world.station, 2568)
    assert assessment.framework_version == own
    assert not assessment.is_provisional


def test_a_move_that_would_lose_work_is_refused_and_changes_nothing(world: World) -> None:
    load_small(urn="test-2567", fiscal_year=2567)
    unit_admin = world.user("unit_admin")
    assessment = services.get_or_create_assessment(world.station, 2568, provisional=True)
    oit_services.open_workspace(world.station, 2568, unit_admin)
    disclosure = Disclosure.objects.get(assessment=assessment)
    oit_services.add_link(disclosure, unit_admin, "https://example.go.th/o1")
    own = load_small(urn="test-2568", fiscal_year=2568)
    own.oit_items.filter(code="O1").delete()  # the year's framework dropped O1
    with pytest.raises(services.ValidationError, match="O1"):
        services.move_to_framework(assessment, own)
    assessment.refresh_from_db()
    assert assessment.is_provisional
    assert Disclosure.objects.get(pk=disclosure.pk).item.version_id != own.pk
