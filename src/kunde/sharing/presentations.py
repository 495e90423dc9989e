"""OpenID4VP use cases: Kunde as verifier (an organisation asks for a skills credential and
checks the answer) and Kunde's wallet as holder (the holder consents and presents).

Verifier: :func:`create_request` stores the request with a fresh nonce and state;
:func:`request_jwt` serves it by reference, signed with the organisation's key under its
did:web on an https instance (client id ``decentralized_identifier:``), unsigned with a
``redirect_uri:`` client id on plain http (see :mod:`.oid4vp`); :func:`receive` checks a
``direct_post`` answer — signature, validity, status, key binding to this request's nonce
and client id, nothing disclosed beyond the query — and accepts one answer per request, so
a replay or an answer made for another request is refused. Holder: :func:`consent` says
who asks, why and for which fields, with the wallet's credentials that fit; :func:`answer`
presents one and writes it to the holder's access log. Requests from other hosts are
answered through :mod:`.outside_presentations` when the caller passes the guarded fetcher.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.credentials import present
from kunde.credentials.sd_jwt_vc import KUNDE_SKILLS_VCT
from kunde.db.base import utc
from kunde.errors import InvalidInput, NotFound
from kunde.issuing import issuers, verification
from kunde.issuing.model import organisation_did
from kunde.sharing import gate, oid4vp, outside_presentations
from kunde.sharing.model import AccessAction, ItemKind, Purpose, PurposeKind, SharedItem, clean_text
from kunde.sharing.store import PresentationRequestRow, SharingStore
from kunde.wallet import service as wallet

if TYPE_CHECKING:
    from kunde.db.session import UnitOfWork
    from kunde.fetching import Fetcher
    from kunde.issuing.model import Site
    from kunde.issuing.verification import TrustSettings
    from kunde.passport import KeyRing
    from kunde.wallet.service import WalletEntry

LIFETIME = timedelta(minutes=30)
API = "/api/v1/oid4vp"
# Checks that must pass; trust is reported but an untrusted issuer is the verifier's call.
REQUIRED = ("format", "issuer_key", "signature", "disclosures", "validity", "holder_binding")


@dataclass(frozen=True)
class PresentationRequest:
    """A request as its organisation sees it; ``result`` once answered."""

    id: str
    organisation_id: str
    organisation_name: str
    purpose: Purpose
    claims: tuple[str, ...]
    client_id: str
    request_uri: str
    link: str
    created_at: datetime
    expires_at: datetime
    answered_at: datetime | None
    result: dict[str, Any] | None


def _uris(base_url: str, request_id: str) -> tuple[str, str]:
    base = base_url.rstrip("/") + API
    return f"{base}/responses/{request_id}", f"{base}/requests/{request_id}/object"


def signs_requests(base_url: str) -> bool:
    """True when this instance signs its request objects: a did:web names an https
    location, so only an https instance can be identified by its organisations' DIDs."""
    return base_url.startswith("https://")


def _client_id(base_url: str, row: PresentationRequestRow) -> str:
    """The verifier's client id: its organisation's DID, or (plain http) the response URI."""
    if signs_requests(base_url):
        return oid4vp.did_client_id(organisation_did(base_url, row.organisation_id))
    return oid4vp.client_id(_uris(base_url, row.id)[0])


def _model(uow: UnitOfWork, row: PresentationRequestRow, base_url: str) -> PresentationRequest:
    _, request_uri = _uris(base_url, row.id)
    client = _client_id(base_url, row)
    claims = tuple(
        name
        for name, path in oid4vp.CLAIMS.items()
        if {"path": path} in row.query["credentials"][0]["claims"]
    )
    return PresentationRequest(
        id=row.id,
        organisation_id=row.organisation_id,
        organisation_name=accounts.organisation(uow, row.organisation_id).name,
        purpose=Purpose(PurposeKind(row.purpose), row.purpose_detail),
        claims=claims,
        client_id=client,
        request_uri=request_uri,
        link=oid4vp.link(client, request_uri),
        created_at=utc(row.created_at),
        expires_at=utc(row.expires_at),
        answered_at=utc(row.answered_at) if row.answered_at else None,
        result=row.result,
    )


