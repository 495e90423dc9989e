# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Ed25519 checks run through libsodium first, but every verdict must be OpenSSL's."""

import random

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric import ed25519
from nacl.bindings import crypto_sign_open
from nacl.exceptions import BadSignatureError

from kunde.credentials import generate_key
from kunde.credentials.keys import public_key_from_raw

IDENTITY = bytes([1]) + bytes(31)  # the neutral point: a key of order 1
# Edge cases from C2SP CCTV ed25519vectors.json (low-order and non-canonical A and R):
# (public key, signature, message) in hex, hex, text.
EDGE_VECTORS = [
    ("00" * 32, "00" * 64, "ed25519vectors 3"),
    ("00" * 32, "00" * 64, "ed25519vectors 11"),
    (
        "10eb7c3acfb2bed3e0d6ab89bf5a3d6afddd1176ce4812e38d9fd485058fdb1f",
        (
            "36684ea91032ba5b1dbab2d02f4debc74c3327f2b3802e2e4d371aa42b12b56b"
            "bbfd00bd9c259d8d222d15e67a3d8228585050dbb9b9585be20d8fadc721da03"
        ),
        "ed25519vectors",
    ),
    (
        "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
        "00" * 64,
        "ed25519vectors 6",
    ),
    (
        "10eb7c3acfb2bed3e0d6ab89bf5a3d6afddd1176ce4812e38d9fd485058fdb1f",
        (
            "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f"
            "1cb421dfbd92aa6c30d550bff53c81cf650ace6deb96a8ec22d2fef84dbbe20b"
        ),
        "ed25519vectors 6",
    ),
]


def openssl_accepts(raw, signature, message):
    try:
        ed25519.Ed25519PublicKey.from_public_bytes(raw).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def libsodium_accepts(raw, signature, message):
    try:
        crypto_sign_open(signature + message, raw)
    except BadSignatureError:
        return False
    return True


def kunde_accepts(raw, signature, message):
    return public_key_from_raw("Ed25519", raw).verify("EdDSA", message, signature)


def test_a_signature_only_openssl_accepts_is_still_accepted():
    # With the neutral point as key and R, s = 0 is a valid signature on any message for
    # OpenSSL; libsodium refuses small-order keys. Kunde keeps OpenSSL's answer.
    signature = IDENTITY + bytes(32)
    assert openssl_accepts(IDENTITY, signature, b"any message")
    assert not libsodium_accepts(IDENTITY, signature, b"any message")
    assert kunde_accepts(IDENTITY, signature, b"any message")


@pytest.mark.parametrize(("key", "signature", "message"), EDGE_VECTORS)
def test_edge_case_vectors_get_openssls_verdict(key, signature, message):
    raw, sig, msg = bytes.fromhex(key), bytes.fromhex(signature), message.encode()
    assert kunde_accepts(raw, sig, msg) is openssl_accepts(raw, sig, msg)


def test_valid_and_damaged_signatures_get_openssls_verdict():
    rng = random.Random(7)  # noqa: S311 - reproducible damage, not secrets
    accepted = rejected = 0
    for _ in range(200):
        key = generate_key("EdDSA")
        raw = key.public.raw()
        message = rng.randbytes(rng.randrange(0, 300))
        signature = bytearray(key.sign(message))
        if rng.random() < 0.5:
            signature[rng.randrange(64)] ^= 1 << rng.randrange(8)
        if rng.random() < 0.1:
            signature = signature[: rng.randrange(64)]
        verdict = kunde_accepts(raw, bytes(signature), message)
        assert verdict is openssl_accepts(raw, bytes(signature), message)
        accepted += verdict
        rejected += not verdict
    assert accepted > 50
    assert rejected > 50
