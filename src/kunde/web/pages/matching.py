"""The holder's matching pages: skills from a text (propose, tick, confirm), vacancies that
fit with the why and the learning route, and moves to other kinds of work. Forms work
without JavaScript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import service as accounts
from kunde.errors import InvalidInput, KundeError, NotFound
from kunde.matching import advice, learning, service
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, MatchingDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, negotiate
from kunde.web.pages import _matching_words as words
from kunde.web.pages._forms import field_errors, form_data, page, see_other

router = APIRouter()

# How many proposals a text gives, and how many vacancies the matches page shows.
PROPOSALS = 15
MATCHES = 10
CAREERS = 10

MESSAGES = (
    N_("Type or paste a text first."),
    N_("Use language nl or en."),
    N_("Tick at least one skill."),
    N_("Unknown skill."),
    N_("Add skills to your passport first."),
)


def _from_text_page(
    request: Request,
    values: dict[str, str],
    *,
    proposals: list[dict[str, Any]] | None = None,
    ticked: set[str] | None = None,
    errors: list[dict[str, str]] | None = None,
    status: int = 200,
) -> HTMLResponse:
    return page(
        request,
        "from_text.html",
        {
            "values": values,
            "proposals": proposals,
            "ticked": ticked,
            "errors": errors or [],
        },
        status_code=status,
    )


@router.get("/passport/from-text", response_class=HTMLResponse)
def from_text_form(request: Request, _account: CurrentAccount) -> HTMLResponse:
    return _from_text_page(request, {"lang": negotiate(request)})


def _propose(matching: MatchingDep, text: str, lang: str) -> list[dict[str, Any]]:
    found = matching.extract(text, language=lang or None, limit=PROPOSALS)
    return [words.proposal(text, f) for f in found]


@router.post("/passport/from-text", response_class=HTMLResponse)
async def from_text(request: Request, _account: CurrentAccount, matching: MatchingDep) -> Response:
    """Step 1: the text in, the proposed skills out (nothing is saved yet)."""
    values = await form_data(request)
    try:
        proposals = _propose(matching, values.get("text", ""), values.get("lang", ""))
    except KundeError as exc:
        return _from_text_page(request, values, errors=field_errors(request, exc), status=422)
    return _from_text_page(request, values, proposals=proposals)


@router.post("/passport/from-text/confirm", response_class=HTMLResponse)
async def confirm(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    """Step 2: the ticked skills become self-declared claims; then back to the passport."""
    form = await request.form()
    values = await form_data(request)
    uris = [str(u) for u in form.getlist("uris") if str(u).strip()]
    try:
        if not uris:
            raise InvalidInput("Tick at least one skill.", details={"field": "uris"})
        service.confirm_skills(
            uow, holder_id=account.id, uris=uris, keys=keys, concepts=taxonomy, now=security.now()
        )
    except KundeError as exc:
        errors = field_errors(request, exc)
        try:
            proposals = _propose(matching, values.get("text", ""), values.get("lang", ""))
        except KundeError:
            proposals = []
        return _from_text_page(
            request, values, proposals=proposals, ticked=set(uris), errors=errors, status=422
        )
    return see_other("/passport?made=skill")


def _organisation_names(uow: UowDep, ids: set[str]) -> dict[str, str]:
    names = {}
    for organisation_id in ids:
        try:
            names[organisation_id] = accounts.organisation(uow, organisation_id).name
        except NotFound:
            names[organisation_id] = ""
    return names


@router.get("/passport/matches", response_class=HTMLResponse)
def matches(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    """Vacancies that fit the passport, with the why per skill and the route for the gaps."""
    language = negotiate(request)
    label = words.labeller(taxonomy, language)
    now = security.now()
    found = service.passport_matches(
        uow, matching, holder_id=account.id, keys=keys, now=now, limit=MATCHES
    )
    held = service.held(uow, holder_id=account.id, keys=keys, now=now)
    catalogue = advice.offers(uow)
    organisations = _organisation_names(uow, {v.organisation_id for v, _ in found})
    rows = [
        {
            "id": vacancy.id,
            "title": vacancy.profile.title,
            "organisation": organisations.get(vacancy.organisation_id, ""),
            "match": words.match(result, label, language),
            "route": words.route(learning.route(result.gaps, catalogue), label),
        }
        for vacancy, result in found
    ]
    return page(request, "matches.html", {"rows": rows, "has_skills": bool(held)})


@router.get("/passport/careers", response_class=HTMLResponse)
def careers(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    """Work in other sectors the passport's skills lead to, with the short route there."""
    language = negotiate(request)
    label = words.labeller(taxonomy, language)
    held = service.held(uow, holder_id=account.id, keys=keys, now=security.now())
    moves = (
        advice.career_paths(
            uow,
            matching,
            start=None,
            holder_id=account.id,
            keys=keys,
            now=security.now(),
            limit=CAREERS,
        )
        if held
        else []
    )
    rows = [words.career(m, label, language) for m in moves]
    return page(request, "careers.html", {"rows": rows, "has_skills": bool(held)})


__all__ = ["router"]