def _member(uow: UnitOfWork, actor_id: str, organisation_id: str) -> None:
    if not any(m.organisation.id == organisation_id for m in accounts.memberships(uow, actor_id)):
        raise NotFound("There is no such organisation.", details={"field": "organisation_id"})


def create_request(
    uow: UnitOfWork,
    *,
    actor_id: str,
    organisation_id: str,
    claims: list[str],
    purpose: Purpose,
    site: Site,
    nonce: str,
    state: str,
    now: datetime,
) -> PresentationRequest:
    """A member of ``organisation_id`` asks for a Kunde skills credential with ``claims``;
    ``nonce`` and ``state`` come from the caller (random, single use). Valid 30 minutes.
    The organisation gets signing keys (and so a DID document) if it has none yet."""
    _member(uow, actor_id, organisation_id)
    detail = clean_text(purpose.detail, "purpose.detail")
    if purpose.kind is PurposeKind.VACANCY and not detail:
        raise InvalidInput("Name the vacancy.", details={"field": "purpose.detail"})
    row = PresentationRequestRow(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        created_by=actor_id,
        nonce=nonce,
        state=state,
        query=oid4vp.dcql_query(claims, KUNDE_SKILLS_VCT),
        purpose=purpose.kind.value,
        purpose_detail=detail,
        created_at=now,
        expires_at=now + LIFETIME,
        answered_at=None,
        holder_id=None,
        result=None,
    )
    SharingStore(uow.session).add(row)
    if signs_requests(site.base_url):
        issuers.ensure_keys(uow, site, organisation_id, now)
    uow.commit()
    return _model(uow, row, site.base_url)


def _open_row(
    uow: UnitOfWork, request_id: str, now: datetime, *, lock: bool = False
) -> PresentationRequestRow:
    row = SharingStore(uow.session).presentation_request(request_id, lock=lock)
    if row is None:
        raise NotFound("There is no such presentation request.")
    if row.answered_at is not None:
        raise InvalidInput("This request was answered already; a request is answered once.")
    if utc(row.expires_at) <= now:
        raise InvalidInput("This request has expired. Ask for a new one.")
    return row


def request_claims(
    uow: UnitOfWork, request_id: str, *, base_url: str, now: datetime
) -> dict[str, Any]:
    """The request object's claims, while the request is open."""
    row = _open_row(uow, request_id, now)
    response_uri, _ = _uris(base_url, row.id)
    return oid4vp.request_object(
        client=_client_id(base_url, row),
        response_uri=response_uri,
        nonce=row.nonce,
        state=row.state,
        query=row.query,
        client_name=accounts.organisation(uow, row.organisation_id).name,
        purpose={"kind": row.purpose, "detail": row.purpose_detail},
        now=now,
        expires_at=utc(row.expires_at),
    )


def request_jwt(uow: UnitOfWork, site: Site, request_id: str, *, now: datetime) -> str:
    """The request object served at ``request_uri``: signed with the organisation's current
    ES256 key on an https instance, unsigned on plain http (see :mod:`.oid4vp`)."""
    claims = request_claims(uow, request_id, base_url=site.base_url, now=now)
    if not signs_requests(site.base_url):
        return oid4vp.unsigned_jwt(claims)
    row = _open_row(uow, request_id, now)
    return oid4vp.signed_jwt(claims, issuers.signing_key(uow, site, row.organisation_id, "ES256"))


def receive(
    uow: UnitOfWork,
    site: Site,
    *,
    request_id: str,
    vp_token: str,
    state: str | None,
    trust: TrustSettings,
    now: datetime,
) -> dict[str, Any]:
    """Check a ``direct_post`` answer to request ``request_id`` and keep its result.

    Raises :class:`InvalidInput` (nothing stored, the request stays open) for a wrong state,
    a malformed token, a failed check — such as a key binding made for another request's
    nonce or client id — or claims beyond the query; and for an answered or expired request
    (replay). Commits the result; returns it.
    """
    result = _receive(
        uow, site, request_id=request_id, vp_token=vp_token, state=state, trust=trust, now=now
    )
    uow.commit()
    return result


