from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def private_files(settings: Any, tmp_path: Path) -> Path:
    """Uploaded evidence goes to a temporary folder in every test."""
    settings.OPENITA_PRIVATE_FILES_ROOT = tmp_path / "private"
    return settings.OPENITA_PRIVATE_FILES_ROOT
