"""Safe routing: does a post look like a corruption report? The phrases are data (data/safe-routing.yaml)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

import yaml

PHRASES_FILE = Path(__file__).parent / "data" / "safe-routing.yaml"


def _normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@cache
def load_phrases(path: Path = PHRASES_FILE) -> tuple[str, tuple[str, ...]]:
    """The data's version and its phrases (normalised); a malformed file fails loudly."""
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    if (
        not isinstance(data, dict)
        or "version" not in data
        or not isinstance(data.get("phrases"), dict)
    ):
        raise ValueError(f"{path}: needs `version` and `phrases` by language")
    phrases: list[str] = []
    for language, items in data["phrases"].items():
        if not isinstance(items, list) or not all(
            isinstance(item, str) and item.strip() for item in items
        ):
            raise ValueError(f"{path}: phrases of {language!r} must be a list of words")
        phrases += [_normalise(item) for item in items]
    return str(data["version"]), tuple(phrases)


def looks_like_corruption(*texts: str) -> bool:
    joined = _normalise(" ".join(texts))
    return any(phrase in joined for phrase in load_phrases()[1])
