# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Reading an OpenID4VP request from a verifier on another host, for Kunde's wallet.

Pure functions: the caller fetches the request object and passes in how to find keys.
Supported client identifier prefixes (OpenID4VP 1.0, section 5.9):

* ``redirect_uri:`` — the request object must be unsigned (``alg: none``) and the
  ``response_uri`` must be the client id itself. Nothing proves who the verifier is, so the
  consent screen names the host the answer goes to and says the name is not checked.
* ``x509_san_dns:`` — the request object is signed with the key of the first certificate
  in ``x5c``; the chain must lead to a trusted root (the public roots plus
  ``KUNDE_FETCH_CA_FILE``) and name the client id's DNS name; the ``response_uri`` must be
  on that host.
* ``decentralized_identifier:`` — signed with a key of that DID (``kid`` is a DID URL of
  it): did:key offline, did:web through the guarded fetcher. Kunde also requires the
  ``response_uri`` to be on the host the request came from.

Only ``response_mode=direct_post`` with a DCQL query for one ``dc+sd-jwt`` credential is
answered; encrypted responses (``direct_post.jwt``) are refused with a plain message.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, ed25519
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.verification import PolicyBuilder, Store, VerificationError

from kunde.credentials._jws import parse_compact
from kunde.credentials.errors import CredentialError
from kunde.credentials.keys import PublicKey, public_key_from_raw
from kunde.credentials.sd_jwt_vc import TYP as SD_JWT_VC
from kunde.errors import InvalidInput
from kunde.sharing import oid4vp

MAX_REQUEST_BYTES = 50_000
REDIRECT_URI = "redirect_uri"
X509_SAN_DNS = "x509_san_dns"
DID = "decentralized_identifier"
SCHEMES = (REDIRECT_URI, X509_SAN_DNS, DID)
KeyOf = Callable[[str], PublicKey]
"""Resolves a DID URL to its public key; raises when it cannot."""


@dataclass(frozen=True)
class OutsideRequest:
    """A checked request from another host, as the wallet needs it."""

    client_id: str
    scheme: str
    verifier_name: str
    verifier_host: str
    response_uri: str
    nonce: str
    state: str | None
    query_id: str
    paths: tuple[tuple[str, ...], ...]
    vct_values: tuple[str, ...] | None
    purpose_text: str
    purpose_kind: str | None = None  # a Kunde verifier's purpose kind (kunde_purpose)

    @property
    def request_key(self) -> str:
        """One key per request (client id and nonce): a wallet answers a request once."""
        return hashlib.sha256(f"{self.client_id}\n{self.nonce}".encode()).hexdigest()

    @property
    def disclose(self) -> list[str]:
        """The requested claim paths, in the form ``present`` takes."""
        return [".".join(path) for path in self.paths]


def _refuse(message: str) -> InvalidInput:
    return InvalidInput(message, details={"field": "link"})


def scheme_of(client_id: str) -> str:
    """The client identifier prefix; anything unsupported is refused plainly."""
    prefix, sep, rest = client_id.partition(":")
    if not sep or not rest or prefix not in SCHEMES:
        raise _refuse(
            "Kunde's wallet answers verifiers that identify as redirect_uri:, x509_san_dns: "
            "or decentralized_identifier:. This request uses another way."
        )
    return prefix


def _host(url: str) -> str:
    return (urlsplit(url).hostname or "").lower()


def _x509_key(header: dict[str, Any], dns_name: str, trust: Store, now: datetime) -> PublicKey:
    chain = header.get("x5c")
    if not isinstance(chain, list) or not chain or not all(isinstance(c, str) for c in chain):
        raise _refuse("The request is not signed with a certificate (x5c is missing).")
    try:
        certificates = [
            x509.load_der_x509_certificate(base64.b64decode(c, validate=True)) for c in chain
        ]
        verifier = (
            PolicyBuilder()
            .store(trust)
            .time(now.replace(tzinfo=None))
            .build_server_verifier(x509.DNSName(dns_name))
        )
        verifier.verify(certificates[0], certificates[1:])
    except (ValueError, VerificationError) as exc:
        raise _refuse(f"The verifier's certificate is not trusted for {dns_name}: {exc}") from exc
    key = certificates[0].public_key()
    if isinstance(key, ec.EllipticCurvePublicKey) and isinstance(key.curve, ec.SECP256R1):
        return public_key_from_raw(
            "P-256", key.public_bytes(Encoding.X962, PublicFormat.CompressedPoint)
        )
    if isinstance(key, ed25519.Ed25519PublicKey):
        return public_key_from_raw("Ed25519", key.public_bytes(Encoding.Raw, PublicFormat.Raw))
    raise _refuse("The verifier's certificate key is not P-256 or Ed25519.")


