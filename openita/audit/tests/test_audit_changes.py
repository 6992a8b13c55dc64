"""The history tables speak the reader's language: field names, choices and yes/no are translated."""

from django.urls import reverse

from openita.accounts.models import Membership, Role
from openita.conftest import World, client_for
from openita.units import services as unit_services


def test_a_role_change_shows_the_thai_field_names_and_role_name(world: World) -> None:
    page = client_for(world, "unit_admin").get(reverse("units:history", args=[world.station.code]))
    text = page.content.decode()
    assert "บทบาท" in text  # the field name of Membership.role
    assert "ผู้ดูแลระบบของหน่วยงาน" in text  # "unit_admin" shown by its label
    assert ">unit_admin<" not in text


def test_a_yes_no_change_is_shown_in_words(world: World) -> None:
    unit_services.update_unit(world.station, parent=world.province, is_active=False)
    page = client_for(world, "unit_admin").get(reverse("units:history", args=[world.station.code]))
    text = page.content.decode()
    assert "<del>ใช่</del>" in text
    assert "<ins>ไม่ใช่</ins>" in text


def test_the_history_is_in_english_after_the_switch(world: World) -> None:
    client = client_for(world, "unit_admin")
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    membership = Membership.objects.get(unit=world.station, role=Role.UNIT_ADMIN)
    page = client.get(reverse("units:history", args=[world.station.code])).content.decode()
    assert "Unit admin" in page
    assert membership.user.display_name in page
