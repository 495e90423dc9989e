"""Credentials in the browser: the holder's wallet (accept an offer, import, see what each
credential proves and whether it still holds), the issuer's page (issue, list, revoke) and
a public page to check a credential. Forms work without JavaScript."""

from __future__ import annotations

import json
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, Response
from pydantic import ValidationError

from kunde.errors import InvalidInput, KundeError
from kunde.issuing import CredentialStatus, OfferRequest, offers, status, verification
from kunde.issuing.issuers import require_member
from kunde.passport.model import Method
from kunde.wallet import LocalIssuer, model, service
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, gettext, negotiate, translate
from kunde.web.issuing import SiteDep, TrustDep
from kunde.web.pages._forms import field_errors, form_data, page, see_other
from kunde.web.pages.passport import names
from kunde.web.qr import qr_svg

router = APIRouter()
MAX_UPLOAD = 1024 * 1024

CHECK_NAMES = {
    "format": N_("The form of the credential is right"),
    "issuer_key": N_("We found the key of the issuer"),
    "signature": N_("The signature is right: nothing was changed"),
    "disclosures": N_("The shown parts belong to the credential"),
    "validity": N_("It is valid on this date"),
    "type": N_("It is the right kind of credential"),
    "trust_list": N_("The issuer is on our list of known issuers"),
    "status": N_("The issuer has not withdrawn it"),
    "holder_binding": N_("It is shown by its owner"),
    "presentation": N_("It is shown in a proper presentation"),
    "context": N_("It uses only known vocabularies"),
    "structure": N_("It follows the credential standard"),
    "schema": N_("It follows the Open Badges rules"),
}
KIND_NAMES = {
    "skills-certificate": N_("Skills certificate (from an employer)"),
    "skills-proof": N_("Skills proof or EVC certificate (from an assessor)"),
    "microcredential": N_("Microcredential (from a school)"),
    "diploma": N_("Diploma"),
}


def checks_in_words(language: str, report: dict[str, Any]) -> list[dict[str, Any]]:
    """Each check with a plain sentence; ``ok`` None means it could not be checked."""
    return [
        {
            "text": gettext(language, CHECK_NAMES.get(c["name"], c["name"])),
            "ok": c["ok"],
            "detail": c["detail"],
        }
        for c in report["checks"]
    ]


def _kinds(language: str) -> dict[str, str]:
    return {k: gettext(language, v) for k, v in KIND_NAMES.items()}


def _fact_words(language: str) -> dict[str, dict[str, str]]:
    """Plain words for the codes in a credential's facts (method, purpose, level)."""
    return {
        "method": {m.value: names(language)[m.value] for m in Method},
        "purpose": {code: translate(language, text) for code, text in PURPOSES.items()},
        "level": {code: translate(language, text) for code, text in LEVELS.items()},
    }


