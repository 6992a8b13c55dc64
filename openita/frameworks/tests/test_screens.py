"""The framework screens: browse, compare, export for everyone logged in; clone, edit, publish for site
administrators."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from openita.conftest import World, client_for
from openita.frameworks import services
from openita.frameworks.export import version_yaml
from openita.frameworks.library import shipped_library_paths
from openita.frameworks.models import FrameworkVersion, VersionStatus
from openita.frameworks.tests.factories import load_small, small_draft


@pytest.fixture
def shipped(db: None) -> list[FrameworkVersion]:
    for path in shipped_library_paths():
        services.load_library_file(path)
    return list(FrameworkVersion.objects.order_by("fiscal_year"))


def english(world: World, persona: str) -> Client:
    client = client_for(world, persona)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_list_shows_every_version_in_a_fixed_number_of_queries(
    world: World, shipped: list[FrameworkVersion], django_assert_max_num_queries: object
) -> None:
    client = english(world, "officer")
    client.get(reverse("frameworks:list"))  # warm the session and membership caches
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        response = client.get(reverse("frameworks:list"))
    content = response.content.decode()
    for version in shipped:
        assert version.label in content
    load_small()
    with django_assert_max_num_queries(12):  # type: ignore[operator]
        assert "test-2567@1" in client.get(reverse("frameworks:list")).content.decode()


def test_browsing_shows_instruments_indicators_items_and_elements(
    world: World, shipped: list[FrameworkVersion]
) -> None:
    response = english(world, "officer").get(
        reverse("frameworks:detail", args=["ita-2567-police@1"])
    )
    content = response.content.decode()
    assert response.status_code == 200
    for text in ("IIT", "weight 30", "Indicator 10", "i30.4", "e15", "O24", "Anti-bribery policy"):
        assert text in content
    assert "openita sample wording" in content
    assert "No Gift Policy infographic" in content
    assert "Edit" not in content.split("Weights and scoring")[1][:300]


def test_browsing_warns_about_quotas_short_of_the_minimum(
    world: World, shipped: list[FrameworkVersion]
) -> None:
    content = (
        english(world, "officer")
        .get(reverse("frameworks:detail", args=["ita-2568-police"]))
        .content.decode()
    )
    assert "the quotas add up to 250, less than the minimum of 300" in content


def test_the_browse_page_runs_a_fixed_number_of_queries(
    world: World, shipped: list[FrameworkVersion], django_assert_max_num_queries: object
) -> None:
    client = english(world, "officer")
    url = reverse("frameworks:detail", args=["ita-2566-general@1"])
    client.get(url)
    with django_assert_max_num_queries(25):  # type: ignore[operator]
        client.get(url)


def test_the_comparison_screen_shows_what_changed_from_fy2567_to_fy2568(
    world: World, shipped: list[FrameworkVersion]
) -> None:
    response = english(world, "executive").get(
        reverse("frameworks:compare"), {"old": "ita-2567-police@1", "new": "ita-2568-police@1"}
    )
    content = response.content.decode()
    assert response.status_code == 200
    assert "O25" in content
    assert "title not known" in content
    assert "October 2567 to March 2568 BE, one report a month" in content
    assert "reworded" in content and "added" in content and "removed" in content


def test_export_downloads_the_yaml_of_the_version(
    world: World, shipped: list[FrameworkVersion]
) -> None:
    response = client_for(world, "officer").get(
        reverse("frameworks:export", args=["ita-2567-police@1"])
    )
    assert response["Content-Type"].startswith("application/yaml")
    assert response.content.decode() == version_yaml(shipped[1])


def test_a_site_administrator_clones_a_version_into_a_new_fiscal_year(
    world: World, shipped: list[FrameworkVersion]
) -> None:
    """The FY2570 path of docs/frameworks.md: clone FY2569 into FY2570 as a draft."""
    client = english(world, "superuser")
    source = FrameworkVersion.objects.get(urn="ita-2569-police")
    url = reverse("frameworks:clone", args=[source.label])
    form = client.get(url).content.decode()
    assert 'value="ita-2570-police"' in form
    response = client.post(
        url,
        {
            "urn": "ita-2570-police",
            "fiscal_year": 2570,
            "name_th": "กรอบ 2570",
            "name_en": "Framework 2570",
            "unit_types": ["police_station", "immigration"],
        },
    )
    draft = FrameworkVersion.objects.get(urn="ita-2570-police")
    assert response["Location"] == reverse("frameworks:detail", args=[draft.label])
    assert (draft.status, draft.fiscal_year, draft.parent) == ("draft", 2570, source)
    assert draft.oit_items.count() == 24
    assert draft.oit_items.get(code="O16").purposes == ["complaint-channel", "complaint-statistics"]
    page = client.get(response["Location"]).content.decode()
    assert "Publish" in page and "Compare with its source" in page


def test_the_clone_form_refuses_a_bad_identifier(world: World) -> None:
    source = load_small()
    response = english(world, "superuser").post(
        reverse("frameworks:clone", args=[source.label]),
        {
            "urn": "ITA 2569",
            "fiscal_year": 2569,
            "name_th": "x",
            "name_en": "x",
            "unit_types": ["school"],
        },
    )
    assert response.status_code == 200
    assert "Use lower-case letters" in response.content.decode()
    assert FrameworkVersion.objects.count() == 1


def test_editing_texts_of_a_draft(world: World) -> None:
    draft = small_draft()
    client = english(world, "superuser")
    response = client.post(
        reverse("frameworks:edit_survey_item", args=[draft.label, "i1.2"]),
        {"text_th": "แล้วเสร็จตามเวลา", "text_en": "On time", "help_th": "", "help_en": ""},
    )
    assert response.status_code == 302
    assert draft.survey_items.get(code="i1.2").text_en == "On time"
    response = client.post(
        reverse("frameworks:edit_indicator", args=[draft.label, 1]),
        {"name_th": "การปฏิบัติหน้าที่", "name_en": "Duties", "help_th": "ช่วย", "help_en": "Help"},
    )
    assert response.status_code == 302
    assert draft.indicators.get(number=1).help_en == "Help"


def test_a_text_without_its_translation_is_refused(world: World) -> None:
    draft = small_draft()
    response = english(world, "superuser").post(
        reverse("frameworks:edit_indicator", args=[draft.label, 1]),
        {"name_th": "การปฏิบัติหน้าที่", "name_en": "Duties", "help_th": "ช่วย", "help_en": ""},
    )
    assert response.status_code == 200
    assert "indicators[1].help.en" in response.content.decode()
    assert draft.indicators.get(number=1).help_th == ""


def test_editing_weights_that_do_not_add_up_is_refused(world: World) -> None:
    draft = small_draft()
    data = {"weight_IIT": 40, "weight_EIT": 30, "weight_OIT": 40, "band_A": 85, "band_F": 0}
    data |= {"rating_good": 85, "rating_good_IIT": 85, "rating_passed": 85, "rating_failed": 0}
    client = english(world, "superuser")
    url = reverse("frameworks:edit_scoring", args=[draft.label])
    response = client.post(url, data)
    assert "The instrument weights add up to 110, not 100." in response.content.decode()
    assert draft.instruments.get(code="IIT").weight == 30
    response = client.post(url, data | {"weight_IIT": 30, "rating_good_OIT": 90})
    assert response.status_code == 302
    assert draft.rating_levels.get(code="good").instrument_minimums == {"IIT": 85.0, "OIT": 90.0}


def test_editing_an_oit_item_and_its_elements(world: World) -> None:
    draft = small_draft()
    client = english(world, "superuser")
    url = reverse("frameworks:edit_oit_item", args=[draft.label, "O1"])
    assert "Chart" in client.get(url).content.decode()
    data = {
        "title_th": "โครงสร้าง",
        "title_en": "Structure",
        "year_condition_th": "ปีปัจจุบัน",
        "year_condition_en": "This year",
        "formats": "pdf, xlsx | docx",
        "scoring_mode": "pass_fail",
        "elements-TOTAL_FORMS": 3,
        "elements-INITIAL_FORMS": 2,
        "elements-0-code": "1",
        "elements-0-text_th": "แผนผัง",
        "elements-0-text_en": "Chart",
        "elements-0-DELETE": "on",
        "elements-1-code": "2",
        "elements-1-text_th": "ผู้บริหาร",
        "elements-1-text_en": "Heads",
        "elements-2-code": "",
        "elements-2-text_th": "เบอร์โทร",
        "elements-2-text_en": "Phone",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()
    item = draft.oit_items.get(code="O1")
    assert item.formats == ["pdf", "xlsx|docx"]
    assert [(e.code, e.text_en) for e in item.elements.all()] == [("2", "Heads"), ("3", "Phone")]
    response = client.post(url, data | {"formats": "pdf, pages"})
    assert "Unknown file format" in response.content.decode()
    response = client.post(url, data | {"purposes": "complaints"})
    assert "Unknown purpose “complaints”." in response.content.decode()
    marked = {"purposes": "unit-structure, executives", "confidence": "official"}
    marked["source"] = "คู่มือการประเมิน ITA 2570 (NACC, 2026-10-01)"
    response = client.post(url, data | marked)
    assert response.status_code == 302
    item = draft.oit_items.get(code="O1")
    assert (item.purposes, item.confidence) == (["unit-structure", "executives"], "official")
    assert item.source.startswith("คู่มือการประเมิน ITA 2570")


def test_editing_a_sample_rule_and_its_quotas(world: World) -> None:
    draft = small_draft()
    response = english(world, "superuser").post(
        reverse("frameworks:edit_sample_rule", args=[draft.label, "eit"]),
        {
            "name_th": "ผู้รับบริการ",
            "name_en": "Service users",
            "minimum_count": 300,
            "combine": "greater",
            "quota_traffic": 120,
        },
    )
    assert response.status_code == 302
    rule = draft.sample_rules.get()
    assert (rule.minimum_count, rule.quotas.get().minimum_count) == (300, 120)


def test_settings_edit_changes_year_and_thresholds(world: World) -> None:
    draft = small_draft()
    response = english(world, "superuser").post(
        reverse("frameworks:edit_settings", args=[draft.label]),
        {
            "name_th": "กรอบ",
            "name_en": "Framework",
            "fiscal_year": 2569,
            "unit_types": ["police_station", "immigration"],
            "pass_threshold": "80",
            "indicator_benchmark": "80",
            "oit_scoring_mode": "pro_rata",
        },
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.fiscal_year, draft.pass_threshold, draft.unit_types) == (
        2569,
        Decimal(80),
        ["police_station", "immigration"],
    )


def test_a_published_version_is_not_edited_in_place(world: World) -> None:
    published = load_small()
    client = english(world, "superuser")
    response = client.get(reverse("frameworks:edit_settings", args=[published.label]))
    assert response["Location"] == reverse("frameworks:detail", args=[published.label])
    response = client.post(reverse("frameworks:new_version", args=[published.label]))
    assert response["Location"] == reverse("frameworks:detail", args=["test-2567@2"])


def test_publishing_a_draft_makes_it_usable(world: World) -> None:
    draft = small_draft()
    client = english(world, "superuser")
    response = client.post(reverse("frameworks:publish", args=[draft.label]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert services.select_framework_version("police_station", 2567) == draft


def test_other_people_cannot_clone_or_edit(world: World) -> None:
    draft = small_draft()
    for persona in ("officer", "unit_admin", "parent_admin", "assessor"):
        client = client_for(world, persona)
        assert client.get(reverse("frameworks:clone", args=[draft.label])).status_code == 404
        response = client.post(
            reverse("frameworks:edit_indicator", args=[draft.label, 1]),
            {"name_th": "x", "name_en": "x"},
        )
        assert response.status_code == 404
    assert draft.indicators.get(number=1).name_th == "การปฏิบัติหน้าที่"


def test_the_screens_speak_thai_by_default(world: World, shipped: list[FrameworkVersion]) -> None:
    content = (
        client_for(world, "officer")
        .get(reverse("frameworks:detail", args=["ita-2567-police@1"]))
        .content.decode()
    )
    assert "กรอบการประเมิน ITA" in content
    assert "ถ้อยคำตัวอย่างของ openita" in content
    assert "การเปิดเผยข้อมูล" in content


def test_every_message_of_the_app_has_a_thai_translation() -> None:
    import polib

    from openita.frameworks.library import SHIPPED_LIBRARY_DIR

    po = polib.pofile(str(SHIPPED_LIBRARY_DIR.parent / "locale/th/LC_MESSAGES/django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