def _signer_key(
    header: dict[str, Any], scheme: str, name: str, *, key_of: KeyOf, trust: Store, now: datetime
) -> PublicKey:
    """The key a signed request must verify with: the certificate's, or the DID's."""
    if scheme == X509_SAN_DNS:
        return _x509_key(header, name, trust, now)
    kid = header.get("kid")
    if not isinstance(kid, str) or kid.partition("#")[0] != name:
        raise _refuse("The request is not signed with a key of the verifier's DID.")
    try:
        return key_of(kid)
    except Exception as exc:  # the resolver fetches: any failure means no key
        raise _refuse(f"The verifier's key cannot be found: {exc}") from exc


def _claims(
    jwt: str, scheme: str, client_id: str, *, key_of: KeyOf, trust: Store, now: datetime
) -> dict[str, Any]:
    """The request object's claims, with its signature checked as ``scheme`` demands."""
    parts = jwt.strip().split(".")
    if len(parts) != 3 or not all(parts[:2]):  # noqa: PLR2004 - header.payload.signature
        raise _refuse("This is not a presentation request.")
    if scheme == REDIRECT_URI:
        if parts[2]:
            raise _refuse("A redirect_uri: request must not be signed; this one is.")
        return oid4vp.read_request_object(jwt.strip())
    try:
        jws = parse_compact(jwt, "request object")
    except CredentialError as exc:
        raise _refuse(f"The request cannot be read: {exc}") from exc
    if jws.header.get("typ") != oid4vp.REQUEST_TYP:
        raise _refuse("This is not a presentation request.")
    name = client_id.partition(":")[2]
    key = _signer_key(jws.header, scheme, name, key_of=key_of, trust=trust, now=now)
    try:
        good = key.fits(jws.alg) and jws.verify(key)
    except CredentialError:
        good = False
    if not good:
        raise _refuse("The request's signature is not valid.")
    return jws.payload


def _query(
    claims: dict[str, Any],
) -> tuple[str, tuple[tuple[str, ...], ...], tuple[str, ...] | None]:
    query = claims.get("dcql_query")
    credentials = query.get("credentials") if isinstance(query, dict) else None
    if not isinstance(credentials, list) or len(credentials) != 1:
        raise _refuse("Kunde's wallet answers requests for exactly one credential.")
    wanted = credentials[0]
    if not isinstance(wanted, dict) or wanted.get("format") != SD_JWT_VC:
        raise _refuse("Kunde's wallet shows SD-JWT VC credentials (dc+sd-jwt) only.")
    query_id = wanted.get("id")
    if not isinstance(query_id, str) or not query_id:
        raise _refuse("The request's credential query has no id.")
    paths = tuple(oid4vp.requested_paths({"credentials": [wanted]}))
    if not paths or any(not p for p in paths):
        raise _refuse("The request does not say which fields it wants.")
    meta = wanted.get("meta")
    vct = meta.get("vct_values") if isinstance(meta, dict) else None
    vct_values = tuple(str(v) for v in vct) if isinstance(vct, list) else None
    return query_id, paths, vct_values


def _purpose(claims: dict[str, Any]) -> tuple[str, str | None]:
    """The purpose in the verifier's words, and a Kunde verifier's purpose kind."""
    kunde = claims.get("kunde_purpose")
    if isinstance(kunde, dict) and isinstance(kunde.get("kind"), str):
        detail = str(kunde.get("detail", "")).strip()
        return (detail or kunde["kind"])[:300], kunde["kind"]
    sets = claims.get("dcql_query", {}).get("credential_sets")
    if isinstance(sets, list) and sets and isinstance(sets[0], dict):
        return str(sets[0].get("purpose", ""))[:300], None
    return "", None


