"""The employer's matching pages: an organisation's vacancies, a form to make one from an ESCO
occupation (picked by search) or from the vacancy text, and the ranked candidates of a
vacancy with the why. Candidates come only from the service, which enforces consent."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import service as accounts
from kunde.accounts.model import Organisation, OrganisationRole
from kunde.errors import KundeError, NotFound
from kunde.matching import service
from kunde.web import security
from kunde.web.deps import (
    AccessRecorderDep,
    CurrentAccount,
    KeysDep,
    MatchingDep,
    TaxonomyDep,
    UowDep,
)
from kunde.web.i18n import N_, negotiate
from kunde.web.pages import _matching_words as words
from kunde.web.pages._forms import field_errors, form_data, page, see_other

router = APIRouter()
CANDIDATES = 50

MESSAGES = (
    N_("Give the vacancy a title (at most 200 characters)."),
    N_("Name an occupation, paste the vacancy text or list the skills."),
    N_("Only an employer organisation can publish vacancies."),
    N_("The text is too long: at most 20000 characters."),
)


def _organisation(uow: UowDep, account_id: str, organisation_id: str) -> Organisation:
    """The organisation if the account is a member of it (outsiders learn nothing)."""
    for membership in accounts.memberships(uow, account_id):
        if membership.organisation.id == organisation_id:
            return membership.organisation
    raise NotFound("There is no such organisation.")


def employer_organisations(uow: UowDep, account_id: str) -> list[Organisation]:
    """The employer organisations the account belongs to (for links to their vacancies)."""
    return [
        m.organisation
        for m in accounts.memberships(uow, account_id)
        if OrganisationRole.EMPLOYER in m.organisation.roles
    ]


def _vacancies_page(
    request: Request,
    uow: UowDep,
    account_id: str,
    organisation: Organisation,
    taxonomy: TaxonomyDep,
    values: dict[str, str],
    errors: list[dict[str, str]],
    status: int = 200,
) -> HTMLResponse:
    language = negotiate(request)
    query = values.get("q", "")
    hits = (
        taxonomy.search(query, language=language, type_="occupation", limit=10)
        if query.strip()
        else []
    )
    found = service.vacancies(uow, [organisation.id])
    rows = [
        {
            "id": v.id,
            "title": v.profile.title,
            "skills": len(v.profile.requirements),
            "created": v.created_at.date().isoformat(),
        }
        for v in found
    ]
    return page(
        request,
        "vacancies.html",
        {
            "organisation": organisation,
            "employer": OrganisationRole.EMPLOYER in organisation.roles,
            # Candidates are read under the holders' shares: only for those who handle them.
            "handles_shares": accounts.handles_shares(uow, account_id, organisation.id),
            "rows": rows,
            "hits": hits,
            "values": values,
            "errors": errors,
        },
        status_code=status,
    )


@router.get("/organisations/{organisation_id}/vacancies", response_class=HTMLResponse)
def vacancies(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    taxonomy: TaxonomyDep,
    q: Annotated[str, Query(max_length=200)] = "",
    title: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """The list, and the form; ``q`` searches occupations to pick one from."""
    organisation = _organisation(uow, account.id, organisation_id)
    values = {k: v for k, v in {"q": q, "title": title}.items() if v}
    return _vacancies_page(request, uow, account.id, organisation, taxonomy, values, [])


@router.post("/organisations/{organisation_id}/vacancies", response_class=HTMLResponse)
async def create_vacancy(
    request: Request,
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
) -> Response:
    organisation = _organisation(uow, account.id, organisation_id)
    values = await form_data(request)
    try:
        created = service.create_vacancy(
            uow,
            matching,
            actor_id=account.id,
            organisation_id=organisation.id,
            title=values.get("title", ""),
            occupation_uri=values.get("occupation_uri"),
            text=values.get("text"),
            language=values.get("lang") or None,
            now=security.now(),
        )
    except KundeError as exc:
        errors = field_errors(request, exc)
        for error in errors:  # the service names no field for these two: link them anyway
            if not error["field"]:
                error["field"] = "title" if "title" in str(exc) else "occupation"
        return _vacancies_page(
            request, uow, account.id, organisation, taxonomy, values, errors, 422
        )
    if not accounts.handles_shares(uow, account.id, organisation.id):
        return see_other(f"/organisations/{organisation.id}/vacancies")
    return see_other(f"/vacancies/{created.id}/candidates")


@router.get("/vacancies/{vacancy_id}/candidates", response_class=HTMLResponse)
def candidates(
    request: Request,
    vacancy_id: str,
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    recorder: AccessRecorderDep,
) -> HTMLResponse:
    """Ranked candidates with the reason per skill; the service admits only members of the
    vacancy's organisation and only holders who agreed to take part."""
    language = negotiate(request)
    label = words.labeller(taxonomy, language)
    found, matches = service.vacancy_matches(
        uow,
        matching,
        actor_id=account.id,
        vacancy_id=vacancy_id,
        keys=keys,
        now=security.now(),
        recorder=recorder,
        limit=CANDIDATES,
    )
    rows: list[dict[str, Any]] = [
        {"ref": m.holder_id[:8], "match": words.match(m, label, language, employer=True)}
        for m in matches
    ]
    return page(
        request,
        "candidates.html",
        {
            "vacancy": found,
            "organisation_id": found.organisation_id,
            "requirements": [
                {"label": label(r.uri), "essential": r.importance.value == "essential"}
                for r in found.profile.requirements
            ],
            "rows": rows,
        },
    )


__all__ = ["employer_organisations", "router"]
