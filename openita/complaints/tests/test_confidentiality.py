"""What someone holding the database, the files and the settings learns: neither the text, nor the receipt, nor
an address or user agent; and no case opens without a handler's password or the escrow key."""

from __future__ import annotations

import base64
import contextlib
import json
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client

from openita.complaints import crypto
from openita.complaints.models import Case
from openita.complaints.tests.conftest import Desk, handler_client

TEXT = "CANARY-ข้อความลับมาก-7f3a"
FILE_TEXT = b"FILE-CANARY-91c2"
ADDRESS = "203.0.113.77"
AGENT = "CanaryBrowser/9.9"


def _dump() -> list[bytes]:
    """Every value of every row of every table, as bytes (text encoded, binary as it is)."""
    values: list[bytes] = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')
            for row in cursor.fetchall():
                for value in row:
                    if isinstance(value, bytes | memoryview | bytearray):
                        values.append(bytes(value))
                    elif value is not None:
                        values.append(str(value).encode("utf-8"))
    return values


def _files() -> list[bytes]:
    root = Path(settings.OPENITA_PRIVATE_FILES_ROOT)
    return [path.read_bytes() for path in root.rglob("*") if path.is_file()]


def _contains(haystack: list[bytes], needle: str | bytes) -> bool:
    raw = needle.encode("utf-8") if isinstance(needle, str) else needle
    return any(raw in value or raw.hex().encode() in value for value in haystack)


@pytest.mark.django_db(transaction=True)
def test_the_database_and_the_files_hold_no_text_receipt_address_or_agent(desk: Desk) -> None:
    sender = Client(REMOTE_ADDR=ADDRESS, HTTP_USER_AGENT=AGENT)
    response = sender.post(
        f"/c/{desk.station.code}/",
        {
            "kind": "corruption",
            "what": TEXT,
            "who": f"{TEXT}-who",
            "anonymous": "",
            "sender_name": f"{TEXT}-name",
            "files": SimpleUploadedFile("evidence.txt", FILE_TEXT),
        },
    )
    found = re.search(rb'data-value="(\d{16})"', response.content)
    assert found
    receipt = found.group(1).decode()
    # The sender comes back, a wrong guess is counted, a handler reads it (a session with an unlocked key).
    sender.post(
        f"/c/{desk.station.code}/follow/",
        {"receipt": receipt, "action": "reply", "body": f"{TEXT}-reply"},
    )
    sender.post(f"/c/{desk.station.code}/follow/", {"receipt": "0" * 16})
    handler = handler_client(desk.handler)
    assert (
        TEXT.encode()
        in handler.get(f"/complaints/{desk.station.code}/{Case.objects.get().pk}/").content
    )

    dump, files = _dump(), _files()
    assert files, "the file was stored"
    for needle in (
        TEXT,
        receipt,
        " ".join(receipt[i : i + 4] for i in range(0, 16, 4)),
        ADDRESS,
        AGENT,
    ):
        assert not _contains(dump, needle), needle
        assert not _contains(files, needle), needle
    assert not _contains(files, FILE_TEXT) and not _contains(dump, FILE_TEXT)
    database = settings.DATABASES["default"]
    if database["ENGINE"].endswith("sqlite3") and str(database.get("TEST", {}).get("NAME") or ""):
        path = Path(str(database["TEST"]["NAME"]))
        if path.exists():
            assert TEXT.encode() not in path.read_bytes()
    # The exact time of sending is nowhere either: the case has days only, and no audit entry was written.
    case = Case.objects.get()
    assert all(not hasattr(value, "hour") for value in Case.objects.values().get().values())
    from openita.audit.models import AuditEntry

    assert not AuditEntry.objects.for_object(case).exclude(actor=desk.handler).exists()


def _candidate_keys(blobs: list[bytes]) -> list[bytes]:
    """Every 32 bytes an attacker could try as a key: each blob's windows, each base64 value in a session,
    secrets derived from SECRET_KEY, the receipt salt."""
    found: set[bytes] = set()
    for blob in blobs:
        for start in range(0, max(len(blob) - 31, 0), 8):
            found.add(blob[start : start + 32])
    for session in Session.objects.all():
        for value in session.get_decoded().values():
            if isinstance(value, str):
                with contextlib.suppress(ValueError):
                    found.add(base64.b64decode(value)[:32])
    found.add(settings.SECRET_KEY.encode()[:32].ljust(32, b"\0"))
    found.add(crypto.receipt_salt().ljust(32, b"\0"))
    return [key for key in found if len(key) == 32]


def _opens(case: Case, keys: list[bytes]) -> bool:
    sealed = bytes(case.sealed_content or b"")
    wrapped = [bytes(row) for row in case.keys.values_list("wrapped", flat=True)]
    for key in keys:
        try:
            crypto.unseal(key, sealed)
            return True
        except crypto.CannotDecrypt:
            pass
        for item in wrapped:
            try:
                crypto.unwrap_with(key, item)
                return True
            except crypto.CannotDecrypt:
                pass
    return False


@pytest.mark.django_db
def test_without_a_password_or_the_escrow_key_no_case_opens(desk: Desk) -> None:
    from openita.complaints import services

    services.create_escrow(
        desk.station, desk.world.user("oversight"), by=desk.world.user("parent_admin")
    )
    Client(REMOTE_ADDR=ADDRESS).post(
        f"/c/{desk.station.code}/", {"kind": "corruption", "what": TEXT, "anonymous": "on"}
    )
    handler_client(
        desk.handler
    )  # a live session holding the handler's key, sealed for the browser's cookie
    case = Case.objects.get()
    keys = _candidate_keys(_dump())
    assert len(keys) > 100
    assert not _opens(case, keys)
    # Nor do the handlers' wrapped private keys open with anything but the password.
    for stored in case.keys.filter(handler__isnull=False).select_related("handler__complaint_key"):
        wrapped = stored.handler.complaint_key  # type: ignore[union-attr]
        material = crypto.WrappedPrivateKey(
            bytes(wrapped.kdf_salt), dict(wrapped.kdf_params), bytes(wrapped.wrapped_private_key)
        )
        for guess in ("", "password", settings.SECRET_KEY, stored.handler.password):  # type: ignore[union-attr]
            with pytest.raises(crypto.CannotDecrypt):
                crypto.unwrap_private_key(material, guess)
    # With the password, it opens (the test is not vacuous).
    from openita.conftest import PASSWORD

    private = services.unlock_handler_key(desk.handler, PASSWORD)
    assert (
        json.loads(
            crypto.unseal(
                services.case_key_for(case, desk.handler, private) or b"",
                bytes(case.sealed_content or b""),
            )
        )["what"]
        == TEXT
    )
