"""Matching: skills from text, vacancies and their candidates, the holder's matches, learning
routes, career moves, the matching pool."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Query
from pydantic import BaseModel, ConfigDict, Field

from kunde.matching import advice, pool, service, views
from kunde.sharing import matching as consent
from kunde.sharing.model import Grant
from kunde.web import security
from kunde.web.deps import (
    AccessRecorderDep,
    CurrentAccount,
    KeysDep,
    MatchingDep,
    SettingsDep,
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


class PoolIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation_id: str | None = Field(default=None, min_length=1, max_length=36)
    expires_at: datetime | None = None


class ApplyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    claims: list[Annotated[str, Field(max_length=36)]] | None = Field(
        default=None, min_length=1, max_length=500
    )
    expires_at: datetime | None = None


def _grant(found: Grant) -> dict[str, Any]:
    """A pool grant or application as the holder sees it (the full record: ``/shares``)."""
    return {
        "id": found.id,
        "organisation_id": found.audience.organisation_id,
        "organisation": found.audience_name,
        "purpose": found.purpose.kind.value,
        "vacancy_id": found.purpose.vacancy_id,
        "skills": [item.id for item in found.items],
        "created_at": found.created_at.isoformat(),
        "expires_at": found.expires_at.isoformat(),
    }


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
    """Ranked candidates with the reason per skill (employer only): holders whose active
    grant admits this vacancy, with only their granted skills. Each one shown is written to
    the holder's access log."""
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


@router.get("/passport/matching-pool")
def pool_state(uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    """The caller's active matching-pool grants, and the pools there are to join."""
    now = security.now()
    return {
        "grants": [_grant(g) for g in consent.pool_grants(uow, holder_id=account.id, now=now)],
        "services": [
            {"id": org.id, "name": org.name} for org in consent.labour_market_services(uow)
        ],
    }


@router.put("/passport/matching-pool")
def join_pool(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    settings: SettingsDep,
    body: Annotated[PoolIn | None, Body()] = None,
) -> dict[str, Any]:
    """Take part in matching: share all the caller's skills with the matching pool of a
    labour-market service (named, or the only one); vacancies on this Kunde are matched
    against the pool and their employer sees the match. Joining again renews the grant."""
    body = body or PoolIn()
    found = pool.join_pool(
        uow,
        holder_id=account.id,
        keys=keys,
        now=security.now(),
        max_days=settings.share_max_days,
        organisation_id=body.organisation_id,
        expires_at=body.expires_at,
    )
    return _grant(found)


@router.delete("/passport/matching-pool", status_code=204)
def leave_pool(
    uow: UowDep,
    account: CurrentAccount,
    organisation_id: Annotated[str | None, Query(max_length=36)] = None,
) -> None:
    """Revoke the caller's pool grants (or the one to ``organisation_id``): matching stops
    at once."""
    pool.leave_pool(uow, holder_id=account.id, now=security.now(), organisation_id=organisation_id)


@router.post("/vacancies/{vacancy_id}/apply", status_code=201)
def apply(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    settings: SettingsDep,
    vacancy_id: str,
    body: Annotated[ApplyIn | None, Body()] = None,
) -> dict[str, Any]:
    """Share skill claims (``claims``, default all) with the vacancy's employer for this
    vacancy; its matches then include the caller. Revoke with ``DELETE /shares/{id}``."""
    body = body or ApplyIn()
    found = pool.apply(
        uow,
        holder_id=account.id,
        vacancy_id=vacancy_id,
        keys=keys,
        now=security.now(),
        max_days=settings.share_max_days,
        claims=body.claims,
        expires_at=body.expires_at,
    )
    return _grant(found)


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
