"""The announcement kinds' versioned data (`kinds.yaml`): the drafts' texts, the OIT purposes they answer
and the elements the element check looks for."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from django.utils.translation import get_language

KINDS_FILE = Path(__file__).with_name("kinds.yaml")
CHECKS = ("dated", "signed", "head", "english", "text")


@dataclass(frozen=True)
class Element:
    code: str
    th: str
    en: str
    check: str
    any: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return self.en if (get_language() or "th").startswith("en") else self.th


@dataclass(frozen=True)
class KindTemplate:
    code: str
    purposes: tuple[str, ...]
    english: bool
    title_th: str
    title_en: str
    body_th: str
    body_en: str
    elements: tuple[Element, ...]


def _element(raw: dict[str, Any]) -> Element:
    if raw["check"] not in CHECKS:
        raise ValueError(f"kinds.yaml: unknown check {raw['check']!r} in {raw['code']}")
    if raw["check"] == "text" and not raw.get("any"):
        raise ValueError(f"kinds.yaml: the text check {raw['code']} needs words in `any`")
    return Element(raw["code"], raw["th"], raw["en"], raw["check"], tuple(raw.get("any", ())))


@cache
def _load() -> tuple[int, dict[str, KindTemplate]]:
    data = yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8"))
    kinds = {
        raw["code"]: KindTemplate(
            code=raw["code"],
            purposes=tuple(raw.get("purposes", ())),
            english=bool(raw.get("english")),
            title_th=raw["title"]["th"],
            title_en=raw["title"]["en"],
            body_th=raw["body"]["th"],
            body_en=raw["body"].get("en", ""),
            elements=tuple(_element(element) for element in raw["elements"]),
        )
        for raw in data["kinds"]
    }
    return int(data["version"]), kinds


def version() -> int:
    return _load()[0]


def kind_template(code: str) -> KindTemplate:
    return _load()[1][code]


def kind_templates() -> dict[str, KindTemplate]:
    return dict(_load()[1])
