"""Counsellor help and team views in the browser: the holder gives and ends mandates and
decides on proposals; the counsellor sees clients, reads a client's passport and proposes
or adds experience as the mandate allows; an employer sees its team overview. Every
counsellor action goes through :mod:`kunde.sharing.mandates`, which logs it."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import service as accounts
from kunde.accounts.model import OrganisationRole
from kunde.errors import InvalidInput, KundeError, NotFound
from kunde.passport import service as passport
from kunde.passport.model import ItemKind
from kunde.sharing import mandates, team
from kunde.sharing.model import MandateRight
from kunde.web import security
from kunde.web.access_words import day
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, gettext, negotiate
from kunde.web.pages._forms import field_errors, form_data, page, see_other
from kunde.web.pages.passport import skill_rows

router = APIRouter()
RIGHTS = {
    "view": N_("Look at my passport"),
    "propose": N_("Look, and propose changes that I accept or reject"),
    "edit": N_("Look, and make changes directly"),
}
_GIVE_FIELDS = {"counsellor_email", "organisation_id", "right", "days"}


def _helpers_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    values: dict[str, Any],
    errors: list[dict[str, str]],
) -> HTMLResponse:
    language = negotiate(request)
    now = security.now()
    given = [
        {"mandate": m, "active": m.active(now), "until": day(m.expires_at, language)}
        for m in mandates.mandates(uow, holder_id=account.id)
    ]
    context = {
        "given": given,
        "proposals": mandates.proposals(uow, holder_id=account.id, keys=keys),
        "services": [
            o for o in accounts.organisations(uow) if OrganisationRole.COUNSELLING in o.roles
        ],
        "rights": {k: gettext(language, v) for k, v in RIGHTS.items()},
        "values": values,
        "errors": errors,
    }
    return page(request, "helpers.html", context, status_code=422 if errors else 200)


@router.get("/passport/helpers", response_class=HTMLResponse)
def helpers(request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep) -> HTMLResponse:
    return _helpers_page(request, uow, account, keys, {"right": "view", "days": "30"}, [])


@router.post("/passport/helpers", response_class=HTMLResponse)
async def give_mandate(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> Response:
    data = await form_data(request)
    try:
        try:
            right = MandateRight(data.get("right", ""))
            days = int(data.get("days", "30"))
        except ValueError:
            raise InvalidInput("Use a whole number.", details={"field": "days"}) from None
        mandates.give(
            uow,
            holder_id=account.id,
            counsellor_email=data.get("counsellor_email", ""),
            organisation_id=data.get("organisation_id", ""),
            right=right,
            days=days,
            now=security.now(),
        )
    except KundeError as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        for error in errors:
            if error["field"] not in _GIVE_FIELDS:
                error["field"] = "counsellor_email"
        return _helpers_page(request, uow, account, keys, data, errors)
    return see_other("/passport/helpers")


@router.post("/passport/helpers/{mandate_id}/end")
async def end_mandate(
    request: Request, mandate_id: str, uow: UowDep, account: CurrentAccount
) -> Response:
    await form_data(request)
    mandates.end(uow, holder_id=account.id, mandate_id=mandate_id, now=security.now())
    return see_other("/passport/helpers")


@router.post("/passport/helpers/proposals/{proposal_id}")
async def decide(
    request: Request,
    proposal_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data = await form_data(request)
    mandates.decide(
        uow,
        holder_id=account.id,
        proposal_id=proposal_id,
        accept=data.get("decision") == "accept",
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    return see_other("/passport/helpers")


# --- the counsellor ----------------------------------------------------------------------------
@router.get("/counselling", response_class=HTMLResponse)
def workspace(request: Request, uow: UowDep, account: CurrentAccount) -> HTMLResponse:
    language = negotiate(request)
    clients = [
        {"mandate": m, "name": name, "until": day(m.expires_at, language)}
        for m, name in mandates.clients(uow, counsellor_id=account.id, now=security.now())
    ]
    rights = {k: gettext(language, v) for k, v in RIGHTS.items()}
    return page(request, "counselling.html", {"clients": clients, "rights": rights})


def _client_page(
    request: Request,
    mandate_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    values: dict[str, Any],
    errors: list[dict[str, str]],
    done: str = "",
) -> HTMLResponse:
    language = negotiate(request)
    now = security.now()
    mandate = mandates.active_mandate(uow, counsellor_id=account.id, mandate_id=mandate_id, now=now)
    view = passport.view(uow, actor_id=account.id, holder_id=mandate.holder_id, keys=keys, now=now)
    context = {
        "mandate": mandate,
        "client": accounts.account(uow, mandate.holder_id).display_name,
        "view": view,
        "skills": skill_rows(view, taxonomy, language),
        "until": day(mandate.expires_at, language),
        "values": values,
        "errors": errors,
        "done": done,
    }
    return page(request, "counselling_client.html", context, status_code=422 if errors else 200)


@router.get("/counselling/{mandate_id}", response_class=HTMLResponse)
def client(
    request: Request,
    mandate_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    done = request.query_params.get("done", "")
    return _client_page(request, mandate_id, uow, account, keys, taxonomy, {}, [], done)


@router.post("/counselling/{mandate_id}", response_class=HTMLResponse)
async def client_change(
    request: Request,
    mandate_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data = await form_data(request)
    try:
        result = mandates.change(
            uow,
            counsellor_id=account.id,
            mandate_id=mandate_id,
            kind=ItemKind.EXPERIENCE,
            data={"kind": "work", **data},
            keys=keys,
            concepts=taxonomy,
            now=security.now(),
        )
    except KundeError as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        return _client_page(request, mandate_id, uow, account, keys, taxonomy, data, errors)
    done = "proposed" if isinstance(result, mandates.Proposal) else "added"
    return see_other(f"/counselling/{mandate_id}?done={done}")


# --- employers ---------------------------------------------------------------------------------
@router.get("/organisations/{organisation_id}/team", response_class=HTMLResponse)
def team_page(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> HTMLResponse:
    language = negotiate(request)
    if not any(m.organisation.id == organisation_id for m in accounts.memberships(uow, account.id)):
        raise NotFound("There is no such organisation.")
    found = team.team_view(
        uow,
        viewer_id=account.id,
        organisation_id=organisation_id,
        keys=keys,
        now=security.now(),
        min_group=settings.team_min_group,
    )
    uris = [s.concept_uri for g in found.groups for s in g.skills]
    labels = {uri: s.label.text for uri, s in taxonomy.summaries(uris, language).items()}
    context = {
        "org": accounts.organisation(uow, organisation_id),
        "found": found,
        "labels": labels,
    }
    return page(request, "team.html", context)
