"""Matching: skills from text, vacancies and their candidates, the holder's matches, learning
routes, career moves, the matching pool."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from kunde.matching import advice, service, views
from kunde.web import security
from kunde.web.deps import (
    AccessRecorderDep,
    CurrentAccount,
    KeysDep,
    MatchingDep,
    TaxonomyDep,
    UowDep,
)

router = APIRouter(tags=["matching"])
Language = Annotated[str, Query(pattern="^(nl|en)$")]


class ExtractIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(max_length=20_000)
    lang: str | None = Field(default=None, pattern="^(nl|en)$")
    limit: int = Field(default=10, ge=1, le=200)


class VacancyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation_id: str = Field(min_length=1, max_length=36)
    title: str = Field(min_length=1, max_length=200)
    occupation_uri: str | None = Field(default=None, max_length=400)
    text: str | None = Field(default=None, max_length=20_000)
    lang: str | None = Field(default=None, pattern="^(nl|en)$")
    requirements: list[dict[str, Any]] | None = Field(default=None, max_length=100)


class ConfirmIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    uris: list[str] = Field(min_length=1, max_length=100)


def _labeller(taxonomy: TaxonomyDep, language: str) -> views.Labeller:
    catalog = taxonomy.catalog()

    def label(uri: str) -> str:
        position = catalog.position.get(uri)
        return catalog.display(position, language).text if position is not None else uri

    return label


@router.post("/extract")
def extract(matching: MatchingDep, body: Annotated[ExtractIn, Body()]) -> list[dict[str, Any]]:
    """Skills named or described in a Dutch or English text, best first, with the span."""
    found = matching.extract(body.text, language=body.lang, limit=body.limit)
    return [views.skill(s) for s in found]


@router.post("/vacancies", status_code=201)
def create_vacancy(
    uow: UowDep, account: CurrentAccount, matching: MatchingDep, body: Annotated[VacancyIn, Body()]
) -> dict[str, Any]:
    """A vacancy of an employer organisation the caller belongs to."""
    created = service.create_vacancy(
        uow,
        matching,
        actor_id=account.id,
        organisation_id=body.organisation_id,
        title=body.title,
        occupation_uri=body.occupation_uri,
        text=body.text,
        requirements=body.requirements,
        language=body.lang,
        now=security.now(),
    )
    return views.vacancy(created)


@router.get("/vacancies")
def list_vacancies(uow: UowDep) -> list[dict[str, Any]]:
    return [views.vacancy(v) for v in service.vacancies(uow)]


@router.get("/vacancies/{vacancy_id}")
def get_vacancy(uow: UowDep, vacancy_id: str) -> dict[str, Any]:
    return views.vacancy(service.vacancy(uow, vacancy_id))


@router.get("/vacancies/{vacancy_id}/matches")
def vacancy_matches(
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    recorder: AccessRecorderDep,
    vacancy_id: str,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    language: Language = "en",
) -> dict[str, Any]:
    """Ranked candidates from the matching pool with the reason per skill (employer only)."""
    found, matches = service.vacancy_matches(
        uow,
        matching,
        actor_id=account.id,
        vacancy_id=vacancy_id,
        keys=keys,
        now=security.now(),
        recorder=recorder,
        limit=limit,
    )
    label = _labeller(taxonomy, language)
    return {"vacancy": views.vacancy(found), "matches": [views.match(m, label) for m in matches]}


@router.get("/passport/matches")
def passport_matches(
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
    language: Language = "en",
) -> list[dict[str, Any]]:
    """Vacancies that fit the caller's passport, best first, with the why and the gaps."""
    label = _labeller(taxonomy, language)
    found = service.passport_matches(
        uow, matching, holder_id=account.id, keys=keys, now=security.now(), limit=limit
    )
    return [{"vacancy": views.vacancy(v), "match": views.match(m, label)} for v, m in found]


@router.post("/passport/skills/confirm", status_code=201)
def confirm_skills(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    body: Annotated[ConfirmIn, Body()],
) -> dict[str, Any]:
    """Add proposed skills the holder confirmed, as self-declared claims."""
    added = service.confirm_skills(
        uow, holder_id=account.id, uris=body.uris, keys=keys, concepts=taxonomy, now=security.now()
    )
    return {"added": [item.as_dict() for item in added]}


@router.put("/passport/matching-pool", status_code=204)
def join_pool(uow: UowDep, account: CurrentAccount) -> None:
    """Take part in matching: employers' vacancies may find this passport's skills."""
    service.join_pool(uow, holder_id=account.id, now=security.now())


@router.delete("/passport/matching-pool", status_code=204)
def leave_pool(uow: UowDep, account: CurrentAccount) -> None:
    service.leave_pool(uow, holder_id=account.id)


@router.get("/learning-routes")
def learning_routes(
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    for_: Annotated[str, Query(alias="for", min_length=1, max_length=400)],
    language: Language = "en",
) -> dict[str, Any]:
    """The caller's gaps for a vacancy id or an occupation URI, and the route that closes them."""
    profile, match, route = advice.learning_route(
        uow, matching, holder_id=account.id, target=for_, keys=keys, now=security.now()
    )
    label = _labeller(taxonomy, language)
    return {
        "for": for_,
        "title": profile.title,
        "match": views.match(match, label),
        "route": views.route(route, label),
    }


@router.get("/career-paths")
def career_paths(
    uow: UowDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    from_: Annotated[str, Query(alias="from", min_length=1, max_length=400)],
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    language: Language = "en",
) -> list[dict[str, Any]]:
    """Occupations in other sectors (another ISCO major group) for an occupation URI."""
    moves = advice.career_paths(
        uow, matching, start=from_, holder_id=None, keys=None, now=security.now(), limit=limit
    )
    label = _labeller(taxonomy, language)
    return [views.career(m, label) for m in moves]


@router.get("/passport/career-paths")
def passport_career_paths(
    uow: UowDep,
    account: CurrentAccount,
    matching: MatchingDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
    language: Language = "en",
) -> list[dict[str, Any]]:
    """Occupations that fit the caller's own passport, with the route for each."""
    moves = advice.career_paths(
        uow,
        matching,
        start=None,
        holder_id=account.id,
        keys=keys,
        now=security.now(),
        limit=limit,
    )
    label = _labeller(taxonomy, language)
    return [views.career(m, label) for m in moves]
