import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from openita.email_url import email_settings_from_url
from openita.env import env_bool, env_int


def test_smtp_urls_give_host_port_and_credentials() -> None:
    values = email_settings_from_url("smtp://ita%40example.go.th:s%3Acret@smtp.example:2525")
    assert values["EMAIL_HOST"] == "smtp.example"
    assert values["EMAIL_PORT"] == 2525
    assert values["EMAIL_HOST_USER"] == "ita@example.go.th"
    assert values["EMAIL_HOST_PASSWORD"] == "s:cret"
    assert values["EMAIL_USE_TLS"] is True
    assert email_settings_from_url("smtp://h?ssl=1")["EMAIL_PORT"] == 465


def test_unknown_email_schemes_are_refused() -> None:
    with pytest.raises(ImproperlyConfigured, match="EMAIL_URL"):
        email_settings_from_url("pigeon://coop")


def test_typed_helpers_name_the_variable_they_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOME_FLAG", "perhaps")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        env_bool("SOME_FLAG")
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_NUMBER"):
        env_int("SOME_NUMBER", 1)


def _check(env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean_env = {"PATH": "/usr/bin:/bin", "OPENITA_DATA_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "-m", "openita", "check"],
        env=clean_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_openita_command_refuses_to_start_without_a_secret_key_in_production(tmp_path) -> None:
    result = _check({"DEBUG": "false"}, tmp_path)
    assert result.returncode != 0
    assert "openita.E001" in result.stderr
    assert _check({"DEBUG": "false", "SECRET_KEY": "x" * 50}, tmp_path).returncode == 0


def test_a_developer_machine_keeps_a_generated_secret_key(tmp_path) -> None:
    assert _check({"DEBUG": "true"}, tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text()


def _database_options(env: dict[str, str], tmp_path) -> str:
    clean_env = {"PATH": "/usr/bin:/bin", "OPENITA_DATA_DIR": str(tmp_path), "DEBUG": "true", **env}
    code = "from openita import settings; print(sorted(settings.DATABASES['default'].get('OPTIONS', {})))"
    result = subprocess.run(
        [sys.executable, "-c", code], env=clean_env, capture_output=True, text=True, check=True
    )
    return result.stdout.strip()


def test_postgresql_prepares_only_when_not_turned_off(tmp_path) -> None:
    url = {"DATABASE_URL": "postgres://openita@db.example:5432/openita"}
    assert "prepare_threshold" in _database_options(url, tmp_path)
    off = {**url, "OPENITA_DB_PREPARED_STATEMENTS": "false"}
    assert "prepare_threshold" not in _database_options(off, tmp_path)
    assert "prepare_threshold" not in _database_options({}, tmp_path)  # SQLite


def test_every_variable_the_settings_read_is_in_the_readme() -> None:
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[3]
    settings_text = (root / "openita" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r'env_(?:str|bool|int|list|secret)\(\s*"([A-Z_]+)"', settings_text))
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert read
    assert {name for name in read if f"`{name}`" not in readme} == set()


def test_uploaded_files_stay_on_the_file_system_by_default(monkeypatch) -> None:
    from openita.storage_config import default_storage_from_env

    monkeypatch.delenv("OPENITA_STORAGE_BACKEND", raising=False)
    assert default_storage_from_env() == {"BACKEND": "openita.core.storage.AtomicFileSystemStorage"}


def test_s3_storage_reads_its_bucket_endpoint_and_keys(monkeypatch, tmp_path) -> None:
    from openita.storage_config import default_storage_from_env

    secret_file = tmp_path / "secret"
    secret_file.write_text("s3cret\n")
    monkeypatch.setenv("OPENITA_STORAGE_BACKEND", "S3")
    monkeypatch.setenv("OPENITA_STORAGE_BUCKET", "openita-files")
    monkeypatch.setenv("OPENITA_STORAGE_ENDPOINT_URL", "https://s3.example.go.th")
    monkeypatch.setenv("OPENITA_STORAGE_ACCESS_KEY", "AKIAEXAMPLE")
    monkeypatch.setenv("OPENITA_STORAGE_SECRET_KEY_FILE", str(secret_file))
    monkeypatch.setenv("OPENITA_STORAGE_URL_SECONDS", "60")
    storage = default_storage_from_env()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    assert storage["OPTIONS"] == {
        "bucket_name": "openita-files",
        "endpoint_url": "https://s3.example.go.th",
        "access_key": "AKIAEXAMPLE",
        "secret_key": "s3cret",
        "default_acl": "private",
        "querystring_auth": True,
        "querystring_expire": 60,
        "file_overwrite": False,
    }
    from django.utils.module_loading import import_string

    backend = import_string(storage["BACKEND"])(**storage["OPTIONS"])
    assert backend.bucket_name == "openita-files"


def test_storage_settings_that_cannot_work_are_refused(monkeypatch) -> None:
    from openita.storage_config import default_storage_from_env

    monkeypatch.setenv("OPENITA_STORAGE_BACKEND", "s3")
    monkeypatch.delenv("OPENITA_STORAGE_BUCKET", raising=False)
    with pytest.raises(ImproperlyConfigured, match="OPENITA_STORAGE_BUCKET"):
        default_storage_from_env()
    monkeypatch.setenv("OPENITA_STORAGE_BACKEND", "ftp")
    with pytest.raises(ImproperlyConfigured, match="OPENITA_STORAGE_BACKEND"):
        default_storage_from_env()
