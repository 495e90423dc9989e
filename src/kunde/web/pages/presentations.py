"""OpenID4VP in the browser: an organisation asks for a skills credential and sees the checked
answer; the holder sees who asks, why and which fields will go, picks a credential from the
wallet and sends it. Forms work without JavaScript."""

from __future__ import annotations

import secrets
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import service as accounts
from kunde.errors import KundeError, NotFound
from kunde.sharing import presentations
from kunde.sharing.model import Purpose, PurposeKind
from kunde.web import security
from kunde.web.access_words import purpose_text
from kunde.web.deps import CurrentAccount, KeysDep, UowDep
from kunde.web.i18n import N_, gettext, negotiate
from kunde.web.issuing import FetcherDep, SiteDep, TrustDep
from kunde.web.pages._forms import field_errors, form_data, page, see_other
from kunde.web.pages.credentials import checks_in_words
from kunde.web.pages.sharing import PURPOSE_NAMES
from kunde.web.qr import qr_svg

router = APIRouter()

CLAIM_NAMES = {
    "skills": N_("the skills"),
    "title": N_("the name of the certificate"),
    "kind": N_("the kind of certificate"),
    "assessment": N_("who checked it, and how"),
    "given_name": N_("first name"),
    "family_name": N_("last name"),
}


# Messages of the wallet's checks of a request from another host, marked for the catalogues.
OUTSIDE_MESSAGES = (
    N_("You already answered this request."),
    N_(
        "The verifier no longer offers this request: it was answered already, or it expired. "
        "Ask for a new one."
    ),
    N_("This credential does not fit the request. Choose one you received in Kunde's wallet."),
    N_(
        "Kunde's wallet answers verifiers that identify as redirect_uri:, x509_san_dns: or "
        "decentralized_identifier:. This request uses another way."
    ),
    N_("A redirect_uri: request must not be signed; this one is."),
    N_("This is not a presentation request."),
    N_("The request is too large to be a presentation request."),
    N_("The request does not match its link (client_id)."),
    N_("This request does not ask for a presentation (response_type)."),
    N_("Kunde's wallet answers with response_mode direct_post only; this request wants another."),
    N_("The request has no usable nonce."),
    N_("The request does not say where to send the answer (response_uri)."),
    N_("This request has expired. Ask the verifier for a new one."),
    N_("This request is dated in the future."),
    N_("Kunde's wallet answers requests for exactly one credential."),
    N_("Kunde's wallet shows SD-JWT VC credentials (dc+sd-jwt) only."),
    N_("The request's credential query has no id."),
    N_("The request does not say which fields it wants."),
    N_("The request is not signed with a certificate (x5c is missing)."),
    N_("The verifier's certificate key is not P-256 or Ed25519."),
    N_("The request is not signed with a key of the verifier's DID."),
    N_("The request's signature is not valid."),
)


def claim_names(language: str) -> dict[str, str]:
    return {k: gettext(language, v) for k, v in CLAIM_NAMES.items()}


def _organisation(uow: UowDep, account: CurrentAccount, organisation_id: str) -> Any:
    for membership in accounts.memberships(uow, account.id):
        if membership.organisation.id == organisation_id:
            return membership.organisation
    raise NotFound("There is no such organisation.")


def _requests_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    organisation_id: str,
    values: dict[str, Any],
    errors: list[dict[str, str]],
) -> HTMLResponse:
    language = negotiate(request)
    org = _organisation(uow, account, organisation_id)
    found = presentations.requests(
        uow, actor_id=account.id, organisation_id=organisation_id, base_url=site.base_url
    )
    context = {
        "org": org,
        "found": [(r, purpose_text(r.purpose, language)) for r in found],
        "claims": claim_names(language),
        "purposes": {k: gettext(language, v) for k, v in PURPOSE_NAMES.items()},
        "values": values,
        "errors": errors,
    }
    return page(request, "presentation_requests.html", context, status_code=422 if errors else 200)


@router.get("/organisations/{organisation_id}/presentation-requests", response_class=HTMLResponse)
def requests_page(
    request: Request, organisation_id: str, uow: UowDep, account: CurrentAccount, site: SiteDep
) -> HTMLResponse:
    values = {"claims": ["skills", "title"], "purpose": "vacancy"}
    return _requests_page(request, uow, account, site, organisation_id, values, [])


