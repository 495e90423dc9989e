# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Decentralised identifiers: ``did:key`` (offline) and ``did:web`` (fetched, cached).

``did:key`` encodes the public key itself (multicodec prefix + multibase base58-btc),
so it resolves without a network. ``did:web`` names an HTTPS location of a DID document;
:class:`DidResolver` takes the fetch function from its caller, so the web app can serve
its own documents and tests fetch from loopback only.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import quote, unquote

from kunde.credentials._encoding import (
    ED25519_PUB,
    P256_PUB,
    multibase_b58_encode,
    multibase_decode,
)
from kunde.credentials.errors import KeyResolutionError, MalformedCredentialError
from kunde.credentials.keys import PublicKey, public_key_from_jwk, public_key_from_raw

DID_CONTEXT = "https://www.w3.org/ns/did/v1"
MULTIKEY_CONTEXT = "https://w3id.org/security/multikey/v1"

Fetch = Callable[[str], bytes]
"""Fetches a URL and returns the body; raises any exception when it cannot."""


def multikey_encode(key: PublicKey) -> str:
    """The key as ``publicKeyMultibase`` (multicodec-prefixed, base58-btc)."""
    return multibase_b58_encode(key.multicodec())


def multikey_decode(value: str) -> PublicKey:
    """Decode a ``publicKeyMultibase`` value of an Ed25519 or P-256 key."""
    data = multibase_decode(value)
    if data.startswith(ED25519_PUB) and len(data) == 34:  # noqa: PLR2004 - prefix + 32 bytes
        return public_key_from_raw("Ed25519", data[2:])
    if data.startswith(P256_PUB) and len(data) == 35:  # noqa: PLR2004 - prefix + 33-byte point
        return public_key_from_raw("P-256", data[2:])
    raise MalformedCredentialError("only Ed25519 and compressed P-256 multikeys are supported")


def did_key(key: PublicKey) -> str:
    """The ``did:key`` identifier of a public key."""
    return "did:key:" + multikey_encode(key)


def did_key_verification_method(key: PublicKey) -> str:
    """The verification method id that ``did:key`` documents give the key."""
    fingerprint = multikey_encode(key)
    return f"did:key:{fingerprint}#{fingerprint}"


def did_key_document(did: str) -> dict[str, Any]:
    """Expand a ``did:key`` into its DID document (Multikey verification method)."""
    if not did.startswith("did:key:z"):
        raise KeyResolutionError(f"not a base58-btc did:key: {did}")
    fingerprint = did.removeprefix("did:key:")
    try:
        multikey_decode(fingerprint)
    except MalformedCredentialError as exc:
        raise KeyResolutionError(f"cannot decode {did}: {exc}") from exc
    vm_id = f"{did}#{fingerprint}"
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": [
            {"id": vm_id, "type": "Multikey", "controller": did, "publicKeyMultibase": fingerprint}
        ],
        "authentication": [vm_id],
        "assertionMethod": [vm_id],
        "capabilityInvocation": [vm_id],
        "capabilityDelegation": [vm_id],
    }


def did_web_url(did: str) -> str:
    """The HTTPS URL of a ``did:web`` document (did:web method spec, section 3.2)."""
    if not did.startswith("did:web:") or len(did) == len("did:web:"):
        raise KeyResolutionError(f"not a did:web identifier: {did}")
    parts = [unquote(p) for p in did.removeprefix("did:web:").split(":")]
    host, path = parts[0], parts[1:]
    if "/" in host or not host:
        raise KeyResolutionError(f"invalid did:web host in {did}")
    suffix = "/".join(path) + "/did.json" if path else ".well-known/did.json"
    return f"https://{host}/{suffix}"


def did_web_from_url(base_url: str) -> str:
    """The ``did:web`` identifier served at an HTTPS base URL (host[:port][/path])."""
    rest = base_url.removeprefix("https://").rstrip("/")
    host, _, path = rest.partition("/")
    segments = [quote(host, safe="")] + [quote(p, safe="") for p in path.split("/") if p]
    return "did:web:" + ":".join(segments)


def did_web_document(did: str, keys: Iterable[PublicKey]) -> dict[str, Any]:
    """A DID document for ``did:web`` listing ``keys`` as Multikey assertion methods.

    Each key needs a ``kid``; it becomes the fragment (``did#kid``). Keep retired keys in
    the list (with their old kids) so credentials signed before a rotation still verify.
    """
    did_web_url(did)
    methods = []
    for key in keys:
        if not key.kid:
            raise KeyResolutionError("every key in a did:web document needs a kid")
        fragment = key.kid.rpartition("#")[2]
        methods.append(
            {
                "id": f"{did}#{fragment}",
                "type": "Multikey",
                "controller": did,
                "publicKeyMultibase": multikey_encode(key),
            }
        )
    ids = [m["id"] for m in methods]
    return {
        "@context": [DID_CONTEXT, MULTIKEY_CONTEXT],
        "id": did,
        "verificationMethod": methods,
        "assertionMethod": ids,
        "authentication": ids,
    }


