"""OpenID for Verifiable Presentations 1.0 with DCQL, for SD-JWT VC (``dc+sd-jwt``): the
request object, the ``openid4vp://`` link, the VP token, and the check that a presentation
discloses nothing beyond what was asked. Pure functions; no storage, no HTTP.

Choices (see docs/sharing.md):

* Client identifier prefix ``decentralized_identifier:`` on an https instance: the client id
  names the verifier organisation's did:web, and the request object served at
  ``request_uri`` is a JWT (``typ: oauth-authz-req+jwt``) signed with the organisation's
  ES256 key, ``kid`` a DID URL of that DID, so a wallet resolves the key from the DID
  document Kunde serves. A did:web can only name an https location, so an instance on plain
  http (development) uses ``redirect_uri:`` instead: the client id is ``redirect_uri:``
  followed by the response URI, and the spec requires such requests to be unsigned
  (``alg: none``).
* ``response_mode=direct_post``: the wallet posts ``vp_token`` (a JSON object keyed by the
  DCQL credential query id, each value a list of presentations) and ``state`` as a form.
* The key-binding JWT's ``aud`` is the full client id, its ``nonce`` the request's nonce.
* ``kunde_purpose`` (an extension parameter, ignored by other wallets) carries the purpose the
  verifier chose, so Kunde's wallet can show it on the consent screen.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlencode, urlsplit

from kunde.credentials._jws import sign_compact
from kunde.credentials.sd_jwt_vc import TYP as SD_JWT_VC
from kunde.credentials.sdjwt import parse_sd_jwt, reveal
from kunde.errors import InvalidInput

if TYPE_CHECKING:
    from kunde.credentials.keys import KeyPair

CLIENT_ID_PREFIX = "redirect_uri:"
DID_CLIENT_ID_PREFIX = "decentralized_identifier:"
REQUEST_TYP = "oauth-authz-req+jwt"
SCHEME = "openid4vp://"
QUERY_ID = "skills"
ALGORITHMS = ["ES256", "EdDSA"]
# Claims of a Kunde skills credential a verifier can ask for, with their DCQL paths.
CLAIMS: dict[str, list[str | int | None]] = {
    "skills": ["skills"],
    "title": ["title"],
    "kind": ["kind"],
    "assessment": ["assessment"],
    "given_name": ["given_name"],
    "family_name": ["family_name"],
}


@dataclass(frozen=True)
class RequestLink:
    """What an ``openid4vp://`` link names: the client id and where the request object is."""

    client_id: str
    request_uri: str


def client_id(response_uri: str) -> str:
    return CLIENT_ID_PREFIX + response_uri


def did_client_id(did: str) -> str:
    """The client id of a verifier identified by its DID."""
    return DID_CLIENT_ID_PREFIX + did


def dcql_query(claims: Sequence[str], vct: str) -> dict[str, Any]:
    """One credential query (id :data:`QUERY_ID`) for a skills credential of type ``vct``
    with the chosen claims only."""
    unknown = [c for c in claims if c not in CLAIMS]
    if unknown or not claims:
        raise InvalidInput(
            "Choose at least one thing to ask for.",
            details={"field": "claims", "allowed": list(CLAIMS)},
        )
    return {
        "credentials": [
            {
                "id": QUERY_ID,
                "format": SD_JWT_VC,
                "meta": {"vct_values": [vct]},
                "claims": [{"path": CLAIMS[c]} for c in dict.fromkeys(claims)],
            }
        ]
    }


def requested_paths(query: dict[str, Any]) -> list[tuple[str, ...]]:
    """The claim paths of the query as tuples of names; a ``null`` (every element) or an
    index ends the path there (everything below is covered)."""
    paths = []
    for credential in query.get("credentials", []):
        for claim in credential.get("claims", []):
            path: list[str] = []
            for part in claim.get("path", []):
                if not isinstance(part, str):
                    break
                path.append(part)
            paths.append(tuple(path))
    return paths


def request_object(
    *,
    response_uri: str,
    nonce: str,
    state: str,
    query: dict[str, Any],
    client_name: str,
    purpose: dict[str, str],
    now: datetime,
    expires_at: datetime,
    client: str | None = None,
) -> dict[str, Any]:
    """The authorisation request's parameters (the request object's claims); ``client`` is
    the client id (default: ``redirect_uri:`` and the response URI)."""
    return {
        "client_id": client or client_id(response_uri),
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": nonce,
        "state": state,
        "dcql_query": query,
        "client_metadata": {
            "client_name": client_name,
            "vp_formats_supported": {
                SD_JWT_VC: {"sd-jwt_alg_values": ALGORITHMS, "kb-jwt_alg_values": ALGORITHMS}
            },
        },
        "kunde_purpose": purpose,
        "aud": "https://self-issued.me/v2",
        "iat": int(now.timestamp()),
        "exp": int(expires_at.timestamp()),
    }


