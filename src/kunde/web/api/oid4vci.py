"""OpenID4VCI 1.0 endpoints (pre-authorised code flow): offer, token, nonce, credential.

Errors use the OAuth form ``{"error", "error_description"}`` the specifications define,
not problem details, because wallets read them.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Request
from fastapi.responses import JSONResponse

from kunde.issuing import OAuthError, offers
from kunde.web import security
from kunde.web.deps import UowDep
from kunde.web.issuing import SiteDep

router = APIRouter(prefix="/oid4vci", tags=["OpenID4VCI"])
_NO_STORE = {"Cache-Control": "no-store"}


def oauth_error(error: OAuthError) -> JSONResponse:
    status = 401 if error.error == "invalid_token" else 400
    headers = dict(_NO_STORE)
    if status == 401:  # noqa: PLR2004
        headers["WWW-Authenticate"] = f'Bearer error="{error.error}"'
    return JSONResponse(
        {"error": error.error, "error_description": str(error)}, status_code=status, headers=headers
    )


@router.get("/offers/{offer_id}")
def offer(offer_id: str, uow: UowDep, site: SiteDep) -> JSONResponse:
    """The credential offer behind a ``credential_offer_uri``."""
    try:
        document = offers.offer_document(uow, site, offer_id, now=security.now())
    except OAuthError as exc:
        return JSONResponse({"error": exc.error, "error_description": str(exc)}, status_code=404)
    return JSONResponse(document, headers=_NO_STORE)


@router.post("/token")
def token(
    uow: UowDep,
    grant_type: Annotated[str, Form(max_length=200)],
    pre_authorized_code: Annotated[
        str, Form(alias="pre-authorized_code", min_length=1, max_length=200)
    ],
    tx_code: Annotated[str | None, Form(max_length=20)] = None,
) -> JSONResponse:
    """Token endpoint: pre-authorised code (and transaction code) for an access token."""
    try:
        access, expires_in = offers.token(
            uow,
            grant_type=grant_type,
            code=pre_authorized_code,
            tx_code=tx_code,
            now=security.now(),
        )
    except OAuthError as exc:
        return oauth_error(exc)
    return JSONResponse(
        {"access_token": access, "token_type": "Bearer", "expires_in": expires_in},
        headers=_NO_STORE,
    )


@router.post("/nonce")
def nonce(uow: UowDep) -> JSONResponse:
    """Nonce endpoint: a fresh ``c_nonce`` for one key proof."""
    return JSONResponse({"c_nonce": offers.nonce(uow, now=security.now())}, headers=_NO_STORE)


@router.post("/credential")
def credential(
    request: Request, uow: UowDep, site: SiteDep, body: Annotated[dict[str, Any], Body()]
) -> JSONResponse:
    """Credential endpoint: access token (Bearer) and key proof in, signed credential out."""
    access = security.bearer(request)
    if access is None:
        return oauth_error(OAuthError("invalid_token", "Send the access token as a Bearer token."))
    try:
        answer = offers.credential(uow, site, access_token=access, body=body, now=security.now())
    except OAuthError as exc:
        return oauth_error(exc)
    return JSONResponse(answer, headers=_NO_STORE)
