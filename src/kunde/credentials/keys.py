# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Signing keys: P-256 (ES256) and Ed25519 (EdDSA), their JWKs and raw forms.

Private keys live in joserfc key objects (backed by ``cryptography``); public keys are
``cryptography`` key objects built straight from the JWK coordinates (the curve library
checks the point), because verifiers import one per presentation (``cnf.jwk``). This module
adds the rules Kunde needs on top: only ES256 and EdDSA, every algorithm bound to exactly
one key type and curve, and public keys that are cheap to reuse (imported keys are
memoised by value, so verifying many credentials does not re-import a key each time).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Literal, cast

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, OKPKey

from kunde.credentials._ed25519 import verify_ed25519
from kunde.credentials._encoding import (
    ED25519_PUB,
    P256_PUB,
    b64url_decode,
    b64url_encode,
    compact_json,
)
from kunde.credentials.errors import MalformedCredentialError, UnsupportedAlgorithmError

Algorithm = Literal["ES256", "EdDSA"]
ALGORITHMS: tuple[Algorithm, ...] = ("ES256", "EdDSA")

# JWS "alg" values accepted when verifying, with the key type and curve each demands.
# RFC 9864 names Ed25519 as a fully specified alias of EdDSA-with-Ed25519.
_ALG_KEY: dict[str, tuple[str, str]] = {
    "ES256": ("EC", "P-256"),
    "EdDSA": ("OKP", "Ed25519"),
    "Ed25519": ("OKP", "Ed25519"),
}
_PUBLIC_MEMBERS = {"EC": ("kty", "crv", "x", "y"), "OKP": ("kty", "crv", "x")}
_ECDSA_SHA256 = ec.ECDSA(hashes.SHA256())
_P256_SCALAR = 32  # bytes in r, s, x and y of P-256 (RFC 7518 sections 3.4 and 6.2.1)
_ED25519_BYTES = 32
_P256 = ec.SECP256R1()
_NOT_A_PUBLIC_KEY = "the JWK is not a valid public key"
NativePublicKey = ec.EllipticCurvePublicKey | ed25519.Ed25519PublicKey


def _signer(alg: str) -> Any:
    # The algorithm objects of the JOSE library, looked up without the registry's
    # deprecation warning for "EdDSA" (still the value wallets and the reference libraries use).
    return jws.JWSRegistry.algorithms["EdDSA" if alg == "Ed25519" else alg]


@dataclass(frozen=True, eq=False)
class PublicKey:
    """A public verification key. ``kid`` is the key id a JWS header or DID names."""

    jwk: dict[str, str]
    kid: str | None = None
    _native: NativePublicKey = field(repr=False, default=cast("Any", None))

    @property
    def kty(self) -> str:
        return self.jwk["kty"]

    @property
    def crv(self) -> str:
        return self.jwk["crv"]

    @property
    def alg(self) -> Algorithm:
        """The one algorithm this key is used with."""
        return "ES256" if self.crv == "P-256" else "EdDSA"

    def fits(self, alg: str) -> bool:
        """True when ``alg`` is allowed and belongs to this key's type and curve."""
        return _ALG_KEY.get(alg) == (self.jwk["kty"], self.jwk["crv"])

    @property
    def native(self) -> NativePublicKey:
        """The ``cryptography`` key object."""
        return self._native

    def verify(self, alg: str, message: bytes, signature: bytes) -> bool:
        """Check a JWS-style signature (raw r||s for ES256). Mismatched alg raises.

        The signature goes straight to the curve library: the key type was matched to the
        algorithm above, so no JOSE object needs to be built per verification. Ed25519
        goes through :mod:`kunde.credentials._ed25519` (libsodium first, OpenSSL's verdict).
        """
        if not self.fits(alg):
            raise UnsupportedAlgorithmError(f"alg {alg!r} does not fit a {self.kty}/{self.crv} key")
        native = self.native
        if isinstance(native, ed25519.Ed25519PublicKey):
            return verify_ed25519(native, native.public_bytes_raw(), signature, message)
        try:
            if len(signature) != 2 * _P256_SCALAR:
                return False
            der = encode_dss_signature(
                int.from_bytes(signature[:_P256_SCALAR], "big"),
                int.from_bytes(signature[_P256_SCALAR:], "big"),
            )
            native.verify(der, message, _ECDSA_SHA256)
        except InvalidSignature:
            return False
        return True

    def raw(self) -> bytes:
        """Raw Ed25519 bytes or the compressed P-256 point."""
        op = self.native
        if isinstance(op, ed25519.Ed25519PublicKey):
            return op.public_bytes(Encoding.Raw, PublicFormat.Raw)
        return op.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)

    def multicodec(self) -> bytes:
        """The key with its multicodec prefix, as did:key and Multikey encode it."""
        return (ED25519_PUB if self.kty == "OKP" else P256_PUB) + self.raw()

    def thumbprint(self) -> str:
        """RFC 7638 JWK thumbprint (SHA-256, base64url)."""
        members = {k: self.jwk[k] for k in _PUBLIC_MEMBERS[self.kty]}
        return b64url_encode(hashlib.sha256(compact_json(dict(sorted(members.items())))).digest())

    def with_kid(self, kid: str | None) -> PublicKey:
        """The same key under another key id."""
        return PublicKey(jwk=self.jwk, kid=kid, _native=self._native)


