# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Ed25519 signature checks: libsodium's speed, OpenSSL's verdict.

libsodium (through PyNaCl) checks an Ed25519 signature in about half the time OpenSSL (through
``cryptography``) takes, but it is stricter: it also rejects small-order and non-canonical
public keys and ``R`` values, which OpenSSL accepts. Every signature libsodium accepts is one
OpenSSL accepts too (same equation, same encodings, fewer inputs), so a libsodium "valid"
stands and anything else is decided by OpenSSL. Kunde's answers stay exactly OpenSSL's;
only valid signatures get faster.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from cryptography.exceptions import InvalidSignature
from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

_SIGNATURE_BYTES = 64


def verify_ed25519(key: Ed25519PublicKey, raw: bytes, signature: bytes, message: bytes) -> bool:
    """True when ``signature`` over ``message`` is valid for ``key`` (``raw``: its 32 bytes)."""
    if len(signature) == _SIGNATURE_BYTES:
        try:
            crypto_sign_open(signature + message, raw)
        except BadSignatureError:
            pass
        else:
            return True
    try:
        key.verify(signature, message)
    except InvalidSignature:
        return False
    return True
