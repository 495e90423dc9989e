# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
import json
from datetime import UTC, datetime, timedelta

import pytest

from kunde.credentials import (
    DidResolver,
    InMemoryKeyStore,
    IssuerKeys,
    KeyResolutionError,
    MalformedCredentialError,
    TrustList,
    UnsupportedAlgorithmError,
    did_key,
    did_key_document,
    did_web_document,
    did_web_from_url,
    did_web_url,
    generate_key,
    new_wrapping_key,
    open_private_jwk,
    private_key_from_jwk,
    public_key_from_jwk,
    seal_private_jwk,
)

W3C_DID = "did:key:z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2"


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_jwk_round_trip_signs_and_verifies(alg):
    key = generate_key(alg, kid="k1")
    again = private_key_from_jwk(json.loads(json.dumps(key.private_jwk)))
    assert again.public.jwk == key.public.jwk
    assert again.kid == "k1"
    assert key.public.verify(alg, b"msg", again.sign(b"msg"))
    assert "d" not in public_key_from_jwk(key.private_jwk).jwk


def test_unsupported_keys_and_algorithm_confusion_are_rejected(es256_key):
    with pytest.raises(UnsupportedAlgorithmError):
        public_key_from_jwk({"kty": "oct", "k": "c2VjcmV0"})
    with pytest.raises(UnsupportedAlgorithmError):
        public_key_from_jwk({"kty": "EC", "crv": "P-384", "x": "a", "y": "b"})
    with pytest.raises(UnsupportedAlgorithmError):
        es256_key.public.verify("EdDSA", b"m", es256_key.sign(b"m"))
    with pytest.raises(UnsupportedAlgorithmError):
        es256_key.public.verify("HS256", b"m", b"x")


def test_private_jwk_with_foreign_public_part_is_rejected(es256_key):
    other = generate_key("ES256")
    mixed = {**es256_key.private_jwk, "x": other.public.jwk["x"], "y": other.public.jwk["y"]}
    with pytest.raises(MalformedCredentialError):
        private_key_from_jwk(mixed)


@pytest.mark.parametrize(("alg", "prefix"), [("ES256", "did:key:zDn"), ("EdDSA", "did:key:z6Mk")])
def test_did_key_round_trip(alg, prefix):
    key = generate_key(alg)
    did = did_key(key.public)
    assert did.startswith(prefix)
    assert DidResolver().resolve_key(did).jwk == key.public.jwk


def test_did_key_of_the_w3c_vector_resolves_to_its_multikey():
    document = did_key_document(W3C_DID)
    method = document["verificationMethod"][0]
    assert method["id"] == f"{W3C_DID}#{W3C_DID[8:]}"
    key = DidResolver().resolve_key(method["id"])
    assert did_key(key) == W3C_DID


def test_unknown_did_methods_and_bad_did_keys_fail():
    with pytest.raises(KeyResolutionError):
        DidResolver().resolve("did:example:123")
    with pytest.raises(KeyResolutionError):
        DidResolver().resolve("did:key:z111")


def test_did_web_urls():
    assert (
        did_web_url("did:web:w3c-ccg.github.io") == "https://w3c-ccg.github.io/.well-known/did.json"
    )
    assert (
        did_web_url("did:web:example.com:user:alice") == "https://example.com/user/alice/did.json"
    )
    assert did_web_url("did:web:localhost%3A8443") == "https://localhost:8443/.well-known/did.json"
    assert (
        did_web_from_url("https://localhost:8443/issuers/1") == "did:web:localhost%3A8443:issuers:1"
    )


def test_did_web_resolver_fetches_once_within_ttl_and_keeps_rotated_keys():
    did = "did:web:issuer.test"
    store = InMemoryKeyStore.with_key(did, generate_key("ES256", kid="key-1"))
    old = store.signing_key()
    store.rotate(generate_key("EdDSA", kid="key-2"))
    served = json.dumps(did_web_document(did, store.public_keys())).encode()
    calls: list[str] = []
    clock = [datetime(2026, 1, 1, tzinfo=UTC)]

    def fetch(url: str) -> bytes:
        calls.append(url)
        return served

    resolver = DidResolver(fetch=fetch, ttl=timedelta(minutes=5), clock=lambda: clock[0])
    assert resolver.resolve_key(f"{did}#key-1").jwk == old.public.jwk
    assert resolver.resolve_key(f"{did}#key-2").alg == "EdDSA"
    assert calls == ["https://issuer.test/.well-known/did.json"]
    clock[0] += timedelta(minutes=6)
    resolver.resolve(did)
    assert len(calls) == 2
    with pytest.raises(KeyResolutionError):
        resolver.resolve_key(f"{did}#key-3")
    keys = IssuerKeys(dids=resolver)
    assert keys.issuer_keys(did, "key-1")[0].jwk == old.public.jwk


def test_did_web_document_must_name_the_did():
    resolver = DidResolver(fetch=lambda _url: b'{"id": "did:web:other.test"}')
    with pytest.raises(KeyResolutionError):
        resolver.resolve("did:web:issuer.test")


def test_keystore_rotation_keeps_old_public_keys():
    store = InMemoryKeyStore.with_key("did:web:x.test", generate_key("ES256", kid="a"))
    store.rotate(generate_key("ES256", kid="b"))
    assert store.signing_key().kid == "b"
    assert [k.kid for k in store.public_keys()] == ["b", "a"]
    assert [k["kid"] for k in store.jwks()["keys"]] == ["b", "a"]
    with pytest.raises(KeyResolutionError):
        store.rotate(generate_key("ES256", kid="a"))


def test_sealed_private_keys_open_only_with_the_right_key_and_owner(es256_key):
    wrapping = new_wrapping_key()
    sealed = seal_private_jwk(es256_key.private_jwk, wrapping, associated_data=b"issuer-1")
    assert es256_key.private_jwk["d"] not in sealed
    assert open_private_jwk(sealed, wrapping, associated_data=b"issuer-1") == es256_key.private_jwk
    with pytest.raises(MalformedCredentialError):
        open_private_jwk(sealed, new_wrapping_key(), associated_data=b"issuer-1")
    with pytest.raises(MalformedCredentialError):
        open_private_jwk(sealed, wrapping, associated_data=b"issuer-2")


def test_trust_list(tmp_path):
    path = tmp_path / "trust.json"
    path.write_text(
        json.dumps(
            {
                "name": "sector register",
                "issuers": [
                    {"id": "did:web:school.test", "name": "School", "include_subpaths": True},
                    {"id": "did:key:z6Mkabc"},
                ],
            }
        )
    )
    trust = TrustList.from_file(path)
    assert trust.find("did:web:school.test:issuers:1") is not None
    assert trust.find("did:key:z6Mkabc") is not None
    assert trust.find("did:web:evil.test") is None
    path.write_text("[]")
    with pytest.raises(MalformedCredentialError):
        TrustList.from_file(path)
