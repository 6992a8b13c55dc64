import pytest
from django.core.exceptions import ValidationError

from openita.audit.models import AuditEntry
from openita.units import services
from openita.units.models import Unit


@pytest.fixture
def tree(db: None) -> dict[str, Unit]:
    root = services.create_unit(code="root", name_th="ราก")
    a = services.create_unit(parent=root, code="a", name_th="ก")
    a1 = services.create_unit(parent=a, code="a1", name_th="ก๑")
    a1x = services.create_unit(parent=a1, code="a1x", name_th="ก๑ข")
    b = services.create_unit(parent=root, code="b", name_th="ข")
    return {"root": root, "a": a, "a1": a1, "a1x": a1x, "b": b}


def test_a_subtree_is_the_unit_and_everything_below_it(tree: dict[str, Unit]) -> None:
    codes = set(Unit.objects.subtree_of(tree["a"]).values_list("code", flat=True))
    assert codes == {"a", "a1", "a1x"}
    assert tree["a1x"].depth == 3


def test_moving_a_unit_moves_its_whole_subtree(tree: dict[str, Unit]) -> None:
    services.update_unit(tree["a1"], parent=tree["b"])
    a1x = Unit.objects.get(code="a1x")
    assert a1x.path.startswith(Unit.objects.get(code="b").path)
    assert a1x.depth == 3
    assert set(Unit.objects.subtree_of(tree["b"]).values_list("code", flat=True)) == {
        "b",
        "a1",
        "a1x",
    }
    assert set(Unit.objects.subtree_of(tree["a"]).values_list("code", flat=True)) == {"a"}


def test_moving_a_unit_to_the_top_makes_it_a_root(tree: dict[str, Unit]) -> None:
    services.update_unit(tree["a"], parent=None)
    assert Unit.objects.get(code="a1x").depth == 2
    assert Unit.objects.get(code="a").depth == 0


def test_a_unit_cannot_be_placed_under_its_own_descendant(tree: dict[str, Unit]) -> None:
    with pytest.raises(ValidationError) as error:
        services.update_unit(tree["a"], parent=tree["a1x"])
    assert "parent" in error.value.message_dict


def test_unit_codes_are_unique_and_checked(db: None) -> None:
    services.create_unit(code="one", name_th="หนึ่ง")
    with pytest.raises(ValidationError):
        services.create_unit(code="one", name_th="ซ้ำ")
    with pytest.raises(ValidationError):
        services.create_unit(code="has space", name_th="ผิด")


def test_line_codes_are_unique_within_a_unit_only(tree: dict[str, Unit]) -> None:
    services.create_line(tree["a"], code="admin", name_th="อำนวยการ")
    services.create_line(tree["b"], code="admin", name_th="อำนวยการ")
    with pytest.raises(ValidationError):
        services.create_line(tree["a"], code="admin", name_th="ซ้ำ")


def test_every_change_lands_in_the_audit_log(tree: dict[str, Unit]) -> None:
    unit = tree["b"]
    services.update_unit(unit, parent=tree["root"], name_th="ข ใหม่", phone="02 000 0000")
    entry = AuditEntry.objects.for_object(unit).filter(action="update").get()
    assert entry.changes["name_th"] == ["ข", "ข ใหม่"]
    assert entry.changes["phone"] == ["", "02 000 0000"]
    assert entry.unit == unit
    line = services.create_line(unit, code="x", name_th="เอ็กซ์")
    line_id = str(line.pk)
    services.delete_line(line)
    actions = list(
        AuditEntry.objects.filter(content_type__model="line", object_id=line_id).values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["create", "delete"]


def test_a_site_admin_creates_the_first_unit_of_an_empty_installation(db: None) -> None:
    from django.test import Client
    from django.urls import reverse

    from openita.accounts.services import create_person

    admin = create_person(username="root", password="x")
    admin.is_superuser = True
    admin.save()
    client = Client()
    client.force_login(admin)
    assert client.get(reverse("units:create")).status_code == 200
    response = client.post(
        reverse("units:create"),
        {"code": "first", "name_th": "หน่วยแรก", "unit_type": "general", "document_digits": "thai"},
    )
    assert response.status_code == 302
    assert Unit.objects.get(code="first").depth == 0
