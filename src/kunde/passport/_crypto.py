"""Per-holder encryption (crypto-shredding): AES-256-GCM with keys wrapped by a master key.

* The master key is derived with HKDF-SHA256 from the instance secret; it never touches the
  database.
* Each passport has its own random 256-bit data key, stored only wrapped (AES-GCM under the
  master key, bound to the passport id) and only in the key store, a database apart from
  the data (see :mod:`kunde.passport.key_store`).
* Every sealed value is bound to where it lives through the associated data (table, row id,
  version), so ciphertext cannot be moved to another row or passport unnoticed.
* Destroying a passport's wrapped key makes every copy of its ciphertext unreadable, old
  backups of the main database included (as long as no key store backup still holds it).
"""

from __future__ import annotations

import hashlib
import hmac
import os
from typing import TYPE_CHECKING, Protocol

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

if TYPE_CHECKING:
    from datetime import datetime

_NONCE = 12
_VERSION = b"\x01"  # format byte, so the scheme can change without guessing later


class KeyUnavailable(Exception):
    """The data key is gone (erased) or the ciphertext was not made with it."""


def derive_master_key(secret: bytes) -> bytes:
    """The key-wrapping key for this instance, derived from its secret."""
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"kunde", info=b"kunde/passport-key-wrap/v1"
    ).derive(secret)


def new_data_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def seal(key: bytes, plaintext: bytes, context: str) -> bytes:
    """Encrypt and authenticate ``plaintext``; ``context`` names where it is stored."""
    nonce = os.urandom(_NONCE)
    return _VERSION + nonce + AESGCM(key).encrypt(nonce, plaintext, context.encode())


def unseal(key: bytes, blob: bytes, context: str) -> bytes:
    if not blob.startswith(_VERSION):
        raise KeyUnavailable("unknown ciphertext format")
    nonce, body = blob[1 : 1 + _NONCE], blob[1 + _NONCE :]
    try:
        return AESGCM(key).decrypt(nonce, body, context.encode())
    except InvalidTag:
        raise KeyUnavailable("ciphertext does not open with this key") from None


def blind_index(key: bytes, value: str) -> str:
    """A keyed digest for uniqueness checks that means nothing once the key is destroyed."""
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class WrappedKeys(Protocol):
    """Where wrapped keys live: :class:`kunde.passport.key_store.KeyStore` (its own
    database). Each call commits on its own."""

    def put(self, passport_id: str, wrapped: bytes, now: datetime) -> None: ...

    def get(self, passport_id: str) -> bytes | None: ...

    def delete(self, passport_id: str) -> None: ...

    def stored(self, *, created_before: datetime) -> list[str]: ...


class KeyRing:
    """Makes, opens and destroys per-passport data keys: wrapped with the master key, kept
    in the key store."""

    def __init__(self, master_key: bytes, store: WrappedKeys) -> None:
        if len(master_key) != 32:  # noqa: PLR2004 - AES-256
            raise ValueError("the master key must be 32 bytes")
        self._master = master_key
        self.store = store

    @classmethod
    def from_secret(cls, secret: bytes, store: WrappedKeys) -> KeyRing:
        return cls(derive_master_key(secret), store)

    def wrap(self, data_key: bytes, passport_id: str) -> bytes:
        return seal(self._master, data_key, f"passport-key:{passport_id}")

    def unwrap(self, wrapped: bytes, passport_id: str) -> bytes:
        return unseal(self._master, wrapped, f"passport-key:{passport_id}")

    def create(self, passport_id: str, now: datetime) -> bytes:
        """A new data key for ``passport_id``, stored (committed) in the key store before
        the caller writes anything under it."""
        data_key = new_data_key()
        self.store.put(passport_id, self.wrap(data_key, passport_id), now)
        return data_key

    def open(self, passport_id: str) -> bytes | None:
        """The data key of ``passport_id``; ``None`` when the key store has none."""
        wrapped = self.store.get(passport_id)
        return None if wrapped is None else self.unwrap(wrapped, passport_id)

    def destroy(self, passport_id: str) -> None:
        """Delete the passport's key from the key store: its ciphertext, wherever a copy of
        it lives, no longer opens."""
        self.store.delete(passport_id)
