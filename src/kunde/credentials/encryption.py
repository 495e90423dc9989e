# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Private keys at rest: AES-256-GCM with a key the caller holds (e.g. from settings or a KMS).

The sealed form is ``kunde-aesgcm-v1.<base64url(nonce || ciphertext)>``. The associated
data binds a sealed key to its owner (e.g. the issuer id), so swapping sealed keys between
issuers in the database makes decryption fail.
"""

from __future__ import annotations

import json
import os
from typing import TYPE_CHECKING, Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from kunde.credentials._encoding import b64url_decode, b64url_encode, compact_json
from kunde.credentials.errors import MalformedCredentialError

if TYPE_CHECKING:
    from collections.abc import Callable

PREFIX = "kunde-aesgcm-v1."
NONCE_BYTES = 12


def new_wrapping_key() -> bytes:
    """A fresh 256-bit key for :func:`seal_private_jwk`."""
    return AESGCM.generate_key(bit_length=256)


def seal_private_jwk(
    jwk: dict[str, Any],
    wrapping_key: bytes,
    *,
    associated_data: bytes = b"",
    random: Callable[[int], bytes] = os.urandom,
) -> str:
    """Encrypt a private JWK; ``random`` supplies the nonce (inject it in tests)."""
    nonce = random(NONCE_BYTES)
    sealed = AESGCM(wrapping_key).encrypt(nonce, compact_json(jwk), associated_data)
    return PREFIX + b64url_encode(nonce + sealed)


def open_private_jwk(
    sealed: str, wrapping_key: bytes, *, associated_data: bytes = b""
) -> dict[str, Any]:
    """Decrypt what :func:`seal_private_jwk` produced; a wrong key or owner raises."""
    if not sealed.startswith(PREFIX):
        raise MalformedCredentialError("not a sealed Kunde key")
    data = b64url_decode(sealed.removeprefix(PREFIX))
    try:
        plain = AESGCM(wrapping_key).decrypt(
            data[:NONCE_BYTES], data[NONCE_BYTES:], associated_data
        )
    except (InvalidTag, ValueError) as exc:
        raise MalformedCredentialError("the sealed key cannot be opened with this key") from exc
    value = json.loads(plain)
    if not isinstance(value, dict):
        raise MalformedCredentialError("the sealed key is not a JWK")
    return value


__all__ = ["new_wrapping_key", "open_private_jwk", "seal_private_jwk"]
