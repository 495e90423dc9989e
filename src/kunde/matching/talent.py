"""Talent use cases for an employer (R3d), over staff who shared for talent management only.

* :func:`next_role` -- who is closest to a role profile (an ESCO occupation or one of the
  organisation's own vacancies): each person ranked with the engine's explanation, the gaps
  and the learning route that closes them. Staff chose to be seen by their employer for
  talent management, so people are named; each one compared is in their access log
  (action ``talent``, with the grant and its purpose).
* :func:`team_training` -- which training closes a team's (or all consenting staff's)
  largest gaps for one or more profiles: aggregate figures only, so a group smaller than the
  instance's minimum is hidden whole and nobody in it is read. Each person counted is logged
  (action ``team``), as in the team view.

Consent comes from :mod:`kunde.sharing.team`: the newest active talent-management grant to
the organisation per person, and only the skill claims it names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kunde.accounts import service as accounts
from kunde.errors import InvalidInput, NotFound
from kunde.matching import advice, service
from kunde.matching.engine import held_of
from kunde.matching.learning import Route, route
from kunde.matching.training import TeamGap, TrainingPlan, rank, team_gaps, training_plan
from kunde.sharing import team as staff
from kunde.sharing.model import AccessAction

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.matching.model import JobProfile, Match
    from kunde.passport import KeyRing
    from kunde.sharing.model import Grant

MAX_PROFILES = 10


@dataclass(frozen=True)
class Colleague:
    """One staff member compared with a role: their match (with the why) and route."""

    holder_id: str
    name: str
    team: str
    grant_id: str
    match: Match
    route: Route


@dataclass(frozen=True)
class TeamTraining:
    """The training answer for one group; ``hidden`` when it is smaller than ``min_group``
    (then nothing else is filled in)."""

    team: str | None  # None: all consenting staff
    profiles: tuple[JobProfile, ...]
    people: int
    hidden: bool
    min_group: int
    gaps: tuple[TeamGap, ...] = ()
    plan: TrainingPlan | None = None


def role_profile(
    uow: UnitOfWork,
    matching: service.MatchingService,
    organisation_id: str,
    target: str,
    language: str = "en",
) -> JobProfile:
    """An ESCO occupation URI (titled in ``language``), or the id of one of the
    organisation's own vacancies."""
    target = target.strip()
    if not target:
        raise InvalidInput(
            "Choose a role: an occupation or one of your vacancies.", details={"field": "profile"}
        )
    if target.startswith(("http://", "https://")):
        if target not in matching.occupation_codes():
            raise InvalidInput(
                f"{target} is not an ESCO occupation known here.", details={"field": "profile"}
            )
        return matching.occupation_profile(target, language)
    try:
        found = service.vacancy(uow, target)
    except NotFound:
        found = None
    if found is None or found.organisation_id != organisation_id:
        raise NotFound(
            "Your organisation has no vacancy with this id.", details={"field": "profile"}
        )
    return found.profile


def _grants(uow: UnitOfWork, organisation_id: str, team: str | None, now: datetime) -> list[Grant]:
    grants = staff.talent_grants(uow, organisation_id, now).values()
    chosen = [g for g in grants if team is None or g.purpose.detail == team]
    return sorted(chosen, key=lambda g: g.holder_id)


def next_role(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    actor_id: str,
    organisation_id: str,
    target: str,
    keys: KeyRing,
    now: datetime,
    team: str | None = None,
    language: str = "en",
) -> tuple[JobProfile, list[Colleague]]:
    """Consenting staff (of ``team``, or all) ranked by how close they are to the role."""
    staff.require_member(uow, actor_id, organisation_id)
    profile = role_profile(uow, matching, organisation_id, target, language)
    views = staff.staff_views(
        uow,
        _grants(uow, organisation_id, team, now),
        viewer_id=actor_id,
        keys=keys,
        now=now,
        logged_as=AccessAction.TALENT,
    )
    by_holder = {v.grant.holder_id: v for v in views}
    held = {
        v.grant.holder_id: held_of(service.candidate_of(v.grant.holder_id, v.skills), now.date())
        for v in views
    }
    offers = advice.offers(uow)
    ranked = rank(profile, held, matching.graph())
    return profile, [
        Colleague(
            m.holder_id,
            accounts.account(uow, m.holder_id).display_name,
            by_holder[m.holder_id].team,
            by_holder[m.holder_id].grant.id,
            m,
            route(m.gaps, offers),
        )
        for m in ranked
    ]


def team_training(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    actor_id: str,
    organisation_id: str,
    targets: list[str],
    keys: KeyRing,
    now: datetime,
    min_group: int,
    team: str | None = None,
    language: str = "en",
) -> TeamTraining:
    """The gaps of a group for the ``targets`` (profiles) and the offers that close most."""
    staff.require_member(uow, actor_id, organisation_id)
    unique = list(dict.fromkeys(t.strip() for t in targets if t.strip()))
    if not unique:
        raise InvalidInput("Choose at least one role.", details={"field": "profile"})
    if len(unique) > MAX_PROFILES:
        raise InvalidInput(
            f"Choose at most {MAX_PROFILES} roles at once.", details={"field": "profile"}
        )
    profiles = tuple(role_profile(uow, matching, organisation_id, t, language) for t in unique)
    grants = _grants(uow, organisation_id, team, now)
    if len(grants) < min_group:  # nothing is read, and the size is not told
        return TeamTraining(team, profiles, 0, hidden=True, min_group=min_group)
    views = staff.staff_views(
        uow, grants, viewer_id=actor_id, keys=keys, now=now, logged_as=AccessAction.TEAM
    )
    graph = matching.graph()
    held = {
        v.grant.holder_id: held_of(service.candidate_of(v.grant.holder_id, v.skills), now.date())
        for v in views
    }
    matches = [m for profile in profiles for m in rank(profile, held, graph)]
    gaps = team_gaps(matches)
    plan = training_plan(gaps, advice.offers(uow))
    return TeamTraining(
        team, profiles, len(views), hidden=False, min_group=min_group, gaps=tuple(gaps), plan=plan
    )


__all__ = ["Colleague", "TeamTraining", "next_role", "role_profile", "team_training"]
