"""The purpose vocabulary: what an OIT item is for, independent of its number.

The codes are data (``purposes.yaml`` next to this module), read once. A library's OIT items name
them in ``purposes``; the validator refuses unknown codes and ``services.matching_item`` finds an
item of any year and unit type by code.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

PURPOSES_FILE = Path(__file__).resolve().parent / "purposes.yaml"
PURPOSE_PATTERN = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"


@dataclass(frozen=True)
class Purpose:
    code: str
    th: str
    en: str


@cache
def purposes() -> dict[str, Purpose]:
    """Code → purpose, in the file's order."""
    data = yaml.safe_load(PURPOSES_FILE.read_text(encoding="utf-8"))
    return {
        entry["code"]: Purpose(entry["code"], entry["th"], entry["en"])
        for entry in data["purposes"]
    }


def purpose_codes() -> tuple[str, ...]:
    return tuple(purposes())