def _b64(data: dict[str, Any]) -> str:
    raw = json.dumps(data, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _unb64(text: str) -> Any:
    return json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))


def unsigned_jwt(claims: dict[str, Any]) -> str:
    """An unsigned JWT (``alg: none``): ``redirect_uri:`` requests must not be signed."""
    return f"{_b64({'alg': 'none', 'typ': REQUEST_TYP})}.{_b64(claims)}."


def signed_jwt(claims: dict[str, Any], key: KeyPair) -> str:
    """A request object signed with ``key`` (its ``kid``, a DID URL, goes in the header)."""
    if not key.kid:
        raise ValueError("a signed request object names its key (kid)")
    return sign_compact({"typ": REQUEST_TYP}, claims, key)


def read_request_object(jwt: str) -> dict[str, Any]:
    """The claims of a request object as served; :class:`InvalidInput` when unreadable."""
    try:
        header_b64, payload_b64, _signature = jwt.split(".")
        header, payload = _unb64(header_b64), _unb64(payload_b64)
    except ValueError:
        raise InvalidInput(
            "This is not a presentation request.", details={"field": "link"}
        ) from None
    if not isinstance(payload, dict) or header.get("typ") != REQUEST_TYP:
        raise InvalidInput("This is not a presentation request.", details={"field": "link"})
    return payload


def link(client: str, request_uri: str) -> str:
    """The request by reference: ``openid4vp://?client_id=...&request_uri=...``."""
    return SCHEME + "?" + urlencode({"client_id": client, "request_uri": request_uri})


def parse_link(text: str) -> RequestLink:
    """Read an ``openid4vp://`` link (or any URL with the same query parameters)."""
    query = parse_qs(urlsplit(text.strip()).query)
    client = query.get("client_id", [""])[0]
    request_uri = query.get("request_uri", [""])[0]
    if not client or not request_uri:
        raise InvalidInput(
            "This is not a presentation request link. It starts with openid4vp://",
            details={"field": "link"},
        )
    return RequestLink(client, request_uri)


def vp_token(presentation: str) -> dict[str, list[str]]:
    return {QUERY_ID: [presentation]}


def read_vp_token(raw: str) -> str:
    """The one presentation of the ``vp_token`` form field, for credential query
    :data:`QUERY_ID`; :class:`InvalidInput` for any other shape."""
    try:
        token = json.loads(raw)
    except ValueError:
        token = None
    entries = token.get(QUERY_ID) if isinstance(token, dict) else None
    if (
        not isinstance(token, dict)
        or set(token) != {QUERY_ID}
        or not isinstance(entries, list)
        or len(entries) != 1
        or not isinstance(entries[0], str)
    ):
        raise InvalidInput(
            'vp_token must be a JSON object {"skills": ["<SD-JWT VC presentation>"]}.',
            details={"field": "vp_token"},
        )
    return entries[0]


def disclosed_paths(presentation: str) -> list[tuple[str, ...]]:
    """The claim path each disclosure of an SD-JWT presentation reveals."""
    parsed = parse_sd_jwt(presentation)
    payload = _unb64(parsed.jwt.split(".")[1])
    return list(reveal(payload, parsed.disclosures).paths.values())


def beyond_request(
    disclosed: Iterable[tuple[str, ...]], requested: list[tuple[str, ...]]
) -> list[str]:
    """Disclosed paths that no requested path covers (a request for ``skills`` covers each
    skill; a disclosure above a requested claim, needed to reach it, is allowed)."""
    return [
        ".".join(path)
        for path in disclosed
        if not any(path[: len(r)] == r or r[: len(path)] == path for r in requested)
    ]


def disclose_arguments(query: dict[str, Any]) -> list[str]:
    """The requested paths in the form :func:`kunde.credentials.present` takes."""
    return [".".join(path) for path in requested_paths(query)]


__all__ = [
    "CLAIMS",
    "CLIENT_ID_PREFIX",
    "DID_CLIENT_ID_PREFIX",
    "QUERY_ID",
    "RequestLink",
    "beyond_request",
    "client_id",
    "dcql_query",
    "did_client_id",
    "disclose_arguments",
    "disclosed_paths",
    "link",
    "parse_link",
    "read_request_object",
    "read_vp_token",
    "request_object",
    "requested_paths",
    "signed_jwt",
    "unsigned_jwt",
    "vp_token",
]
