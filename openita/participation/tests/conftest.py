from typing import Any

import pytest

CHEAP = {"time_cost": 1, "memory_cost": 1024, "parallelism": 1}


@pytest.fixture(autouse=True)
def cheap_complaint_kdf(settings: Any) -> None:
    """A held post may become a complaint: cheap Argon2 costs for its receipt (the code is the same)."""
    settings.OPENITA_COMPLAINT_KDF = CHEAP
    settings.OPENITA_COMPLAINT_RECEIPT_KDF = CHEAP
