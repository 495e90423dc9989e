"""Team overviews for employers (R3d), built only from consent.

An employer sees the skills of staff who shared with the purpose *talent management* with
that organisation, grouped by the team or role each person named in the grant: how many
people have a skill, their proficiency and assurance levels. Nothing of staff who did not
share. A group with fewer people than the instance's minimum is hidden whole, so no figure
can be traced back to one person. Each person counted is logged (action ``team``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kunde.accounts import service as accounts
from kunde.errors import NotFound
from kunde.passport import service as passport
from kunde.passport.model import SkillClaim
from kunde.sharing.model import AccessAction, GrantState, PurposeKind
from kunde.sharing.store import SharingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing


@dataclass(frozen=True)
class SkillCoverage:
    concept_uri: str
    people: int
    proficiency: dict[int, int]  # level -> number of people
    assurance: dict[int, int]  # SkillsAPK level -> number of people


@dataclass(frozen=True)
class TeamGroup:
    team: str
    people: int
    skills: list[SkillCoverage] = field(default_factory=list)


@dataclass(frozen=True)
class TeamView:
    organisation_id: str
    groups: list[TeamGroup]
    hidden_groups: int  # groups left out because they are smaller than ``min_group``
    min_group: int


def team_view(
    uow: UnitOfWork,
    *,
    viewer_id: str,
    organisation_id: str,
    keys: KeyRing,
    now: datetime,
    min_group: int,
) -> TeamView:
    """The aggregated skills of consenting staff of ``organisation_id``, for its members who
    handle shared passports (admins, and members given ``handles_shares``)."""
    if not accounts.handles_shares(uow, viewer_id, organisation_id):
        raise NotFound("There is no such organisation.")
    latest: dict[str, tuple[str, str]] = {}  # holder -> (grant id, team); newest grant wins
    for row in SharingStore(uow.session).grants_to([organisation_id], ""):
        found = row.to_model()
        if (
            found.purpose.kind is PurposeKind.TALENT_MANAGEMENT
            and found.state(now) is GrantState.ACTIVE
            and found.holder_id not in latest
        ):
            latest[found.holder_id] = (found.id, found.purpose.detail)
    teams: dict[str, list[str]] = defaultdict(list)
    for holder_id, (_grant, team) in latest.items():
        teams[team].append(holder_id)
    groups, hidden = [], 0
    for team, holders in sorted(teams.items()):
        if len(holders) < min_group:
            hidden += 1
            continue
        people: Counter[str] = Counter()
        levels: dict[str, Counter[int]] = defaultdict(Counter)
        assured: dict[str, Counter[int]] = defaultdict(Counter)
        for holder_id in holders:
            view = passport.view(
                uow,
                actor_id=viewer_id,
                holder_id=holder_id,
                keys=keys,
                now=now,
                grant_id=latest[holder_id][0],
                logged_as=AccessAction.TEAM,
            )
            for skill in view.skills:
                if isinstance(skill.claim.body, SkillClaim):
                    uri = skill.claim.body.concept_uri
                    people[uri] += 1
                    levels[uri][int(skill.claim.body.proficiency)] += 1
                    assured[uri][int(skill.assurance.level)] += 1
        coverage = [
            SkillCoverage(
                uri, n, dict(sorted(levels[uri].items())), dict(sorted(assured[uri].items()))
            )
            for uri, n in people.most_common()
        ]
        groups.append(TeamGroup(team, len(holders), coverage))
    return TeamView(organisation_id, groups, hidden, min_group)
