"""The complaint channel's cryptography (docs/complaints.md, docs/adr/0023-complaints-keys-and-receipts.md).

GlobaLeaks' scheme, with libsodium (PyNaCl) and Argon2id (argon2-cffi):

- every case has its own random key; the complaint's text, the sender's details, messages and files are sealed
  with it (XSalsa20-Poly1305, `seal` / `unseal`);
- every complaint handler has an X25519 key pair; the private key is kept only wrapped by a key derived from the
  handler's password with Argon2id (`wrap_private_key` / `unwrap_private_key`);
- a case's key is wrapped for each assigned handler's public key and for the escrow public key of the unit
  (`wrap_for` / `unwrap_with`, libsodium's sealed boxes); the escrow private key is never stored;
- a receipt is stored as a slow hash only (Argon2id with one salt for the installation, `receipt_secrets`), so
  that a receipt is found with one lookup; the other half of that hash wraps the case key for the sender.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

import nacl.exceptions
import nacl.public
import nacl.secret
import nacl.utils
from argon2.low_level import Type, hash_secret_raw
from django.conf import settings

KEY_BYTES = nacl.secret.SecretBox.KEY_SIZE  # 32
RECEIPT_DIGITS = 16
# Argon2id costs (RFC 9106's second recommended option: 64 MiB, three passes). Stored with every wrapped key,
# so that raising them later leaves old keys readable; tests lower them through the setting.
DEFAULT_KDF = {"time_cost": 3, "memory_cost": 64 * 1024, "parallelism": 1}


class CannotDecrypt(Exception):
    """Wrong key, wrong password or damaged data."""


def _kdf_params() -> dict[str, int]:
    return dict(getattr(settings, "OPENITA_COMPLAINT_KDF", DEFAULT_KDF))


def new_case_key() -> bytes:
    return nacl.utils.random(KEY_BYTES)


def seal(key: bytes, plaintext: bytes) -> bytes:
    return bytes(nacl.secret.SecretBox(key).encrypt(plaintext))


def unseal(key: bytes, sealed: bytes) -> bytes:
    try:
        return bytes(nacl.secret.SecretBox(key).decrypt(bytes(sealed)))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise CannotDecrypt from error


def new_key_pair() -> tuple[bytes, bytes]:
    """(public, private) X25519 keys as raw bytes."""
    private = nacl.public.PrivateKey.generate()
    return bytes(private.public_key), bytes(private)


def wrap_for(public_key: bytes, secret: bytes) -> bytes:
    """A case key (or any secret) readable only with the private key of `public_key`."""
    return bytes(nacl.public.SealedBox(nacl.public.PublicKey(bytes(public_key))).encrypt(secret))


def unwrap_with(private_key: bytes, wrapped: bytes) -> bytes:
    try:
        box = nacl.public.SealedBox(nacl.public.PrivateKey(bytes(private_key)))
        return bytes(box.decrypt(bytes(wrapped)))
    except (nacl.exceptions.CryptoError, ValueError, TypeError) as error:
        raise CannotDecrypt from error


def derive_key(password: str, salt: bytes, params: dict[str, int]) -> bytes:
    return hash_secret_raw(
        password.encode("utf-8"),
        bytes(salt),
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost"]),
        parallelism=int(params["parallelism"]),
        hash_len=KEY_BYTES,
        type=Type.ID,
    )


@dataclass(frozen=True)
class WrappedPrivateKey:
    salt: bytes
    params: dict[str, int]
    wrapped: bytes


def wrap_private_key(private_key: bytes, password: str) -> WrappedPrivateKey:
    salt = secrets.token_bytes(16)
    params = _kdf_params()
    return WrappedPrivateKey(salt, params, seal(derive_key(password, salt, params), private_key))


def unwrap_private_key(wrapped: WrappedPrivateKey, password: str) -> bytes:
    return unseal(derive_key(password, wrapped.salt, wrapped.params), wrapped.wrapped)


# -- receipts ---------------------------------------------------------------------------------------------


def new_receipt() -> str:
    """A random 16-digit receipt (about 53 bits), the sender's only way back to their complaint."""
    return f"{secrets.randbelow(10**RECEIPT_DIGITS):0{RECEIPT_DIGITS}d}"


def normalise_receipt(text: str) -> str:
    """The digits of what the sender typed (spaces, dashes and Thai digits allowed)."""
    thai = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
    return "".join(ch for ch in text.translate(thai) if ch.isascii() and ch.isdigit())


def receipt_salt() -> bytes:
    """The installation's one receipt salt: OPENITA_COMPLAINT_RECEIPT_SALT, else derived from SECRET_KEY (then
    changing SECRET_KEY makes every receipt unusable: set the salt explicitly before rotating the key)."""
    configured = getattr(settings, "OPENITA_COMPLAINT_RECEIPT_SALT", "")
    if configured:
        return hashlib.sha256(configured.encode("utf-8")).digest()[:16]
    return hmac.new(
        settings.SECRET_KEY.encode("utf-8"), b"openita.complaints.receipt-salt", "sha256"
    ).digest()[:16]


def receipt_secrets(receipt: str) -> tuple[str, bytes]:
    """From a receipt, one slow Argon2id hash: (the digest stored to find the case, hex; the sender's key, which
    unwraps the case key for the receipt page and is never stored). The same receipt always gives the same pair,
    so a case is found with one lookup. The costs are fixed: changing them would make every receipt unusable."""
    params = dict(getattr(settings, "OPENITA_COMPLAINT_RECEIPT_KDF", DEFAULT_KDF))
    raw = hash_secret_raw(
        normalise_receipt(receipt).encode("ascii"),
        receipt_salt(),
        time_cost=int(params["time_cost"]),
        memory_cost=int(params["memory_cost"]),
        parallelism=int(params["parallelism"]),
        hash_len=64,
        type=Type.ID,
    )
    return raw[:32].hex(), raw[32:]