@router.post("/organisations/{organisation_id}/presentation-requests", response_class=HTMLResponse)
async def make_request(
    request: Request, organisation_id: str, uow: UowDep, account: CurrentAccount, site: SiteDep
) -> Response:
    form = await request.form()
    values: dict[str, Any] = {k: str(v).strip() for k, v in form.items() if k != "claim"}
    values["claims"] = [str(v) for v in form.getlist("claim")]
    try:
        try:
            kind = PurposeKind(values.get("purpose", ""))
        except ValueError:
            kind = PurposeKind.VACANCY
        made = presentations.create_request(
            uow,
            actor_id=account.id,
            organisation_id=organisation_id,
            claims=values["claims"],
            purpose=Purpose(kind, values.get("detail", "")),
            site=site,
            nonce=secrets.token_urlsafe(32),
            state=secrets.token_urlsafe(32),
            now=security.now(),
        )
    except KundeError as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        for error in errors:
            error["field"] = "claims" if error["field"] == "claims" else "detail"
        return _requests_page(request, uow, account, site, organisation_id, values, errors)
    return see_other(f"/presentation-requests/{made.id}")


@router.get("/presentation-requests/{request_id}", response_class=HTMLResponse)
def request_page(
    request: Request, request_id: str, uow: UowDep, account: CurrentAccount, site: SiteDep
) -> HTMLResponse:
    """The verifier's view: the link and QR code while open, the checked answer after."""
    language = negotiate(request)
    found = presentations.request(
        uow, actor_id=account.id, request_id=request_id, base_url=site.base_url
    )
    result = found.result or {}
    context = {
        "found": found,
        "purpose": purpose_text(found.purpose, language),
        "qr": qr_svg(found.link),
        "asked": [claim_names(language)[c] for c in found.claims],
        "checks": checks_in_words(language, result) if result else [],
        "claims": result.get("claims", {}),
        "expired": found.expires_at <= security.now(),
    }
    return page(request, "presentation_request.html", context)


# --- the holder ---------------------------------------------------------------------------
def _consent_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    keys: KeysDep,
    link: str,
    errors: list[dict[str, str]],
    fetcher: FetcherDep,
) -> HTMLResponse:
    language = negotiate(request)
    context: dict[str, Any] = {"link": link, "errors": errors, "consent": None}
    if link:
        try:
            found = presentations.consent(
                uow,
                site,
                holder_id=account.id,
                link=link,
                keys=keys,
                now=security.now(),
                fetcher=fetcher,
            )
            context["consent"] = found
            context["purpose"] = purpose_text(found.purpose, language)
            if found.purpose is None:
                context["purpose"] = (
                    gettext(language, "for this purpose: %(words)s", words=found.purpose_words)
                    if found.purpose_words
                    else gettext(language, "without saying why")
                )
            context["asked"] = [claim_names(language).get(c, c) for c in found.claims]
        except KundeError as exc:
            context["errors"] = [{**e, "field": "link"} for e in field_errors(request, exc)]
    status = 422 if context["errors"] else 200
    return page(request, "wallet_present.html", context, status_code=status)


@router.get("/wallet/present", response_class=HTMLResponse)
def consent_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    keys: KeysDep,
    fetcher: FetcherDep,
    link: Annotated[str, Query(max_length=2000)] = "",
) -> HTMLResponse:
    return _consent_page(request, uow, account, site, keys, link.strip(), [], fetcher)


@router.post("/wallet/present", response_class=HTMLResponse)
async def send_presentation(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    site: SiteDep,
    keys: KeysDep,
    trust: TrustDep,
    fetcher: FetcherDep,
) -> HTMLResponse:
    data = await form_data(request)
    link = data.get("link", "")
    try:
        sent = presentations.answer(
            uow,
            site,
            holder_id=account.id,
            link=link,
            entry_id=data.get("credential", ""),
            keys=keys,
            trust=trust,
            now=security.now(),
            fetcher=fetcher,
        )
    except KundeError as exc:
        uow.rollback()
        errors = [{**e, "field": "credential"} for e in field_errors(request, exc)]
        return _consent_page(request, uow, account, site, keys, link, errors, fetcher)
    context: dict[str, Any] = {
        "sent": True,
        "errors": [],
        "consent": None,
        "next": sent.get("redirect_uri"),
    }
    return page(request, "wallet_present.html", context)