def read_request(
    jwt: str,
    *,
    link: oid4vp.RequestLink,
    now: datetime,
    key_of: KeyOf,
    trust: Store,
    leeway: int = 60,
) -> OutsideRequest:
    """Check a request object fetched from ``link.request_uri``; :class:`InvalidInput` says
    plainly what is wrong (oversize, unsigned when it must be signed, wrong nonce, ...)."""
    if len(jwt.encode()) > MAX_REQUEST_BYTES:
        raise _refuse("The request is too large to be a presentation request.")
    scheme = scheme_of(link.client_id)
    claims = _claims(jwt, scheme, link.client_id, key_of=key_of, trust=trust, now=now)
    if claims.get("client_id") != link.client_id:
        raise _refuse("The request does not match its link (client_id).")
    if claims.get("response_type") != "vp_token":
        raise _refuse("This request does not ask for a presentation (response_type).")
    if claims.get("response_mode") != "direct_post":
        raise _refuse(
            "Kunde's wallet answers with response_mode direct_post only; this request wants "
            "another."
        )
    nonce, response_uri = claims.get("nonce"), claims.get("response_uri")
    if not isinstance(nonce, str) or not nonce or len(nonce) > 500:  # noqa: PLR2004
        raise _refuse("The request has no usable nonce.")
    if not isinstance(response_uri, str) or urlsplit(response_uri).scheme not in {"https", "http"}:
        raise _refuse("The request does not say where to send the answer (response_uri).")
    exp, iat = claims.get("exp"), claims.get("iat")
    if isinstance(exp, int | float) and exp < now.timestamp() - leeway:
        raise _refuse("This request has expired. Ask the verifier for a new one.")
    if isinstance(iat, int | float) and iat > now.timestamp() + leeway:
        raise _refuse("This request is dated in the future.")
    _check_response_uri(scheme, link, response_uri)
    query_id, paths, vct_values = _query(claims)
    state = claims.get("state")
    purpose_text, purpose_kind = _purpose(claims)
    metadata = claims.get("client_metadata")
    name = metadata.get("client_name") if isinstance(metadata, dict) else None
    return OutsideRequest(
        client_id=link.client_id,
        scheme=scheme,
        verifier_name=str(name)[:200] if isinstance(name, str) and name else _host(response_uri),
        verifier_host=_host(response_uri),
        response_uri=response_uri,
        nonce=nonce,
        state=state if isinstance(state, str) else None,
        query_id=query_id,
        paths=paths,
        vct_values=vct_values,
        purpose_text=purpose_text,
        purpose_kind=purpose_kind,
    )


def _check_response_uri(scheme: str, link: oid4vp.RequestLink, response_uri: str) -> None:
    name = link.client_id.partition(":")[2]
    if scheme == REDIRECT_URI:
        allowed = response_uri == name
    elif scheme == X509_SAN_DNS:
        allowed = _host(response_uri) == name.lower()
    else:
        allowed = _host(response_uri) == _host(link.request_uri)
    if not allowed:
        raise _refuse(
            f"The answer would go to {response_uri}, which does not match the verifier's "
            "identifier. Kunde's wallet does not send it there."
        )


@functools.lru_cache(maxsize=4)
def trust_store(pem_files: tuple[str, ...]) -> Store:
    """The roots certificate chains must lead to, from PEM files (read once)."""
    roots: list[x509.Certificate] = []
    for name in pem_files:
        with open(name, "rb") as handle, warnings.catch_warnings():  # noqa: PTH123 - plain read
            # Public bundles hold a few old roots with non-positive serial numbers.
            warnings.simplefilter("ignore")
            roots += x509.load_pem_x509_certificates(handle.read())
    return Store(roots)


__all__ = [
    "DID",
    "MAX_REQUEST_BYTES",
    "REDIRECT_URI",
    "SCHEMES",
    "X509_SAN_DNS",
    "OutsideRequest",
    "read_request",
    "scheme_of",
    "trust_store",
]