@dataclass(frozen=True, eq=False)
class KeyPair:
    """A private signing key with its public half. Never log or serialise it in the clear."""

    private_jwk: dict[str, str] = field(repr=False)
    public: PublicKey
    _key: ECKey | OKPKey = field(repr=False, default=cast("Any", None))

    @property
    def alg(self) -> Algorithm:
        return self.public.alg

    @property
    def kid(self) -> str | None:
        return self.public.kid

    def sign(self, message: bytes) -> bytes:
        """Sign as JWS does: ES256 gives raw r||s (64 bytes), EdDSA a 64-byte signature."""
        return bytes(_signer(self.alg).sign(message, self._key))

    def with_kid(self, kid: str | None) -> KeyPair:
        """The same key under another key id."""
        jwk = dict(self.private_jwk)
        if kid is None:
            jwk.pop("kid", None)
        else:
            jwk["kid"] = kid
        return KeyPair(private_jwk=jwk, public=self.public.with_kid(kid), _key=self._key)


def _check_jwk(jwk: Any) -> dict[str, str]:
    if not isinstance(jwk, dict):
        raise MalformedCredentialError("a JWK must be a JSON object")
    kty, crv = jwk.get("kty"), jwk.get("crv")
    if (kty, crv) not in {("EC", "P-256"), ("OKP", "Ed25519")}:
        raise UnsupportedAlgorithmError(
            "only P-256 (kty EC) and Ed25519 (kty OKP) keys are supported; "
            f"got kty={kty!r} crv={crv!r}"
        )
    for value in jwk.values():
        if not isinstance(value, str | list):
            raise MalformedCredentialError("JWK members must be strings")
    return cast("dict[str, str]", jwk)


@lru_cache(maxsize=4096)
def _import_public(frozen: tuple[tuple[str, str], ...]) -> NativePublicKey:
    # Keys arriving in credentials (cnf.jwk) repeat across verifications; importing one
    # costs a point check on the curve, so imported keys are memoised by value.
    jwk = dict(frozen)
    key: NativePublicKey | None = None
    try:
        x = b64url_decode(jwk["x"])
        if jwk["kty"] == "OKP":
            if len(x) == _ED25519_BYTES:
                key = ed25519.Ed25519PublicKey.from_public_bytes(x)
        else:
            y = b64url_decode(jwk["y"])
            if len(x) == len(y) == _P256_SCALAR:
                key = ec.EllipticCurvePublicKey.from_encoded_point(_P256, b"\x04" + x + y)
    except (MalformedCredentialError, ValueError, KeyError) as exc:
        raise MalformedCredentialError(_NOT_A_PUBLIC_KEY) from exc
    if key is None:
        raise MalformedCredentialError(_NOT_A_PUBLIC_KEY)  # a coordinate of the wrong length
    return key


