import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from openita.accounts import services
from openita.accounts.authz import (
    Capability,
    capabilities_in,
    get_unit_for,
    manageable_units,
    visible_units,
)
from openita.accounts.models import Role
from openita.conftest import World


def test_cascading_roles_reach_every_unit_below(world: World) -> None:
    oversight = world.user("oversight")
    assert set(visible_units(oversight)) == {world.province, world.station, world.other_station}
    assert capabilities_in(oversight, world.station) == {Capability.VIEW}


def test_a_station_role_does_not_reach_sibling_or_parent_units(world: World) -> None:
    officer = world.user("officer")
    assert set(visible_units(officer)) == {world.station}
    with pytest.raises(Http404):
        get_unit_for(officer, world.other_station.code)
    with pytest.raises(Http404):
        get_unit_for(officer, world.province.code)


def test_a_parent_admin_manages_the_units_below_but_does_not_approve_for_them(
    world: World,
) -> None:
    parent_admin = world.user("parent_admin")
    assert set(manageable_units(parent_admin)) == {
        world.province,
        world.station,
        world.other_station,
    }
    assert Capability.MANAGE_UNIT in capabilities_in(parent_admin, world.station)
    assert Capability.APPROVE not in capabilities_in(parent_admin, world.station)
    assert Capability.ACKNOWLEDGE not in capabilities_in(parent_admin, world.station)


def test_seeing_without_the_capability_is_forbidden_not_missing(world: World) -> None:
    with pytest.raises(PermissionDenied):
        get_unit_for(world.user("executive"), world.station.code, Capability.MANAGE_UNIT)
    assert get_unit_for(world.user("executive"), world.station.code, Capability.APPROVE)


def test_an_inactive_person_may_do_nothing(world: World) -> None:
    officer = world.user("officer")
    officer.is_active = False
    assert capabilities_in(officer, world.station) == frozenset()


def test_a_new_role_takes_effect_at_once(world: World) -> None:
    officer = world.user("officer")
    assert world.other_station not in visible_units(officer)
    services.grant_role(officer, world.other_station, Role.OFFICER)
    assert world.other_station in visible_units(officer)


def test_unknown_units_are_missing(world: World) -> None:
    with pytest.raises(Http404):
        get_unit_for(world.user("superuser"), "no-such-unit")
