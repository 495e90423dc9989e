"""Issuing and verifying credentials: offers, the issuing register, revocation, key
rotation and the verifier. Issuing routes are for members of the issuing organisation."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from kunde.credentials import vct_schemas
from kunde.errors import InvalidInput
from kunde.issuing import CredentialStatus, OfferRequest, issuers, offers, status, verification
from kunde.web import security
from kunde.web.deps import CurrentAccount, UowDep
from kunde.web.issuing import SiteDep, TrustDep
from kunde.web.qr import qr_svg_file

router = APIRouter(tags=["credentials"])
MAX_CREDENTIAL_BYTES = 1024 * 1024


class OfferOut(BaseModel):
    id: str
    offer_uri: str
    link: str
    qr_svg: str
    expires_at: datetime
    tx_code: str | None


class IssuedOut(BaseModel):
    id: str
    format: str
    kind: str
    title: str
    status: str
    issued_at: datetime
    expires_at: datetime | None


@router.post("/organisations/{organisation_id}/offers", response_model=OfferOut, status_code=201)
def create_offer(
    organisation_id: str,
    payload: OfferRequest,
    uow: UowDep,
    site: SiteDep,
    account: CurrentAccount,
) -> OfferOut:
    """Offer one credential to a holder; answer with the link, QR code and transaction code."""
    made = offers.create(uow, site, account, organisation_id, payload, now=security.now())
    return OfferOut(
        id=made.id,
        offer_uri=made.offer_uri,
        link=made.link,
        qr_svg=site.url(f"/api/v1/oid4vci/offers/{made.id}/qr.svg"),
        expires_at=made.expires_at,
        tx_code=made.tx_code,
    )


@router.get("/oid4vci/offers/{offer_id}/qr.svg")
def offer_qr(offer_id: str, site: SiteDep) -> Response:
    """The offer link as a QR code (the link itself is what the offer id already grants)."""
    from kunde.credentials.oid4vci import offer_link  # noqa: PLC0415

    return Response(qr_svg_file(offer_link(site.offer_uri(offer_id))), media_type="image/svg+xml")


@router.get("/organisations/{organisation_id}/offers")
def open_offers(
    organisation_id: str, uow: UowDep, site: SiteDep, account: CurrentAccount
) -> list[dict[str, Any]]:
    """Offers not yet redeemed and not expired."""
    found = offers.pending(uow, site, account, organisation_id, now=security.now())
    return [
        {
            "id": o.id,
            "title": o.title,
            "created_at": o.created_at,
            "expires_at": o.expires_at,
            "link": o.link,
        }
        for o in found
    ]


@router.get("/organisations/{organisation_id}/credentials", response_model=list[IssuedOut])
def issued(organisation_id: str, uow: UowDep, account: CurrentAccount) -> list[IssuedOut]:
    """What the organisation issued, newest first, with each credential's status."""
    return [IssuedOut(**vars(i)) for i in offers.issued(uow, account, organisation_id)]


@router.post("/organisations/{organisation_id}/keys/rotate")
def rotate_keys(
    organisation_id: str, uow: UowDep, site: SiteDep, account: CurrentAccount
) -> dict[str, Any]:
    """Make new signing keys (administrators); old keys stay in the DID document."""
    keys = issuers.rotate(uow, site, account, organisation_id, now=security.now())
    return {"did": site.org_did(organisation_id), "keys": [k.kid for k in keys]}


def _change(
    uow: UowDep, account: CurrentAccount, credential_id: str, to: CredentialStatus
) -> dict[str, Any]:
    row = status.change_status(uow, account, credential_id, to, now=security.now())
    return {"id": row.id, "status": row.status, "changed_at": row.status_changed_at}


@router.post("/credentials/{credential_id}/revoke")
def revoke(credential_id: str, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    """Revoke for good; the status list says so at once."""
    return _change(uow, account, credential_id, CredentialStatus.REVOKED)


@router.post("/credentials/{credential_id}/suspend")
def suspend(credential_id: str, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    return _change(uow, account, credential_id, CredentialStatus.SUSPENDED)


@router.post("/credentials/{credential_id}/unsuspend")
def unsuspend(credential_id: str, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    return _change(uow, account, credential_id, CredentialStatus.ACTIVE)


async def credential_from_body(request: Request) -> tuple[str | dict[str, Any], dict[str, Any]]:
    """The credential in a request body: raw SD-JWT text, a JSON credential, or JSON
    ``{"credential": ..., "nonce": ..., "audience": ...}``."""
    raw = await request.body()
    if len(raw) > MAX_CREDENTIAL_BYTES:
        raise InvalidInput("The credential is larger than 1 MB.", details={"field": "credential"})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InvalidInput("Send the credential as UTF-8 text.") from None
    if not text.strip().startswith("{"):
        return verification.parse(text), {}
    try:
        value = json.loads(text)
    except ValueError:
        raise InvalidInput("The body is not valid JSON.", details={"field": "credential"}) from None
    if isinstance(value, dict) and "credential" in value and "proof" not in value:
        inner = value["credential"]
        if not isinstance(inner, str | dict):
            raise InvalidInput("credential must be text or a JSON object.")
        options = {k: value.get(k) for k in ("nonce", "audience") if isinstance(value.get(k), str)}
        return (verification.parse(inner) if isinstance(inner, str) else inner), options
    return value, {}


@router.post(
    "/credentials/verify",
    openapi_extra={
        "requestBody": {
            "content": {
                "application/json": {"schema": {"type": "object"}},
                "text/plain": {"schema": {"type": "string"}},
            }
        }
    },
)
async def verify(request: Request, uow: UowDep, site: SiteDep, trust: TrustDep) -> dict[str, Any]:
    """Verify any supported credential; every check is reported separately.

    Keys and status lists of this instance are read locally; other hosts are fetched only
    when the operator allowed them (``KUNDE_FETCH_ALLOWED_HOSTS``); the report says which.
    """
    credential, options = await credential_from_body(request)
    report = verification.verify(
        uow,
        site,
        credential,
        trust=trust,
        now=security.now(),
        nonce=options.get("nonce"),
        audience=options.get("audience"),
    )
    return report.to_dict()


__all__ = ["credential_from_body", "router"]


@router.get("/schemas/skills-credential-sd-jwt-vc-v1.json", tags=["schemas"])
def skills_credential_schema() -> JSONResponse:
    """JSON Schema of a Kunde skills credential's claims (SD-JWT VC
    ``urn:kunde:vct:skills-credential:1``) after disclosure; verification checks it."""
    return JSONResponse(
        vct_schemas.json_schema(vct_schemas.KUNDE_SKILLS_VCT),
        media_type="application/schema+json",
    )
