# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""The verify path's caches and fast paths keep every check."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from kunde.credentials import (
    DidResolver,
    InMemoryKeyStore,
    IssuerKeys,
    KeyResolutionError,
    StatusList,
    StatusListError,
    did_key,
    did_web_document,
    generate_key,
    issue_status_list_token,
    public_key_from_jwk,
)
from kunde.credentials._encoding import b64url_decode
from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.sdjwt import make_disclosure, parse_disclosure, parse_sd_jwt
from kunde.credentials.status_list import INVALID, StatusListCache

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
STATUS_URI = "https://issuer.test/status/1"


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


@pytest.mark.parametrize(
    "text", ["ab!c", "ab.c", "a", "abc=", "QQ==", "ab*c", "ab+c", "ab/c", "ä", "aé=="]
)
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


def _list_token(key, statuses, *, now, ttl=None, expires=None):
    return issue_status_list_token(
        statuses,
        uri=STATUS_URI,
        key=key,
        now=now,
        issuer=did_key(key.public),
        ttl=ttl,
        expires=expires,
    )


def test_status_list_cache_reuses_a_verified_list_only_for_the_same_token():
    key = generate_key("ES256")
    issuer, keys = did_key(key.public), IssuerKeys()
    statuses = StatusList.new(16)
    first = _list_token(key, statuses, now=NOW)
    cache = StatusListCache()
    read = cache.read(first, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW)
    assert cache.read(first, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW) is read
    statuses.set(3, INVALID)
    changed = _list_token(key, statuses, now=NOW)
    assert cache.read(changed, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW).get(3) == INVALID
    with pytest.raises(StatusListError):  # same bytes, other issuer: verified again, and fails
        cache.read(
            changed,
            uri=STATUS_URI,
            issuer=did_key(generate_key("ES256").public),
            keys=keys,
            now=NOW,
        )


def test_status_list_cache_forgets_a_list_after_its_ttl_and_rejects_it_after_exp():
    key = generate_key("ES256")
    issuer, keys = did_key(key.public), IssuerKeys()
    token = _list_token(
        key,
        StatusList.new(8),
        now=NOW,
        ttl=timedelta(minutes=1),
        expires=NOW + timedelta(minutes=10),
    )
    cache = StatusListCache(max_age=timedelta(hours=1))
    read = cache.read(token, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW)
    later = NOW + timedelta(minutes=2)
    assert cache.read(token, uri=STATUS_URI, issuer=issuer, keys=keys, now=later) is not read
    with pytest.raises(StatusListError, match="expired"):
        cache.read(token, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW + timedelta(hours=1))


def test_tampered_status_list_token_is_not_served_from_the_cache():
    key = generate_key("ES256")
    issuer, keys = did_key(key.public), IssuerKeys()
    token = _list_token(key, StatusList.new(8), now=NOW)
    cache = StatusListCache()
    cache.read(token, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW)
    tampered = token[:-4] + ("AAAA" if token[-4:] != "AAAA" else "BBBB")
    with pytest.raises(StatusListError, match="signature"):
        cache.read(tampered, uri=STATUS_URI, issuer=issuer, keys=keys, now=NOW)


@pytest.mark.parametrize(
    "jwk",
    [
        {"kty": "EC", "crv": "P-256", "x": "AAAA", "y": "AAAA"},
        {"kty": "OKP", "crv": "Ed25519", "x": "AAAA"},
        {"kty": "EC", "crv": "P-256", "x": "A" * 43, "y": "A" * 43},  # not on the curve
    ],
)
def test_public_jwk_of_wrong_length_or_off_the_curve_is_refused(jwk):
    with pytest.raises(MalformedCredentialError):
        public_key_from_jwk(jwk)


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_public_jwk_import_round_trips(alg):
    key = generate_key(alg).public
    imported = public_key_from_jwk(dict(key.jwk))
    assert imported.jwk == key.jwk
    assert imported.raw() == key.raw()
