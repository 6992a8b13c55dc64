"""Pages are in Thai by default and in English after the language switch in the navigation bar."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.defaults import server_error

from openita.conftest import PASSWORD, World, client_for


def _switch_language(client: Client, language: str) -> None:
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302


def _page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_home_page_is_in_thai_by_default(client: Client) -> None:
    page = _page(client, reverse("core:home"))
    assert '<html lang="th">' in page
    assert "การประเมินคุณธรรมและความโปร่งใสในการดำเนินงานของหน่วยงานภาครัฐ" in page
    assert "เข้าสู่ระบบ" in page
    assert "Log in" not in page
    # The switch offers English, named in English.
    assert 'name="language" value="en"' in page


def test_the_home_page_is_in_english_after_the_switch_and_back_in_thai_after_switching_back(
    client: Client,
) -> None:
    _switch_language(client, "en")
    page = _page(client, reverse("core:home"))
    assert '<html lang="en">' in page
    assert "Integrity and Transparency Assessment" in page
    assert "Log in" in page
    assert "เข้าสู่ระบบ" not in page
    assert 'name="language" value="th"' in page

    _switch_language(client, "th")
    assert "เข้าสู่ระบบ" in _page(client, reverse("core:home"))


def test_a_browser_set_to_english_still_gets_thai_until_the_person_switches() -> None:
    client = Client(headers={"accept-language": "en-US,en;q=0.9"})
    response = client.get(reverse("core:home"))
    assert "เข้าสู่ระบบ" in response.content.decode()
    assert response.headers["Content-Language"] == "th"

    _switch_language(client, "en")
    response = client.get(reverse("core:home"))
    assert "Log in" in response.content.decode()
    assert response.headers["Content-Language"] == "en"


def test_an_unknown_language_cookie_falls_back_to_thai(client: Client) -> None:
    client.cookies["django_language"] = "fr"
    assert "เข้าสู่ระบบ" in _page(client, reverse("core:home"))


@pytest.mark.django_db
def test_the_login_page_is_in_thai_by_default_and_in_english_after_the_switch(
    client: Client,
) -> None:
    page = _page(client, reverse("accounts:login"))
    assert "ชื่อผู้ใช้หรืออีเมล" in page
    assert "รหัสผ่าน" in page
    assert "ลืมรหัสผ่าน" in page

    _switch_language(client, "en")
    page = _page(client, reverse("accounts:login"))
    assert "Username or e-mail" in page
    assert "Forgot your password" in page
    assert "ชื่อผู้ใช้หรืออีเมล" not in page


def test_a_failed_login_is_explained_in_thai(world: World, client: Client) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": "officer", "password": "not-the-password"}
    )
    page = response.content.decode()
    assert "กรุณากรอกชื่อผู้ใช้และรหัสผ่านให้ถูกต้อง" in page


def test_a_unit_page_is_in_thai_by_default_and_in_english_after_the_switch(world: World) -> None:
    client = client_for(world, "unit_admin")
    url = reverse("units:detail", args=[world.station.code])
    page = _page(client, url)
    for thai in ("สายงาน", "บุคลากรและบทบาท", "ผู้ดูแลระบบของหน่วยงาน", "สถานีตำรวจ", "หน่วยงาน"):
        assert thai in page
    assert "Lines of work" not in page
    assert "Unit admin" not in page

    _switch_language(client, "en")
    page = _page(client, url)
    for english in ("Lines of work", "People and roles", "Unit admin", "Police station"):
        assert english in page
    assert "บุคลากรและบทบาท" not in page
    # Names are data: the English name when there is one.
    assert world.station.name_en in page


def test_the_roles_have_their_thai_names(world: World) -> None:
    page = _page(
        client_for(
            world, "parent_admin"
        ),  # the station's own admin may give only the everyday roles
        reverse("accounts:membership_create", args=[world.station.code]),
    )
    for role in (
        "ผู้ดูแลระบบของหน่วยงาน",
        "ผู้บริหาร",
        "เจ้าหน้าที่",
        "คณะทำงาน",
        "ผู้ประเมิน",
        "ผู้กำกับติดตาม (หน่วยงานต้นสังกัด)",
    ):
        assert role in page


def test_django_password_rules_and_form_errors_are_in_thai(world: World) -> None:
    client = client_for(world, "officer")
    url = reverse("accounts:password_change")
    page = _page(client, url)
    assert "รหัสผ่านต้องมีความยาวอย่างน้อย 8 ตัวอักษร" in page
    assert "รหัสผ่านต้องไม่เป็นตัวเลขทั้งหมด" in page
    assert "Your password" not in page

    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "87654321"}
    )
    page = response.content.decode()
    assert "รหัสผ่านทั้งสองช่องไม่ตรงกัน" in page

    response = client.post(
        url, {"old_password": PASSWORD, "new_password1": "", "new_password2": ""}
    )
    assert "จำเป็นต้องระบุข้อมูลนี้" in response.content.decode()


def test_a_duplicate_unit_code_is_refused_in_thai(world: World) -> None:
    client = client_for(world, "superuser")
    response = client.post(
        reverse("units:create"),
        {
            "code": world.station.code,
            "name_th": "หน่วยงานซ้ำ",
            "unit_type": "general",
            "document_digits": "thai",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "มีหน่วยงานที่ใช้รหัสนี้อยู่แล้ว" in response.content.decode()


def test_the_page_not_found_is_in_thai_by_default_and_in_english_after_the_switch(
    world: World,
) -> None:
    client = client_for(world, "officer")
    response = client.get(reverse("units:detail", args=["no-such-unit"]))
    assert response.status_code == 404
    assert "ไม่พบหน้าที่ต้องการ" in response.content.decode()

    _switch_language(client, "en")
    response = client.get(reverse("units:detail", args=["no-such-unit"]))
    assert "Page not found" in response.content.decode()


def test_a_refused_action_is_explained_in_thai(world: World) -> None:
    response = client_for(world, "officer").get(reverse("units:edit", args=[world.station.code]))
    assert response.status_code == 403
    assert "ไม่มีสิทธิ์ดำเนินการ" in response.content.decode()


def test_an_expired_form_is_explained_in_thai(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "แบบฟอร์มหมดอายุ" in response.content.decode()


def test_the_server_error_page_is_in_thai(rf: RequestFactory) -> None:
    with translation.override("th"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "เกิดข้อผิดพลาดในระบบ" in page
    assert '<html lang="th">' in page
