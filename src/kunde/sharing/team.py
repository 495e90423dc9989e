"""Team overviews for employers (R3d), built only from consent.

An employer sees the skills of staff who shared with the purpose *talent management* with
that organisation, grouped by the team or role each person named in the grant: how many
people have a skill, their proficiency and assurance levels. Nothing of staff who did not
share. A group with fewer people than the instance's minimum is hidden whole, so no figure
can be traced back to one person. Each person counted is logged (action ``team``).

:func:`talent_grants` and :func:`staff_views` are the consent side of the talent use cases in
:mod:`kunde.matching.talent` (who is closest to a next role, which training closes the
team's gaps): only staff with an active talent-management grant to the organisation, only
their granted skill claims, each read logged by the passport's gate.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kunde.accounts import service as accounts
from kunde.errors import NotFound
from kunde.passport import service as passport
from kunde.passport.model import SkillClaim
from kunde.sharing.model import AccessAction, AudienceKind, Grant, GrantState, PurposeKind
from kunde.sharing.store import SharingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing
    from kunde.passport.service import SkillView


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


@dataclass(frozen=True)
class StaffView:
    """One staff member's granted skills, read under their talent-management grant."""

    grant: Grant
    team: str
    skills: tuple[SkillView, ...]


def require_member(uow: UnitOfWork, viewer_id: str, organisation_id: str) -> None:
    """Only members who handle shared passports (admins, and members given
    ``handles_shares``) see staff data; others learn nothing, not even whether the
    organisation exists."""
    if not accounts.handles_shares(uow, viewer_id, organisation_id):
        raise NotFound("There is no such organisation.")


def talent_grants(uow: UnitOfWork, organisation_id: str, now: datetime) -> dict[str, Grant]:
    """Per holder, the newest active grant to ``organisation_id`` for talent management."""
    latest: dict[str, Grant] = {}
    for row in SharingStore(uow.session).grants_to([organisation_id], ""):
        found = row.to_model()
        if (
            found.audience.kind is AudienceKind.ORGANISATION
            and found.audience.organisation_id == organisation_id
            and found.purpose.kind is PurposeKind.TALENT_MANAGEMENT
            and found.state(now) is GrantState.ACTIVE
            and found.holder_id not in latest
        ):
            latest[found.holder_id] = found
    return latest


def teams(uow: UnitOfWork, organisation_id: str, now: datetime) -> dict[str, list[Grant]]:
    """Consenting staff by the team or role they named in the grant (no passport is read)."""
    grouped: dict[str, list[Grant]] = defaultdict(list)
    for found in talent_grants(uow, organisation_id, now).values():
        grouped[found.purpose.detail].append(found)
    return dict(sorted(grouped.items()))


def staff_views(
    uow: UnitOfWork,
    grants: list[Grant],
    *,
    viewer_id: str,
    keys: KeyRing,
    now: datetime,
    logged_as: AccessAction,
) -> list[StaffView]:
    """Read each grant's skill claims through the passport's gate, which checks the grant is
    still active with ``viewer_id`` in its audience and logs the read as ``logged_as``."""
    found = []
    for grant in grants:
        view = passport.view(
            uow,
            actor_id=viewer_id,
            holder_id=grant.holder_id,
            keys=keys,
            now=now,
            grant_id=grant.id,
            logged_as=logged_as,
        )
        skills = tuple(s for s in view.skills if isinstance(s.claim.body, SkillClaim))
        found.append(StaffView(grant, grant.purpose.detail, skills))
    return found


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
    require_member(uow, viewer_id, organisation_id)
    groups, hidden = [], 0
    for team, grants in teams(uow, organisation_id, now).items():
        if len(grants) < min_group:
            hidden += 1
            continue
        people: Counter[str] = Counter()
        levels: dict[str, Counter[int]] = defaultdict(Counter)
        assured: dict[str, Counter[int]] = defaultdict(Counter)
        views = staff_views(
            uow, grants, viewer_id=viewer_id, keys=keys, now=now, logged_as=AccessAction.TEAM
        )
        for view in views:
            for skill in view.skills:
                body = skill.claim.body
                if isinstance(body, SkillClaim):
                    people[body.concept_uri] += 1
                    levels[body.concept_uri][int(body.proficiency)] += 1
                    assured[body.concept_uri][int(skill.assurance.level)] += 1
        coverage = [
            SkillCoverage(
                uri, n, dict(sorted(levels[uri].items())), dict(sorted(assured[uri].items()))
            )
            for uri, n in people.most_common()
        ]
        groups.append(TeamGroup(team, len(grants), coverage))
    return TeamView(organisation_id, groups, hidden, min_group)