# --- holder ----------------------------------------------------------------------------------
def _wallet_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    **extra: Any,
) -> HTMLResponse:
    language = negotiate(request)
    found = service.entries(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    context = {
        "entries": found,
        "kinds": _kinds(language),
        "errors": [],
        "values": {},
        "binding": None,
        **extra,
    }
    return page(request, "wallet.html", context, status_code=422 if extra.get("errors") else 200)


@router.get("/wallet", response_class=HTMLResponse)
def wallet(request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep) -> HTMLResponse:
    return _wallet_page(request, uow, account, keys)


@router.post("/wallet/offers", response_class=HTMLResponse)
async def accept_offer(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    site: SiteDep,
    trust: TrustDep,
) -> Response:
    data = await form_data(request)
    now = security.now()
    try:
        result = service.redeem(
            uow,
            site,
            holder_id=account.id,
            link=data.get("offer", ""),
            tx_code=data.get("tx_code"),
            client=LocalIssuer(uow, site, now),
            keys=keys,
            concepts=taxonomy,
            trust=trust,
            now=now,
        )
    except KundeError as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        for error in errors:
            error["field"] = error["field"] if error["field"] in {"offer", "tx_code"} else "offer"
        return _wallet_page(request, uow, account, keys, errors=errors, values=data)
    return see_other(f"/wallet/{result.entry.id}")


@router.post("/wallet/import", response_class=HTMLResponse)
async def import_credential(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    site: SiteDep,
    trust: TrustDep,
    text: Annotated[str, Form(max_length=MAX_UPLOAD)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
    nonce: Annotated[str, Form(max_length=100)] = "",
) -> Response:
    try:
        if upload is not None and upload.filename:
            raw = await upload.read(MAX_UPLOAD + 1)
            if len(raw) > MAX_UPLOAD:
                raise InvalidInput("This file is too large.", details={"field": "credential"})
            text = raw.decode("utf-8", errors="replace")
        result = service.accept(
            uow,
            site,
            holder_id=account.id,
            credential=text,
            keys=keys,
            concepts=taxonomy,
            trust=trust,
            now=security.now(),
            nonce=nonce or None,
        )
    except KundeError as exc:
        uow.rollback()
        errors = [{**e, "field": "credential"} for e in field_errors(request, exc)]
        binding = _binding(site, nonce) if nonce else None
        return _wallet_page(
            request, uow, account, keys, errors=errors, values={"text": text}, binding=binding
        )
    return see_other(f"/wallet/{result.entry.id}")


def _binding(site: SiteDep, nonce: str) -> dict[str, str]:
    return {"nonce": nonce, "audience": service.import_audience(site)}


@router.post("/wallet/import/nonce", response_class=HTMLResponse)
async def import_nonce(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, site: SiteDep
) -> HTMLResponse:
    """A code to show, when importing, that a credential's key is the holder's."""
    await form_data(request)
    nonce = service.binding_nonce(uow, holder_id=account.id, now=security.now())
    return _wallet_page(request, uow, account, keys, binding=_binding(site, nonce))


@router.get("/wallet/{entry_id}", response_class=HTMLResponse)
def wallet_credential(
    request: Request,
    entry_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    site: SiteDep,
    trust: TrustDep,
) -> HTMLResponse:
    language = negotiate(request)
    item = service.entry(
        uow, actor_id=account.id, holder_id=account.id, entry_id=entry_id, keys=keys
    )
    report = service.recheck(uow, site, item, trust=trust, now=security.now()).to_dict()
    facts = model.content(report.get("claims"), report["format"])
    context = {
        "item": item,
        "facts": facts,
        "valid": report["valid"],
        "checks": checks_in_words(language, report),
        "kinds": _kinds(language),
        "words": _fact_words(language),
    }
    return page(request, "wallet_credential.html", context)


@router.get("/wallet/{entry_id}/download")
def download_credential(
    entry_id: str, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> Response:
    """The credential itself, as a file the holder can show anywhere (it proves itself)."""
    item = service.entry(
        uow, actor_id=account.id, holder_id=account.id, entry_id=entry_id, keys=keys
    )
    if isinstance(item.credential, str):
        body, media, suffix = item.credential, "application/dc+sd-jwt", "sd-jwt"
    else:
        body, media, suffix = (
            json.dumps(item.credential, indent=2),
            "application/vc+ld+json",
            "json",
        )
    return Response(
        body,
        media_type=media,
        headers={
            "Content-Disposition": f'attachment; filename="credential-{entry_id[:8]}.{suffix}"',
            "Cache-Control": "no-store",
        },
    )


@router.post("/wallet/{entry_id}/delete")
async def delete_credential(
    request: Request, entry_id: str, uow: UowDep, account: CurrentAccount
) -> Response:
    await form_data(request)
    service.delete(uow, actor_id=account.id, holder_id=account.id, entry_id=entry_id)
    return see_other("/wallet")


# --- verifier --------------------------------------------------------------------------------
@router.get("/verify", response_class=HTMLResponse)
def verify_page(request: Request) -> HTMLResponse:
    return page(request, "verify.html", {"errors": [], "values": {}})


@router.post("/verify", response_class=HTMLResponse)
async def verify_submit(
    request: Request,
    uow: UowDep,
    site: SiteDep,
    trust: TrustDep,
    text: Annotated[str, Form(max_length=MAX_UPLOAD)] = "",
    upload: Annotated[UploadFile | None, File()] = None,
) -> HTMLResponse:
    language = negotiate(request)
    submitted = (await request.form()).get(security.CSRF_FIELD)
    security.check_csrf(request, submitted if isinstance(submitted, str) else None)
    try:
        if upload is not None and upload.filename:
            text = (await upload.read(MAX_UPLOAD)).decode("utf-8", errors="replace")
        report = verification.verify(
            uow, site, verification.parse(text), trust=trust, now=security.now()
        ).to_dict()
    except KundeError as exc:
        errors = [{**e, "field": "credential"} for e in field_errors(request, exc)]
        failed = {"errors": errors, "values": {"text": text}}
        return page(request, "verify.html", failed, status_code=422)
    facts = model.content(report.get("claims"), report["format"])
    context: dict[str, Any] = {
        "errors": [],
        "values": {},
        "result": {"valid": report["valid"], "issuer": report.get("issuer")},
        "facts": facts,
        "checks": checks_in_words(language, report),
        "kinds": _kinds(language),
        "words": _fact_words(language),
    }
    return page(request, "verify.html", context)


# --- issuer ----------------------------------------------------------------------------------
ISSUE_METHODS = (
    Method.EXAM,
    Method.TEST,
    Method.PRACTICAL_ASSESSMENT,
    Method.PORTFOLIO_REVIEW,
    Method.EVC_PROCEDURE,
    Method.OBSERVATION,
)
LEVELS = {
    "starting": N_("With help"),
    "independent": N_("On their own"),
    "experienced": N_("Also in difficult situations"),
    "expert": N_("Can teach it to others"),
}
PURPOSES = {
    "education": N_("Education or exemption"),
    "career": N_("Career step or application"),
    "development": N_("Personal development"),
}


def _issue_page(
    request: Request,
    uow: UowDep,
    site: SiteDep,
    account: CurrentAccount,
    organisation_id: str,
    taxonomy: TaxonomyDep,
    **extra: Any,
) -> HTMLResponse:
    language = negotiate(request)
    org = require_member(uow, account, organisation_id)
    query = request.query_params.get("q", "").strip()[:200]
    chosen = [u for u in extra.get("values", {}).get("skills", []) if u]
    hits = taxonomy.search(query, language=language, type_="skill", limit=8) if query else []
    known = taxonomy.summaries(chosen, language)
    options = [(uri, summary.label.text, True) for uri, summary in known.items()]
    options += [(h.uri, h.label.text, False) for h in hits if h.uri not in known]
    context = {
        "org": org,
        "query": query,
        "skill_options": options,
        "levels": {code: translate(language, text) for code, text in LEVELS.items()},
        "methods": {m.value: names(language)[m.value] for m in ISSUE_METHODS},
        "purposes": {code: translate(language, text) for code, text in PURPOSES.items()},
        "issued": offers.issued(uow, account, organisation_id),
        "pending": offers.pending(uow, site, account, organisation_id, now=security.now()),
        "kinds": _kinds(language),
        "errors": [],
        "values": {},
        **extra,
    }
    return page(request, "issue.html", context, status_code=422 if extra.get("errors") else 200)


@router.get("/organisations/{organisation_id}/issue", response_class=HTMLResponse)
def issue_page(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    site: SiteDep,
    account: CurrentAccount,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    return _issue_page(request, uow, site, account, organisation_id, taxonomy)


def _offer_request(data: dict[str, Any], taxonomy: TaxonomyDep) -> OfferRequest:
    # Credentials carry ESCO's English labels: the language every wallet can show.
    labels = taxonomy.summaries(data.get("skills", []), "en")
    skills = [
        {"uri": uri, "label": labels[uri].label.text, "level": data.get("level") or None}
        for uri in data.get("skills", [])
        if uri in labels
    ]
    payload = {
        "kind": data.get("kind", ""),
        "title": data.get("title", ""),
        "skills": skills,
        "assessment": {
            "assessor": data.get("assessor", ""),
            "method": data.get("method", ""),
            "standard": data.get("standard"),
            "purpose": data.get("purpose"),
            "date": data.get("date"),
        },
        "configuration_id": data.get("configuration_id", "kunde_skills_sd_jwt"),
        "tx_code": data.get("tx_code") == "yes",
    }
    if data.get("valid_days"):
        payload["valid_days"] = data["valid_days"]
    try:
        return OfferRequest.model_validate(payload)
    except ValidationError as exc:
        errors = [
            {
                "field": "skills" if err["loc"][0] == "skills" else str(err["loc"][-1]),
                "message": err["msg"],
                "type": err["type"],
            }
            for err in exc.errors()
        ]
        raise InvalidInput("; ".join(e["message"] for e in errors), {"errors": errors}) from None


@router.post("/organisations/{organisation_id}/issue", response_class=HTMLResponse)
async def issue_submit(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    site: SiteDep,
    account: CurrentAccount,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    form = await request.form()
    data: dict[str, Any] = await form_data(request)
    data["skills"] = [v for v in form.getlist("skills") if isinstance(v, str) and v]
    try:
        offer = _offer_request(data, taxonomy)
        made = offers.create(uow, site, account, organisation_id, offer, now=security.now())
    except InvalidInput as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        return _issue_page(
            request, uow, site, account, organisation_id, taxonomy, errors=errors, values=data
        )
    created = {"link": made.link, "qr": qr_svg(made.link), "tx_code": made.tx_code}
    return _issue_page(request, uow, site, account, organisation_id, taxonomy, created=created)


@router.post("/organisations/{organisation_id}/credentials/{credential_id}/{action}")
async def change(
    request: Request,
    organisation_id: str,
    credential_id: str,
    action: str,
    uow: UowDep,
    account: CurrentAccount,
) -> Response:
    await form_data(request)
    targets = {
        "revoke": CredentialStatus.REVOKED,
        "suspend": CredentialStatus.SUSPENDED,
        "unsuspend": CredentialStatus.ACTIVE,
    }
    if action not in targets:
        raise InvalidInput("Unknown action.")
    status.change_status(uow, account, credential_id, targets[action], now=security.now())
    return see_other(f"/organisations/{organisation_id}/issue")
