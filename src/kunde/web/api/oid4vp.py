"""OpenID4VP 1.0 (DCQL, SD-JWT VC): the verifier's request, request object and response
endpoint, and Kunde's wallet answering a request. Checks live in
:mod:`kunde.sharing.presentations`."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Form
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from kunde.sharing import presentations
from kunde.sharing.model import Purpose, PurposeKind
from kunde.sharing.presentations import PresentationRequest
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, UowDep
from kunde.web.issuing import FetcherDep, SiteDep, TrustDep
from kunde.web.qr import qr_svg

router = APIRouter(prefix="/oid4vp", tags=["OpenID4VP"])
NO_STORE = {"Cache-Control": "no-store"}


class PurposeIn(BaseModel):
    kind: PurposeKind
    detail: str = Field(default="", max_length=200)


class RequestIn(BaseModel):
    organisation_id: str = Field(max_length=36)
    claims: list[str] = Field(min_length=1, max_length=10)
    purpose: PurposeIn


class AnswerIn(BaseModel):
    link: str = Field(max_length=2000)
    credential_id: str = Field(max_length=36)


def request_json(found: PresentationRequest) -> dict[str, Any]:
    return {
        "id": found.id,
        "organisation_id": found.organisation_id,
        "organisation_name": found.organisation_name,
        "purpose": {"kind": found.purpose.kind.value, "detail": found.purpose.detail},
        "claims": list(found.claims),
        "client_id": found.client_id,
        "request_uri": found.request_uri,
        "link": found.link,
        "created_at": found.created_at.isoformat(),
        "expires_at": found.expires_at.isoformat(),
        "answered_at": found.answered_at.isoformat() if found.answered_at else None,
        "result": found.result,
    }


@router.post("/requests", status_code=201)
def create_request(
    payload: RequestIn, uow: UowDep, account: CurrentAccount, site: SiteDep
) -> dict[str, Any]:
    """As a member of the organisation: ask for a skills credential with chosen claims.
    The answer holds the ``openid4vp://`` link and its QR code (SVG)."""
    found = presentations.create_request(
        uow,
        actor_id=account.id,
        organisation_id=payload.organisation_id,
        claims=payload.claims,
        purpose=Purpose(payload.purpose.kind, payload.purpose.detail),
        site=site,
        nonce=secrets.token_urlsafe(32),
        state=secrets.token_urlsafe(32),
        now=security.now(),
    )
    return {**request_json(found), "qr_svg": qr_svg(found.link)}


@router.get("/requests/{request_id}")
def show_request(
    request_id: str, uow: UowDep, account: CurrentAccount, site: SiteDep
) -> JSONResponse:
    """As a member of the organisation: the request, and the checked result once answered."""
    found = presentations.request(
        uow, actor_id=account.id, request_id=request_id, base_url=site.base_url
    )
    return JSONResponse(request_json(found), headers=NO_STORE)


@router.get("/requests/{request_id}/object")
def request_object(request_id: str, uow: UowDep, site: SiteDep) -> Response:
    """The request object (``request_uri``), only while the request is open: a JWT signed
    by the organisation's did:web key (client id ``decentralized_identifier:``), or on a
    plain-http instance an unsigned one, as the ``redirect_uri:`` prefix requires."""
    jwt = presentations.request_jwt(uow, site, request_id, now=security.now())
    return Response(jwt, media_type="application/oauth-authz-req+jwt", headers=NO_STORE)


@router.post("/responses/{request_id}")
def response(
    request_id: str,
    uow: UowDep,
    site: SiteDep,
    trust: TrustDep,
    vp_token: Annotated[str, Form(max_length=100_000)],
    state: Annotated[str | None, Form(max_length=100)] = None,
) -> JSONResponse:
    """The ``direct_post`` response endpoint: checks the VP token against this request
    (nonce once, client id, only asked claims). ``{}`` when accepted; RFC 9457 otherwise."""
    presentations.receive(
        uow,
        site,
        request_id=request_id,
        vp_token=vp_token,
        state=state,
        trust=trust,
        now=security.now(),
    )
    return JSONResponse({}, headers=NO_STORE)


@router.get("/consent")
def consent(
    link: str,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    keys: KeysDep,
    fetcher: FetcherDep,
) -> dict[str, Any]:
    """As the holder: who asks, why, which fields, and the wallet credentials that fit.
    A request from another host is fetched and checked first (``checked_as`` says how the
    verifier was identified, ``host`` where the answer would go)."""
    found = presentations.consent(
        uow, site, holder_id=account.id, link=link, keys=keys, now=security.now(), fetcher=fetcher
    )
    purpose = found.purpose
    return {
        "request_id": found.request_id or None,
        "verifier": found.verifier,
        "purpose": {"kind": purpose.kind.value, "detail": purpose.detail} if purpose else None,
        "purpose_words": found.purpose_words,
        "host": found.host,
        "checked_as": found.checked_as,
        "claims": list(found.claims),
        "credentials": [{"id": e.id, "title": e.title} for e in found.credentials],
    }


@router.post("/presentations")
def answer(
    payload: AnswerIn,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    keys: KeysDep,
    trust: TrustDep,
    fetcher: FetcherDep,
) -> dict[str, Any]:
    """As the holder: present a wallet credential to the verifier of the link — on this
    instance, or on another host (posted to its ``response_uri``; ``redirect_uri`` is where
    that verifier asks the holder to continue, if anywhere)."""
    sent = presentations.answer(
        uow,
        site,
        holder_id=account.id,
        link=payload.link,
        entry_id=payload.credential_id,
        keys=keys,
        trust=trust,
        now=security.now(),
        fetcher=fetcher,
    )
    return {"status": "sent", "redirect_uri": sent.get("redirect_uri")}
