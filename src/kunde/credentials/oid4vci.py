# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""OpenID for Verifiable Credential Issuance 1.0: the message pieces both sides need.

Pure functions, no transport: credential offer links (``openid-credential-offer://``),
the pre-authorised code grant name, and the holder's key proof (a JWT of type
``openid4vci-proof+jwt`` signed by the holder key, carrying the issuer's ``c_nonce``).
The issuer side checks a proof with :func:`verify_proof_jwt`; a wallet makes one with
:func:`proof_jwt`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, quote, urlsplit

from kunde.credentials._jws import parse_compact, sign_compact
from kunde.credentials.did import did_key_document, key_from_verification_method
from kunde.credentials.errors import (
    KeyResolutionError,
    MalformedCredentialError,
    UnsupportedAlgorithmError,
)
from kunde.credentials.keys import PublicKey, public_key_from_jwk

if TYPE_CHECKING:
    from kunde.credentials.keys import KeyPair

OFFER_SCHEME = "openid-credential-offer://"
PRE_AUTHORIZED_GRANT = "urn:ietf:params:oauth:grant-type:pre-authorized_code"
PROOF_TYP = "openid4vci-proof+jwt"
SD_JWT_FORMAT = "dc+sd-jwt"
LDP_FORMAT = "ldp_vc"


class ProofError(MalformedCredentialError):
    """The key proof cannot be accepted (``invalid_proof`` in OpenID4VCI terms)."""


def offer_link(offer_uri: str) -> str:
    """The link a wallet opens: the offer is fetched by reference from ``offer_uri``."""
    return f"{OFFER_SCHEME}?credential_offer_uri={quote(offer_uri, safe='')}"


@dataclass(frozen=True)
class OfferReference:
    """What an offer link carries: an offer by value or the URI to fetch it from."""

    offer_uri: str | None = None
    offer: dict[str, Any] | None = None


def parse_offer_link(text: str) -> OfferReference:
    """Read an ``openid-credential-offer://`` link (or an https link with the same query),
    or a bare offer URI. Raises MalformedCredentialError for anything else."""
    value = text.strip()
    query = urlsplit(value).query
    params = parse_qs(query)
    if "credential_offer_uri" in params:
        return OfferReference(offer_uri=params["credential_offer_uri"][0])
    if "credential_offer" in params:
        try:
            offer = json.loads(params["credential_offer"][0])
        except ValueError as exc:
            raise MalformedCredentialError("the credential offer is not valid JSON") from exc
        if not isinstance(offer, dict):
            raise MalformedCredentialError("the credential offer must be a JSON object")
        return OfferReference(offer=offer)
    if value.startswith(("https://", "http://")) and not query:
        return OfferReference(offer_uri=value)
    raise MalformedCredentialError(
        "this is not a credential offer link: it should start with openid-credential-offer:// "
        "and name a credential_offer_uri"
    )


def pre_authorized_code(offer: dict[str, Any]) -> tuple[str, bool]:
    """The pre-authorised code of an offer and whether a transaction code is asked for."""
    grant = offer.get("grants", {}).get(PRE_AUTHORIZED_GRANT)
    if not isinstance(grant, dict) or not isinstance(grant.get("pre-authorized_code"), str):
        raise MalformedCredentialError("the offer has no pre-authorised code grant")
    return grant["pre-authorized_code"], "tx_code" in grant


def proof_jwt(
    holder_key: KeyPair, *, audience: str, nonce: str, now: datetime, client_id: str | None = None
) -> str:
    """A holder key proof for the credential endpoint (the public key goes in ``jwk``)."""
    header = {"typ": PROOF_TYP, "jwk": holder_key.public.jwk}
    payload: dict[str, Any] = {"aud": audience, "iat": int(now.timestamp()), "nonce": nonce}
    if client_id:
        payload["iss"] = client_id
    return sign_compact(header, payload, holder_key.with_kid(None))


@dataclass(frozen=True)
class Proof:
    """A checked key proof: the holder's key and the nonce it answered."""

    key: PublicKey
    nonce: str


def _proof_key(header: dict[str, Any]) -> PublicKey:
    if "jwk" in header and "kid" in header:
        raise ProofError("the proof names its key twice (jwk and kid)")
    if isinstance(header.get("jwk"), dict):
        if "d" in header["jwk"]:
            raise ProofError("the proof header carries a private key")
        return public_key_from_jwk(header["jwk"])
    kid = header.get("kid")
    if isinstance(kid, str) and kid.startswith("did:key:"):
        document = did_key_document(kid.partition("#")[0])
        return key_from_verification_method(document["verificationMethod"][0])
    raise ProofError("the proof must carry the holder key as jwk or as a did:key kid")


def verify_proof_jwt(
    token: str,
    *,
    audience: str,
    now: datetime,
    max_age: timedelta = timedelta(minutes=5),
    leeway: timedelta = timedelta(seconds=60),
) -> Proof:
    """Check a key proof's type, signature, audience and age; the caller checks the nonce
    (it must be one the issuer handed out and not used before). Raises ProofError."""
    try:
        jws = parse_compact(token, "key proof")
        key = _proof_key(jws.header)
        fits = key.fits(jws.alg) and jws.verify(key)
    except ProofError:
        raise
    except (MalformedCredentialError, UnsupportedAlgorithmError, KeyResolutionError) as exc:
        raise ProofError(str(exc)) from exc
    if jws.header.get("typ") != PROOF_TYP:
        raise ProofError(f"the proof typ must be {PROOF_TYP}")
    if not fits:
        raise ProofError("the proof signature does not verify with its key")
    claims = jws.payload
    if claims.get("aud") != audience:
        raise ProofError("the proof is for another credential issuer (aud)")
    iat = claims.get("iat")
    if not isinstance(iat, int | float):
        raise ProofError("the proof has no iat")
    if iat > (now + leeway).timestamp() or iat < (now - max_age - leeway).timestamp():
        raise ProofError("the proof is too old or from the future (iat)")
    nonce = claims.get("nonce")
    if not isinstance(nonce, str) or not nonce:
        raise ProofError("the proof has no nonce")
    return Proof(key=key, nonce=nonce)


__all__ = [
    "LDP_FORMAT",
    "OFFER_SCHEME",
    "PRE_AUTHORIZED_GRANT",
    "PROOF_TYP",
    "SD_JWT_FORMAT",
    "OfferReference",
    "Proof",
    "ProofError",
    "offer_link",
    "parse_offer_link",
    "pre_authorized_code",
    "proof_jwt",
    "verify_proof_jwt",
]
