"""Loading libraries into the database: idempotent, round-tripping, and the framework command."""

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from openita.audit.models import AuditEntry
from openita.frameworks import services
from openita.frameworks.export import version_library, version_yaml
from openita.frameworks.library import (
    SHIPPED_LIBRARY_DIR,
    canonical_library,
    content_hash,
    read_library,
    shipped_library_paths,
)
from openita.frameworks.models import FrameworkVersion, OitElement, SurveyItem
from openita.frameworks.tests.factories import load_small, small_library
from openita.frameworks.yamlio import dump_yaml

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("framework", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def row_counts() -> tuple[int, ...]:
    return (
        FrameworkVersion.objects.count(),
        SurveyItem.objects.count(),
        OitElement.objects.count(),
        AuditEntry.objects.count(),
    )


def test_loading_the_shipped_libraries_twice_changes_nothing() -> None:
    first = run("load")
    assert first.count(": created") == 6
    counts = row_counts()
    stamps = list(FrameworkVersion.objects.values_list("pk", "updated_at"))
    second = run("load")
    assert second.count(": unchanged") == 6
    assert row_counts() == counts
    assert list(FrameworkVersion.objects.values_list("pk", "updated_at")) == stamps


def test_list_json_names_the_shipped_libraries() -> None:
    run("load")
    rows = json.loads(run("list", "--json"))
    assert {row["id"]: row["counts"]["oit_items"] for row in rows} == {
        "ita-2569-police@1": 24,
        "ita-2569-general@1": 23,
        "ita-2568-police@2": 24,
        "ita-2568-police@1": 25,
        "ita-2567-police@1": 24,
        "ita-2566-general@1": 43,
    }
    assert [row["fiscal_year"] for row in rows] == sorted(
        (row["fiscal_year"] for row in rows), reverse=True
    )
    assert all(row["status"] == "published" for row in rows)


def test_show_gives_the_whole_tree_of_the_fy2567_police_library() -> None:
    run("load")
    tree = json.loads(run("show", "ita-2567-police", "--json"))
    assert tree["id"] == "ita-2567-police@1"
    assert sum(len(i["indicators"]) for i in tree["instruments"]) == 10
    assert [(i["code"], i["weight"]) for i in tree["instruments"]] == [
        ("IIT", 30),
        ("EIT", 30),
        ("OIT", 40),
    ]
    iit, eit, oit = tree["instruments"]
    iit_items = [item for i in iit["indicators"] for item in i["survey_items"]]
    assert len(iit_items) == 30
    assert sum(len(item["sub_items"]) or 1 for item in iit_items) == 51
    assert sum(len(i["survey_items"]) for i in eit["indicators"]) == 15
    oit_items = [
        item for i in oit["indicators"] for s in i["sub_indicators"] for item in s["oit_items"]
    ]
    assert len(oit_items) == 24
    assert all(item["elements"] for item in oit_items)
    assert "ita-2567-police@1" in run("show", "ita-2567-police@1")


def test_the_fy2566_general_library_has_43_oit_items_in_the_database() -> None:
    run("load")
    tree = json.loads(run("show", "ita-2566-general", "--json"))
    assert tree["counts"]["oit_items"] == 43


def test_export_validate_load_round_trips_to_the_same_tree(tmp_path: Path) -> None:
    run("load")
    for version in FrameworkVersion.objects.all():
        exported = tmp_path / f"{version.urn}.yaml"
        run("export", version.label, "--output", str(exported))
        assert "valid" in run("validate", str(exported))
        library = read_library(exported)
        assert content_hash(canonical_library(library.data)) == version.content_hash
        assert version_library(version) == canonical_library(library.data)
        assert f"{version.label}: unchanged" in run("load", str(exported))


def test_an_exported_library_loads_into_an_empty_database_as_the_same_tree(tmp_path: Path) -> None:
    original = load_small()
    exported = tmp_path / "small.yaml"
    exported.write_text(version_yaml(original), encoding="utf-8")
    tree_before = version_library(original)
    FrameworkVersion.objects.all().delete()
    run("load", str(exported))
    assert version_library(FrameworkVersion.objects.get()) == tree_before


def test_a_changed_file_replaces_a_version_no_assessment_uses(tmp_path: Path) -> None:
    load_small()
    changed = small_library()
    changed["oit_items"][0]["title"] = {"th": "โครงสร้างใหม่", "en": "New structure"}
    path = tmp_path / "small.yaml"
    path.write_text(dump_yaml(changed), encoding="utf-8")
    assert ": updated" in run("load", str(path))
    version = FrameworkVersion.objects.get()
    assert version.oit_items.get().title_en == "New structure"


def test_a_frozen_version_is_never_replaced(tmp_path: Path) -> None:
    version = services.freeze_version(load_small())
    changed = small_library()
    changed["oit_items"][0]["title"] = {"th": "โครงสร้างใหม่", "en": "New structure"}
    path = tmp_path / "small.yaml"
    path.write_text(dump_yaml(changed), encoding="utf-8")
    assert "kept: the stored version is frozen" in run("load", str(path))
    assert version.oit_items.get().title_th == "โครงสร้าง"


def test_loading_a_broken_file_fails_with_its_problems(tmp_path: Path) -> None:
    broken = small_library()
    broken["instruments"][0]["weight"] = 50
    path = tmp_path / "broken.yaml"
    path.write_text(dump_yaml(broken), encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("framework", "load", str(path), stdout=StringIO(), stderr=err)
    assert "instrument weights add up to 120, not 100" in err.getvalue()
    assert FrameworkVersion.objects.count() == 0


def test_validate_exits_non_zero_and_lists_every_problem(tmp_path: Path) -> None:
    broken = small_library()
    broken["instruments"][0]["weight"] = 50
    broken["indicators"][0]["name"] = {"th": "การปฏิบัติหน้าที่"}
    path = tmp_path / "broken.yaml"
    path.write_text(dump_yaml(broken), encoding="utf-8")
    out = StringIO()
    with pytest.raises(CommandError, match="2 errors"):
        call_command("framework", "validate", str(path), stdout=out)
    lines = out.getvalue().splitlines()
    assert any("indicators[1].name.en: missing the English text" in line for line in lines)
    assert all(line.startswith(f"{path}:") for line in lines)


def test_validate_accepts_the_shipped_libraries() -> None:
    out = run("validate", *[str(p) for p in sorted(SHIPPED_LIBRARY_DIR.glob("*.yaml"))])
    assert out.count(": valid") == 6


def test_show_refuses_an_unknown_identifier() -> None:
    with pytest.raises(CommandError, match="no framework version 'ita-2599-police'"):
        run("show", "ita-2599-police")


def test_loading_records_one_audit_event_per_library() -> None:
    run("load")
    assert AuditEntry.objects.count() == 6
    assert set(AuditEntry.objects.values_list("message", flat=True)) == {
        f"Loaded from openita/frameworks/libraries/{path.name}" for path in shipped_library_paths()
    }
