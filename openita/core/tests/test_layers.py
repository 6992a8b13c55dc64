"""The apps depend one way, down the layers of docs/adr/0010-app-layers.md (import-linter's contract in
pyproject.toml)."""

import tomllib
from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[3]


def _layers() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    return contract["layers"]


def test_no_app_imports_an_app_above_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    assert lint_imports(no_cache=True) == 0, (
        "lint-imports: an import goes up the layers (see above)"
    )


def test_the_layers_have_places_for_the_apps_to_come() -> None:
    layer_of = {
        name.strip(" ()"): number
        for number, layer in enumerate(reversed(_layers()))
        for name in layer.split("|")
    }
    assert layer_of["openita.core"] == 0
    for lower, higher in [
        ("openita.audit", "openita.units"),
        ("openita.units", "openita.accounts"),
        ("openita.accounts", "openita.tasks"),
        ("openita.tasks", "openita.frameworks"),
        ("openita.documents", "openita.ita_calendar"),
        ("openita.ita_calendar", "openita.oit"),
        ("openita.scoring", "openita.complaints"),
        ("openita.working_groups", "openita.risks"),
        ("openita.measures", "openita.imports"),
        ("openita.imports", "openita.public_site"),
    ]:
        assert layer_of[lower] < layer_of[higher], (lower, higher)
    assert layer_of["openita.notifications"] == layer_of["openita.tasks"]
    assert layer_of["openita.api"] == layer_of["openita.public_site"]
    assert layer_of["openita.complaints"] == layer_of["openita.oit"]
    # risks stands on measures: a treatment becomes a measure of the plan (docs/adr/0025-risk-register.md)
    assert layer_of["openita.measures"] < layer_of["openita.risks"] < layer_of["openita.imports"]


def test_every_app_has_a_layer() -> None:
    apps = {
        f"openita.{path.name}"
        for path in (ROOT / "openita").iterdir()
        if (path / "apps.py").exists()
    }
    placed = {name.strip(" ()") for layer in _layers() for name in layer.split("|")}
    assert apps - placed == set()


def test_only_tests_are_exempt() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    (contract,) = config["tool"]["importlinter"]["contracts"]
    assert contract.get("ignore_imports", []) == ["openita.*.tests.** -> openita.**"]