def key_from_verification_method(method: dict[str, Any]) -> PublicKey:
    """Read the public key of a Multikey / JsonWebKey verification method."""
    vm_id = method.get("id")
    if isinstance(method.get("publicKeyMultibase"), str):
        return multikey_decode(method["publicKeyMultibase"]).with_kid(vm_id)
    if isinstance(method.get("publicKeyJwk"), dict):
        return public_key_from_jwk(method["publicKeyJwk"], kid=vm_id)
    raise KeyResolutionError(f"verification method {vm_id} has no supported key material")


@dataclass
class DidResolver:
    """Resolves ``did:key`` offline and ``did:web`` through ``fetch``, caching documents.

    ``clock`` gives the current time for cache expiry; documents are kept ``ttl`` long.
    Without ``fetch`` only ``did:key`` resolves. Resolved public keys are kept too (at most
    ``key_cache_size``, least recently used dropped first) and expire with their document,
    so a verifier does not decode the same did:key or import the same JWK again.
    """

    fetch: Fetch | None = None
    ttl: timedelta = timedelta(minutes=15)
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    key_cache_size: int = 1024
    _cache: dict[str, tuple[datetime, dict[str, Any]]] = field(default_factory=dict, repr=False)
    _keys: OrderedDict[tuple[str, str], tuple[datetime, PublicKey]] = field(
        default_factory=OrderedDict, repr=False
    )

    def resolve(self, did: str) -> dict[str, Any]:
        """Return the DID document, or raise KeyResolutionError."""
        did = did.partition("#")[0]
        if did.startswith("did:key:"):
            cached = self._cache.get(did)
            if cached is None:
                cached = (datetime.max.replace(tzinfo=UTC), did_key_document(did))
                self._cache[did] = cached
            return cached[1]
        if not did.startswith("did:web:"):
            raise KeyResolutionError(f"unsupported DID method: {did.split(':')[:2]}")
        now = self.clock()
        cached = self._cache.get(did)
        if cached is not None and cached[0] > now:
            return cached[1]
        document = self._fetch_web(did)
        self._cache[did] = (now + self.ttl, document)
        return document

    def _fetch_web(self, did: str) -> dict[str, Any]:
        url = did_web_url(did)
        if self.fetch is None:
            raise KeyResolutionError(f"cannot resolve {did}: no way to fetch {url}")
        try:
            document = json.loads(self.fetch(url))
        except Exception as exc:  # the fetch function may raise anything
            raise KeyResolutionError(f"cannot fetch {url}: {exc}") from exc
        if not isinstance(document, dict) or document.get("id") != did:
            raise KeyResolutionError(f"the document at {url} is not the DID document of {did}")
        return document

    def resolve_key(self, reference: str, purpose: str = "assertionMethod") -> PublicKey:
        """Resolve ``did...#fragment`` (or a bare did with one key) for ``purpose``."""
        slot = (reference, purpose)
        cached = self._keys.get(slot)
        if cached is not None and (reference.startswith("did:key:") or cached[0] > self.clock()):
            self._keys.move_to_end(slot)
            return cached[1]
        key = self._resolve_key(reference, purpose)
        document = self._cache.get(reference.partition("#")[0])
        if document is not None and self.key_cache_size > 0:
            self._keys[slot] = (document[0], key)
            self._keys.move_to_end(slot)
            while len(self._keys) > self.key_cache_size:
                self._keys.popitem(last=False)
        return key

    def _resolve_key(self, reference: str, purpose: str) -> PublicKey:
        did, _, fragment = reference.partition("#")
        document = self.resolve(did)
        allowed = {
            entry if isinstance(entry, str) else entry.get("id")
            for entry in document.get(purpose, [])
        }
        methods = [m for m in document.get("verificationMethod", []) if isinstance(m, dict)]
        methods += [m for m in document.get(purpose, []) if isinstance(m, dict)]
        for method in methods:
            method_id = str(method.get("id", ""))
            if method_id.startswith("#"):
                method_id = did + method_id
            if method_id not in allowed and "#" + method_id.partition("#")[2] not in allowed:
                continue
            if not fragment or method_id == f"{did}#{fragment}":
                return key_from_verification_method({**method, "id": method_id})
        raise KeyResolutionError(f"{reference} is not an {purpose} key of {did}")


__all__ = [
    "DID_CONTEXT",
    "DidResolver",
    "Fetch",
    "did_key",
    "did_key_document",
    "did_key_verification_method",
    "did_web_document",
    "did_web_from_url",
    "did_web_url",
    "key_from_verification_method",
    "multikey_decode",
    "multikey_encode",
]
