"""Public, unauthenticated documents an issuer must serve: DID documents of organisations,
OpenID4VCI and OAuth metadata, JWT VC issuer metadata and the status lists.

Status lists are signed as they are asked for, so a revocation shows at once; they are
sent with a short cache lifetime.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from kunde.issuing import issuers, status
from kunde.issuing.model import authorization_server_metadata, credential_issuer_metadata
from kunde.web import security
from kunde.web.deps import UowDep
from kunde.web.issuing import SiteDep

router = APIRouter(tags=["issuer metadata"])
_SHORT_CACHE = {"Cache-Control": "max-age=60"}


@router.get("/.well-known/openid-credential-issuer")
def openid_credential_issuer(site: SiteDep) -> dict[str, Any]:
    """OpenID4VCI credential issuer metadata of this instance."""
    return credential_issuer_metadata(site)


@router.get("/.well-known/oauth-authorization-server")
def oauth_authorization_server(site: SiteDep) -> dict[str, Any]:
    """The authorisation server metadata (token endpoint of the pre-authorised code flow)."""
    return authorization_server_metadata(site)


@router.get("/.well-known/jwt-vc-issuer/orgs/{organisation_id}")
def jwt_vc_issuer(organisation_id: str, uow: UowDep, site: SiteDep) -> dict[str, Any]:
    """JWT VC issuer metadata of an organisation: its public keys as a JWK Set."""
    issuers.issuing_organisation(uow, organisation_id)  # 404 unless it issues
    issuers.did_document(uow, site, organisation_id)  # 404 before its first key
    return {
        "issuer": site.url(f"/orgs/{organisation_id}"),
        "jwks": issuers.jwks(uow, site, organisation_id),
    }


@router.get("/orgs/{organisation_id}/did.json")
def did_document(organisation_id: str, uow: UowDep, site: SiteDep) -> JSONResponse:
    """The ``did:web`` document of an organisation that issues or asks for presentations
    (current and retired keys)."""
    return JSONResponse(
        issuers.did_document(uow, site, organisation_id),
        media_type="application/did+json",
        headers=_SHORT_CACHE,
    )


@router.get("/status/token/{list_id}")
def token_status_list(list_id: str, uow: UowDep, site: SiteDep) -> Response:
    """An IETF Token Status List (``application/statuslist+jwt``), signed now."""
    token = status.token(uow, site, list_id, now=security.now())
    return Response(token, media_type="application/statuslist+jwt", headers=_SHORT_CACHE)


@router.get("/status/bitstring/{list_id}")
def bitstring_status_list(list_id: str, uow: UowDep, site: SiteDep) -> JSONResponse:
    """A W3C BitstringStatusListCredential, signed now."""
    document = status.bitstring_credential(uow, site, list_id, now=security.now())
    return JSONResponse(document, media_type="application/vc", headers=_SHORT_CACHE)
