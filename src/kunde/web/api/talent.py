"""Talent for employers, next to the team view: who among consenting staff is closest to a
next role, and which training closes a team's largest gaps. Consent is checked in
:mod:`kunde.matching.talent`; routes parse and render."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from kunde.matching import talent, views
from kunde.matching.profiles import profile_json
from kunde.web import security
from kunde.web.api.matching import Language, _labeller
from kunde.web.deps import (
    CurrentAccount,
    KeysDep,
    MatchingDep,
    SettingsDep,
    TaxonomyDep,
    UowDep,
)

router = APIRouter(tags=["sharing"])
Profile = Annotated[str, Query(min_length=1, max_length=400)]
Team = Annotated[str | None, Query(max_length=200)]


@router.get("/organisations/{organisation_id}/team-view/next-role")
def next_role(
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    profile: Profile,
    team: Team = None,
    language: Language = "en",
) -> dict[str, Any]:
    """Staff who shared for talent management, closest to the role first, with why and route."""
    found, people = talent.next_role(
        uow,
        matching,
        actor_id=account.id,
        organisation_id=organisation_id,
        target=profile,
        keys=keys,
        now=security.now(),
        team=team,
        language=language,
    )
    label = _labeller(taxonomy, language)
    return {
        "organisation_id": organisation_id,
        "profile": profile_json(found),
        "team": team,
        "people": [views.colleague(c, label) for c in people],
    }


@router.get("/organisations/{organisation_id}/team-view/training")
def training(
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    matching: MatchingDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
    profile: Annotated[list[str], Query(min_length=1, max_length=talent.MAX_PROFILES)],
    team: Team = None,
    language: Language = "en",
) -> dict[str, Any]:
    """A team's (or all consenting staff's) gaps for the roles and the training closing most."""
    found = talent.team_training(
        uow,
        matching,
        actor_id=account.id,
        organisation_id=organisation_id,
        targets=profile,
        keys=keys,
        now=security.now(),
        min_group=settings.team_min_group,
        team=team,
        language=language,
    )
    return {
        "organisation_id": organisation_id,
        **views.training(found, _labeller(taxonomy, language)),
    }
