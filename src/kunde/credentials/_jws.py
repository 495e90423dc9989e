# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Compact JWS: sign with a KeyPair, parse strictly, verify against an allow-list.

Only ES256 and EdDSA (and its RFC 9864 alias Ed25519) are accepted; ``none``, HMAC and
anything else are rejected before a key is looked at, and the key's type must match the
algorithm, which closes algorithm-confusion attacks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from kunde.credentials._encoding import b64url_decode, b64url_encode, compact_json, json_object
from kunde.credentials.errors import MalformedCredentialError, UnsupportedAlgorithmError

if TYPE_CHECKING:
    from kunde.credentials.keys import KeyPair, PublicKey

ALLOWED_ALGS = frozenset({"ES256", "EdDSA", "Ed25519"})


class CompactJws(NamedTuple):
    """A parsed, not yet verified, compact JWS (``alg`` already checked against the list)."""

    header: dict[str, Any]
    payload: dict[str, Any]
    signing_input: bytes
    signature: bytes
    alg: str

    def verify(self, key: PublicKey) -> bool:
        """True when the signature is valid for ``key``; a wrong-type key raises."""
        check_alg(self.alg)
        return key.verify(self.alg, self.signing_input, self.signature)


def check_alg(alg: object) -> str:
    """Return ``alg`` when it is allowed, else raise UnsupportedAlgorithmError."""
    if not isinstance(alg, str) or alg not in ALLOWED_ALGS:
        raise UnsupportedAlgorithmError(f"JWS alg {alg!r} is not accepted (allowed: ES256, EdDSA)")
    return alg


def sign_compact(header: dict[str, Any], payload: dict[str, Any], key: KeyPair) -> str:
    """Sign ``payload`` with ``key``; ``alg`` (and ``kid`` when the key has one) are set."""
    full = {"alg": key.alg, **header}
    if key.kid and "kid" not in full:
        full["kid"] = key.kid
    if full["alg"] != key.alg:
        raise UnsupportedAlgorithmError("the header's alg does not match the signing key")
    signing_input = b64url_encode(compact_json(full)) + "." + b64url_encode(compact_json(payload))
    return signing_input + "." + b64url_encode(key.sign(signing_input.encode("ascii")))


def parse_compact(token: str, what: str = "JWT") -> CompactJws:
    """Split and decode a compact JWS; checks structure and alg, not the signature."""
    token = token.strip()
    parts = token.split(".")
    if len(parts) != 3:  # noqa: PLR2004 - header.payload.signature
        raise MalformedCredentialError(
            f"the {what} is not a compact JWS (three dot-separated parts)"
        )
    header = json_object(b64url_decode(parts[0]), f"the {what} header")
    alg = check_alg(header.get("alg"))
    if "crit" in header:
        raise MalformedCredentialError(
            f"the {what} has critical header parameters Kunde does not know"
        )
    payload = json_object(b64url_decode(parts[1]), f"the {what} payload")
    signature = b64url_decode(parts[2])
    signing_input = token[: len(parts[0]) + len(parts[1]) + 1].encode("ascii")
    return CompactJws(header, payload, signing_input, signature, alg)