def public_key_from_jwk(jwk: Any, kid: str | None = None) -> PublicKey:
    """Import a public JWK (private members are ignored). Unsupported key types raise."""
    checked = _check_jwk(jwk)
    public = {k: checked[k] for k in _PUBLIC_MEMBERS[checked["kty"]] if k in checked}
    if len(public) != len(_PUBLIC_MEMBERS[checked["kty"]]):
        raise MalformedCredentialError("the JWK lacks a coordinate")
    native = _import_public(tuple(public.items()))
    return PublicKey(jwk=public, kid=kid or checked.get("kid"), _native=native)


def private_key_from_jwk(jwk: Any) -> KeyPair:
    """Import a private JWK; its ``kid`` (if any) becomes the key id."""
    checked = _check_jwk(jwk)
    if "d" not in checked:
        raise MalformedCredentialError("the JWK has no private part ('d')")
    try:
        if checked["kty"] == "EC":
            key: ECKey | OKPKey = ECKey.import_key(dict(checked))
        else:
            key = OKPKey.import_key(dict(checked))
    except (JoseError, ValueError) as exc:
        raise MalformedCredentialError("the JWK is not a valid private key") from exc
    public = public_key_from_jwk(checked)
    derived = key.as_dict(private=False)
    if any(derived[k] != public.jwk[k] for k in public.jwk):
        raise MalformedCredentialError("the JWK's public part does not match its private part")
    return KeyPair(private_jwk=dict(checked), public=public, _key=key)


def generate_key(alg: Algorithm, kid: str | None = None) -> KeyPair:
    """Generate a fresh key from the operating system's random source."""
    if alg == "ES256":
        key: ECKey | OKPKey = ECKey.generate_key("P-256", private=True)
    elif alg == "EdDSA":
        key = OKPKey.generate_key("Ed25519", private=True)
    else:
        raise UnsupportedAlgorithmError(f"cannot generate keys for {alg!r}: use ES256 or EdDSA")
    jwk = {
        k: str(v)
        for k, v in key.as_dict(private=True).items()
        if k in {"kty", "crv", "x", "y", "d"}
    }
    if kid is not None:
        jwk["kid"] = kid
    return private_key_from_jwk(jwk)


def public_key_from_raw(kind: Literal["Ed25519", "P-256"], data: bytes) -> PublicKey:
    """Build a public key from raw Ed25519 bytes or a (compressed) P-256 point."""
    try:
        if kind == "Ed25519":
            okp = ed25519.Ed25519PublicKey.from_public_bytes(data)
            raw = okp.public_bytes(Encoding.Raw, PublicFormat.Raw)
            return public_key_from_jwk({"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw)})
        point = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), data)
    except ValueError as exc:
        raise MalformedCredentialError(f"not a valid {kind} public key") from exc
    numbers = point.public_numbers()
    return public_key_from_jwk(
        {
            "kty": "EC",
            "crv": "P-256",
            "x": b64url_encode(numbers.x.to_bytes(32, "big")),
            "y": b64url_encode(numbers.y.to_bytes(32, "big")),
        }
    )


def ed25519_private_from_seed(seed: bytes) -> KeyPair:
    """An Ed25519 key pair from its 32-byte seed (Multikey ``privateKeyMultibase``)."""
    private = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    raw = private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return private_key_from_jwk(
        {"kty": "OKP", "crv": "Ed25519", "x": b64url_encode(raw), "d": b64url_encode(seed)}
    )


__all__ = [
    "ALGORITHMS",
    "Algorithm",
    "KeyPair",
    "PublicKey",
    "ed25519_private_from_seed",
    "generate_key",
    "private_key_from_jwk",
    "public_key_from_jwk",
    "public_key_from_raw",
]
