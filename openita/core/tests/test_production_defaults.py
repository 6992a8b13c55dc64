"""Production defaults that hold: check --deploy clean, HTTPS everywhere, a strict content security policy, and
request bodies refused by their declared size before anything reads them."""

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from openita.conftest import World, client_for

PACKAGE = Path(__file__).resolve().parents[2]


def _run(args: list[str], env: dict[str, str], tmp_path) -> subprocess.CompletedProcess[str]:
    clean_env = {
        "PATH": "/usr/bin:/bin",
        "OPENITA_DATA_DIR": str(tmp_path),
        "DEBUG": "false",
        "SECRET_KEY": "k7Qf0x-" + "Zp3vN8wLr2" * 6,
        "ALLOWED_HOSTS": "ita.example.go.th",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], env=clean_env, capture_output=True, text=True, check=False
    )


def test_check_deploy_is_clean_with_debug_off_and_a_real_secret_key(tmp_path) -> None:
    result = _run(["-m", "openita", "check", "--deploy", "--fail-level", "WARNING"], {}, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def _settings(env: dict[str, str], tmp_path) -> dict:
    code = (
        "import json; from openita import settings as s; print(json.dumps({name: getattr(s, name, None) "
        "for name in ['SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_SSL_REDIRECT', "
        "'SECURE_HSTS_SECONDS', 'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'SECURE_PROXY_SSL_HEADER', "
        "'X_FRAME_OPTIONS', 'SECURE_REFERRER_POLICY']} | "
        "{'health': s.DATABASES['default'].get('CONN_HEALTH_CHECKS')}))"
    )
    result = _run(["-c", code], env, tmp_path)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_with_debug_off_cookies_are_secure_whatever_the_database(tmp_path) -> None:
    for env in ({}, {"DATABASE_URL": "postgres://u@db.example/openita"}):
        values = _settings(env, tmp_path)
        assert values["SESSION_COOKIE_SECURE"] and values["CSRF_COOKIE_SECURE"]
        assert values["SECURE_SSL_REDIRECT"]
        assert values["SECURE_HSTS_SECONDS"] == 31_536_000
        assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
        assert values["X_FRAME_OPTIONS"] == "DENY"
        assert values["SECURE_REFERRER_POLICY"] == "same-origin"
    assert (
        _settings({"DATABASE_URL": "postgres://u@db.example/openita"}, tmp_path)["health"] is True
    )


def test_behind_a_tls_proxy_the_redirect_and_the_header_are_configurable(tmp_path) -> None:
    values = _settings(
        {"OPENITA_SSL_REDIRECT": "false", "OPENITA_PROXY_SSL_HEADER": "X-Forwarded-Proto"}, tmp_path
    )
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    values = _settings({"DEBUG": "true"}, tmp_path)
    assert not values["SESSION_COOKIE_SECURE"] and not values["SECURE_SSL_REDIRECT"]
    assert values["SECURE_HSTS_SECONDS"] == 0


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part
    }


def test_pages_carry_a_strict_content_security_policy(world: World) -> None:
    for client, url in (
        (Client(), "/accounts/login/"),
        (client_for(world, "unit_admin"), "/"),
        (client_for(world, "unit_admin"), f"/units/{world.station.code}/"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"] and policy["style-src-elem"] == ["'self'"]
        assert policy["img-src"] == ["'self'", "data:"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert policy["form-action"] == ["'self'"]
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"


SCRIPT_WITHOUT_SOURCE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def test_no_template_holds_inline_script_or_style_elements() -> None:
    problems = []
    for template in PACKAGE.rglob("templates/**/*.html"):
        text = template.read_text(encoding="utf-8")
        for pattern in (SCRIPT_WITHOUT_SOURCE, EVENT_HANDLER, STYLE_ELEMENT):
            problems += [
                f"{template.relative_to(PACKAGE)}: {m.group(0)}" for m in pattern.finditer(text)
            ]
        if "javascript:" in text.lower():
            problems.append(f"{template.relative_to(PACKAGE)}: javascript: URL")
    assert not problems, "\n".join(problems)


class Unreadable:
    """A request body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


UNREADABLE_BODY: dict[str, Any] = {"wsgi.input": Unreadable()}


@pytest.mark.parametrize("path", ["/s/anything/", "/accounts/login/", "/oit/"])
def test_a_huge_anonymous_post_is_refused_before_the_body_is_read(path: str) -> None:
    response = Client().generic(
        "POST",
        path,
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        **UNREADABLE_BODY,
    )
    assert response.status_code == 413


def test_the_public_survey_form_takes_small_posts_only_even_from_signed_in_people(
    world: World,
) -> None:
    response = client_for(world, "unit_admin").generic(
        "POST",
        "/s/anything/",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(300 * 1024),
        **UNREADABLE_BODY,
    )
    assert response.status_code == 413


def test_signed_in_people_may_send_files_up_to_the_upload_limit(world: World, settings) -> None:
    client = client_for(world, "unit_admin")
    small_enough = client.post("/oit/", {"x": "y" * (300 * 1024)})
    assert small_enough.status_code != 413
    too_big = client.generic(
        "POST",
        "/oit/",
        content_type="application/x-www-form-urlencoded",
        CONTENT_LENGTH=str(settings.OPENITA_UPLOAD_MAX_BYTES + 1),
        **UNREADABLE_BODY,
    )
    assert too_big.status_code == 413
