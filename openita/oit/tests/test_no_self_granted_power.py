"""Issue 13, seen 1: a unit admin gave themselves the assessor's (or executive's) role, then scored their own
OIT item at 100. The roles are now appointed from above (openita/accounts/authz.py `can_grant`)."""

from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from openita.accounts import services as account_services
from openita.accounts.models import Membership, Role
from openita.conftest import World, client_for
from openita.oit import services
from openita.oit.models import Status
from openita.oit.tests import test_screens
from openita.oit.tests.factories import Workspace
from openita.oit.tests.test_workflow import SCORING_TIME

pytestmark = pytest.mark.django_db

space = test_screens.space  # the fixture: the OIT workspace made before the deadline


def score_url(world: World, code: str) -> str:
    return reverse("oit:score", args=[world.station.code, 2568, code])


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.EXECUTIVE])
def test_a_unit_admin_cannot_give_themselves_power_and_score_their_own_item(
    world: World, space: Workspace, role: str
) -> None:
    admin = world.user("unit_admin")
    client = client_for(world, "unit_admin")
    response = client.post(
        reverse("accounts:membership_create", args=[world.station.code]),
        {"user": admin.pk, "role": role},
    )
    assert response.status_code == 200  # the form again, with its error
    assert not Membership.objects.filter(user=admin, role=role).exists()
    with pytest.raises(PermissionDenied):
        account_services.grant_role(admin, world.station, role, by=admin)
    with time_machine.travel(SCORING_TIME, tick=False):
        services.lock_assessment(space.assessment, world.user("assessor"))
        attempt = client.post(score_url(world, "O1"), {"score": "100"})
        assert attempt.status_code == 403
        assert space.item("O1").status == Status.LOCKED
        assert space.item("O1").score is None


@pytest.mark.parametrize("role", [Role.ASSESSOR, Role.EXECUTIVE, Role.UNIT_ADMIN])
def test_a_unit_admin_cannot_appoint_the_executive_assessor_or_admin_of_their_own_unit(
    world: World, role: str
) -> None:
    officer = world.user("officer")
    with pytest.raises(PermissionDenied):
        account_services.grant_role(officer, world.station, role, by=world.user("unit_admin"))
    account_services.grant_role(officer, world.station, role, by=world.user("parent_admin"))
    assert Membership.objects.filter(user=officer, unit=world.station, role=role).exists()


def test_a_unit_admin_cannot_remove_the_executive_appointed_from_above(world: World) -> None:
    executive = world.user("executive").memberships.get()
    response = client_for(world, "unit_admin").post(
        reverse("accounts:membership_delete", args=[world.station.code, executive.pk])
    )
    assert response.status_code == 403
    assert Membership.objects.filter(pk=executive.pk).exists()


def test_the_unit_admin_still_gives_the_everyday_roles(world: World) -> None:
    response = client_for(world, "unit_admin").post(
        reverse("accounts:membership_create", args=[world.station.code]),
        {"user": world.user("committee").pk, "role": Role.OFFICER},
    )
    assert response.status_code == 302
    assert world.user("committee").memberships.filter(role=Role.OFFICER).exists()


def test_scoring_needs_the_assessor_appointed_from_above(world: World, space: Workspace) -> None:
    with time_machine.travel(SCORING_TIME, tick=False):
        services.lock_assessment(space.assessment, world.user("assessor"))
        client = client_for(world, "assessor")
        marks = {f"met_{element.pk}": "1" for element in space.item("O1").elements.all()}
        client.post(score_url(world, "O1"), {**marks, "observation": "ดี"})
        assert space.item("O1").score == Decimal("100.00")