def _receive(
    uow: UnitOfWork,
    site: Site,
    *,
    request_id: str,
    vp_token: str,
    state: str | None,
    trust: TrustSettings,
    now: datetime,
    holder_id: str | None = None,
) -> dict[str, Any]:
    """:func:`receive` without the commit, so the holder's log entry joins the transaction."""
    row = _open_row(uow, request_id, now, lock=True)
    if state != row.state:
        raise InvalidInput(
            "This answer is for another request (state).", details={"field": "state"}
        )
    presentation = oid4vp.read_vp_token(vp_token)
    report = verification.verify(
        uow, site, presentation, trust=trust, now=now,
        nonce=row.nonce, audience=_client_id(site.base_url, row),
    )  # fmt: skip
    checks = {c.name: c.ok for c in report.checks}
    failed = [n for n in REQUIRED if checks.get(n) is not True] + [
        n for n in ("status", "type") if checks.get(n) is False
    ]
    if failed or report.format != "sd-jwt-vc":
        details = {c.name: c.detail for c in report.checks if c.ok is False}
        raise InvalidInput(
            "The presentation did not pass the checks: " + ", ".join(failed or ["format"]) + ".",
            details={"field": "vp_token", "checks": details},
        )
    extra = oid4vp.beyond_request(
        oid4vp.disclosed_paths(presentation), oid4vp.requested_paths(row.query)
    )
    if extra:
        raise InvalidInput(
            "The presentation shows more than was asked for: " + ", ".join(extra) + ".",
            details={"field": "vp_token"},
        )
    result = {
        "valid": True,
        "issuer": report.issuer,
        "checks": [{"name": c.name, "ok": c.ok, "detail": c.detail} for c in report.checks],
        "claims": report.claims or {},
    }
    row.answered_at = now
    row.holder_id = holder_id
    row.result = result
    return result


def requests(
    uow: UnitOfWork, *, actor_id: str, organisation_id: str, base_url: str
) -> list[PresentationRequest]:
    """The organisation's requests, newest first (members only)."""
    _member(uow, actor_id, organisation_id)
    rows = SharingStore(uow.session).presentation_requests(organisation_id)
    return [_model(uow, row, base_url) for row in rows]


def request(
    uow: UnitOfWork, *, actor_id: str, request_id: str, base_url: str
) -> PresentationRequest:
    """One request with its result, for members of the organisation that made it."""
    row = SharingStore(uow.session).presentation_request(request_id)
    if row is None:
        raise NotFound("There is no such presentation request.")
    _member(uow, actor_id, row.organisation_id)
    return _model(uow, row, base_url)


# --- the holder's side ----------------------------------------------------------------------
@dataclass(frozen=True)
class Consent:
    """What the holder is asked: who, why, which fields, and the credentials that fit.

    For a verifier on another host ``request_id`` is empty, ``purpose`` is None and
    ``purpose_words`` holds its own words; ``host`` is where the answer goes and
    ``checked_as`` how the verifier's identity was checked (``local`` on this instance,
    else the client identifier prefix). ``claims`` names paths not in :data:`oid4vp.CLAIMS`
    as dotted paths.
    """

    request_id: str
    verifier: str
    purpose: Purpose | None
    claims: tuple[str, ...]
    credentials: tuple[WalletEntry, ...]
    host: str = ""
    checked_as: str = "local"
    purpose_words: str = ""


def is_local(site: Site, text: str) -> bool:
    """True when the link names a request made on this instance."""
    found = oid4vp.parse_link(text)
    return found.request_uri.startswith(site.base_url.rstrip("/") + API + "/requests/")


def _outside_consent(found: outside_presentations.OutsideConsent) -> Consent:
    names = {tuple(p for p in path if isinstance(p, str)): n for n, path in oid4vp.CLAIMS.items()}
    request = found.request
    kinds = {kind.value: kind for kind in PurposeKind}
    kind = kinds.get(request.purpose_kind or "")
    detail = request.purpose_text if request.purpose_text != request.purpose_kind else ""
    return Consent(
        request_id="",
        verifier=request.verifier_name,
        purpose=Purpose(kind, detail) if kind else None,
        claims=tuple(names.get(path, ".".join(path)) for path in request.paths),
        credentials=found.credentials,
        host=request.verifier_host,
        checked_as=request.scheme,
        purpose_words=request.purpose_text,
    )


