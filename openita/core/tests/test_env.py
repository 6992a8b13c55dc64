"""openita's own environment variables carry the OPENITA_ prefix; old names still work for one release."""

import pytest

from openita.env import RENAMED, OpenitaDeprecationWarning, env_bool, env_str


def test_the_new_name_is_read_without_a_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENITA_LOG_LEVEL", "ERROR")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    assert env_str("OPENITA_LOG_LEVEL", "WARNING") == "ERROR"


def test_the_old_name_is_read_with_a_deprecation_warning(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENITA_SECURE_COOKIES", raising=False)
    monkeypatch.setenv("SECURE_COOKIES", "false")
    with pytest.warns(OpenitaDeprecationWarning, match="SECURE_COOKIES is now named OPENITA_"):
        assert env_bool("OPENITA_SECURE_COOKIES", default=True) is False


def test_without_either_name_the_default_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    for new, old in RENAMED.items():
        monkeypatch.delenv(new, raising=False)
        monkeypatch.delenv(old, raising=False)
    assert env_str("OPENITA_LOG_LEVEL", "WARNING") == "WARNING"


def test_every_renamed_variable_is_prefixed() -> None:
    assert all(new == f"OPENITA_{old}" for new, old in RENAMED.items())
