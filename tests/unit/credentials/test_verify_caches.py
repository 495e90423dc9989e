# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""The verify path's caches and fast paths keep every check."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from kunde.credentials import (
    DidResolver,
    InMemoryKeyStore,
    KeyResolutionError,
    did_key,
    did_web_document,
    generate_key,
)
from kunde.credentials._encoding import b64url_decode
from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.sdjwt import make_disclosure, parse_disclosure, parse_sd_jwt


def test_did_key_keys_are_cached_and_the_cache_is_bounded():
    resolver = DidResolver(key_cache_size=2)
    dids = [did_key(generate_key("ES256").public) for _ in range(3)]
    first = resolver.resolve_key(dids[0])
    assert resolver.resolve_key(dids[0]) is first
    for did in dids[1:]:
        resolver.resolve_key(did)
    assert len(resolver._keys) == 2
    assert resolver.resolve_key(dids[0]).jwk == first.jwk


def test_cached_did_web_keys_expire_with_their_document():
    did = "did:web:issuer.test"
    store = InMemoryKeyStore.with_key(did, generate_key("ES256", kid="key-1"))
    served = [json.dumps(did_web_document(did, store.public_keys())).encode()]
    clock = [datetime(2026, 1, 1, tzinfo=UTC)]
    resolver = DidResolver(
        fetch=lambda _url: served[0], ttl=timedelta(minutes=5), clock=lambda: clock[0]
    )
    old = resolver.resolve_key(f"{did}#key-1")
    served[0] = json.dumps(
        did_web_document(did, [generate_key("ES256", kid="key-1").public])
    ).encode()
    assert resolver.resolve_key(f"{did}#key-1") is old
    clock[0] += timedelta(minutes=6)
    assert resolver.resolve_key(f"{did}#key-1").jwk != old.jwk
    served[0] = json.dumps(did_web_document(did, [])).encode()
    clock[0] += timedelta(minutes=6)
    with pytest.raises(KeyResolutionError):
        resolver.resolve_key(f"{did}#key-1")


@pytest.mark.parametrize("text", ["ab!c", "ab.c", "a", "abc=", "ab+c", "ab/c", "ä"])
def test_base64url_rejects_text_outside_the_alphabet(text):
    with pytest.raises(MalformedCredentialError):
        b64url_decode(text)


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_signature_of_wrong_length_or_content_fails(alg):
    key = generate_key(alg)
    signature = key.sign(b"message")
    assert key.public.verify(alg, b"message", signature)
    assert not key.public.verify(alg, b"message", signature[:-1])
    assert not key.public.verify(alg, b"message", signature + b"\0")
    assert not key.public.verify(alg, b"other", signature)


def test_disclosure_digest_is_computed_from_the_received_text():
    made = make_disclosure("salt", "given_name", "Sanne")
    parsed = parse_disclosure(made.encoded)
    assert parsed.digest == made.digest
    assert parsed == made


def test_whitespace_in_a_presentation_is_ignored():
    made = make_disclosure("salt", "given_name", "Sanne")
    text = f"a.b.c~{made.encoded[:5]}\n {made.encoded[5:]}\t~"
    assert parse_sd_jwt(text).disclosures[0].digest == made.digest