def _local_request(
    uow: UnitOfWork, site: Site, text: str, now: datetime
) -> tuple[str, dict[str, Any]]:
    """The id and claims of a request made on this instance, from its ``openid4vp://`` link."""
    found = oid4vp.parse_link(text)
    prefix = site.base_url.rstrip("/") + API + "/requests/"
    request_id = found.request_uri.removeprefix(prefix).removesuffix("/object")
    if not found.request_uri.startswith(prefix) or "/" in request_id:
        raise InvalidInput(
            "For now Kunde's wallet can only answer requests made on this Kunde instance.",
            details={"field": "link"},
        )
    claims = request_claims(uow, request_id, base_url=site.base_url, now=now)
    if found.client_id != claims["client_id"]:
        raise InvalidInput("The link does not match its request.", details={"field": "link"})
    return request_id, claims


def _fits(entry: WalletEntry) -> bool:
    return entry.format == "sd-jwt-vc" and isinstance(entry.credential, str)


def consent(
    uow: UnitOfWork,
    site: Site,
    *,
    holder_id: str,
    link: str,
    keys: KeyRing,
    now: datetime,
    fetcher: Fetcher | None = None,
) -> Consent:
    """Who asks, why, for which fields; a request from another host is fetched (and
    checked) through ``fetcher`` when one is given."""
    if fetcher is not None and not is_local(site, link):
        return _outside_consent(
            outside_presentations.consent(
                uow, fetcher, holder_id=holder_id, link=link, keys=keys, now=now
            )
        )
    request_id, claims = _local_request(uow, site, link, now)
    found = [
        e
        for e in wallet.entries(uow, actor_id=holder_id, holder_id=holder_id, keys=keys)
        if _fits(e)
    ]
    purpose = claims["kunde_purpose"]
    asked = tuple(
        name
        for name, path in oid4vp.CLAIMS.items()
        if {"path": path} in claims["dcql_query"]["credentials"][0]["claims"]
    )
    return Consent(
        request_id,
        claims["client_metadata"]["client_name"],
        Purpose(PurposeKind(purpose["kind"]), purpose["detail"]),
        asked,
        tuple(found),
    )


def answer(
    uow: UnitOfWork,
    site: Site,
    *,
    holder_id: str,
    link: str,
    entry_id: str,
    keys: KeyRing,
    trust: TrustSettings,
    now: datetime,
    fetcher: Fetcher | None = None,
) -> dict[str, Any]:
    """Present wallet credential ``entry_id`` with only the asked claims, bound to the
    request's nonce and client id, to the verifier on this instance — or, with ``fetcher``,
    to a verifier on another host; log it for the holder."""
    if fetcher is not None and not is_local(site, link):
        return outside_presentations.answer(
            uow, fetcher, holder_id=holder_id, link=link, entry_id=entry_id, keys=keys, now=now
        )
    request_id, claims = _local_request(uow, site, link, now)
    entry = wallet.entry(uow, actor_id=holder_id, holder_id=holder_id, entry_id=entry_id, keys=keys)
    key = wallet.holder_key(
        uow, actor_id=holder_id, holder_id=holder_id, entry_id=entry_id, keys=keys
    )
    if not _fits(entry) or key is None:
        raise InvalidInput(
            "This credential cannot be shown this way. Choose one you received in Kunde's wallet.",
            details={"field": "credential"},
        )
    presentation = present(
        str(entry.credential),
        disclose=oid4vp.disclose_arguments(claims["dcql_query"]),
        holder_key=key,
        nonce=claims["nonce"],
        audience=claims["client_id"],
        now=now,
    )
    result = _receive(
        uow, site,
        request_id=request_id, vp_token=json.dumps(oid4vp.vp_token(presentation)),
        state=claims["state"], trust=trust, now=now, holder_id=holder_id,
    )  # fmt: skip
    row = SharingStore(uow.session).presentation_request(request_id)
    assert row is not None  # noqa: S101 - receive() just answered it
    gate.append(
        uow,
        holder_id=holder_id,
        actor_id=None,
        action=AccessAction.PRESENT,
        now=now,
        organisation_id=row.organisation_id,
        items=(SharedItem(ItemKind.CREDENTIAL, entry_id),),
        purpose=Purpose(PurposeKind(row.purpose), row.purpose_detail),
    )
    uow.commit()
    return result


__all__ = [
    "Consent",
    "PresentationRequest",
    "answer",
    "consent",
    "create_request",
    "is_local",
    "receive",
    "request",
    "request_claims",
    "request_jwt",
    "requests",
    "signs_requests",
]
