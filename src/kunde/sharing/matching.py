"""Consent for matching: whose skills a vacancy may be matched against, reading only the
granted skills, logging every match shown, and the holder's place in a matching pool.

The rule (:meth:`kunde.sharing.model.Grant.admits_match`): a holder takes part for a vacancy
only through an *active* grant that is

* a **matching-pool grant** to a labour-market service: every vacancy published on this
  Kunde is matched against the pool, and the vacancy's employer sees the match; or
* a grant to the **vacancy's own organisation**, for talent management or for an
  application to exactly this vacancy (``Purpose.vacancy_id``).

Only the skill claims the grant names are read; nothing else of the passport. Reading for
the score is not logged, as no person sees it; each candidate then *shown* to an employer is
one entry in the holder's access log (:func:`record_match`), written before the list leaves
the service. A holder matching their own passport never comes here.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kunde.accounts import service as accounts
from kunde.accounts.model import Organisation, OrganisationRole
from kunde.errors import ConsentRequired, InvalidInput, NotFound
from kunde.passport import service as passport
from kunde.sharing import gate
from kunde.sharing.model import (
    AccessAction,
    AccessEntry,
    Audience,
    AudienceKind,
    Grant,
    GrantState,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
)
from kunde.sharing.service import grant as make_grant
from kunde.sharing.service import revoke
from kunde.sharing.store import SharingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing
    from kunde.passport.service import SkillView


@dataclass(frozen=True)
class MatchView:
    """One holder's granted skill claims (with their assessments and assurance level), and
    the grant that allows reading them."""

    grant: Grant
    skills: tuple[SkillView, ...]

    def items(self) -> tuple[SharedItem, ...]:
        """The skill claims read, as log items."""
        return tuple(SharedItem(ItemKind.SKILL, s.claim.id) for s in self.skills)


def _member(uow: UnitOfWork, actor_id: str, organisation_id: str) -> None:
    """Only members who handle the organisation's shares read candidates; anyone else
    learns nothing, not even that the organisation exists."""
    if not accounts.handles_shares(uow, actor_id, organisation_id):
        raise NotFound("There is no such organisation.")


def match_grants(
    uow: UnitOfWork, *, organisation_id: str, vacancy_id: str, now: datetime
) -> list[Grant]:
    """One grant per holder that admits matching for the vacancy at ``now``, by holder id.
    A holder with several takes part under the most specific (application, then talent
    management, then the pool), the newest of those."""
    rows = SharingStore(uow.session).match_grants(organisation_id, now)
    best: dict[str, Grant] = {}
    for row in rows:
        found = row.to_model()
        if not found.admits_match(organisation_id, vacancy_id, now):
            continue
        held = best.get(found.holder_id)
        if held is None or found.match_rank() < held.match_rank():
            best[found.holder_id] = found  # rows come newest first per holder
    return [best[holder] for holder in sorted(best)]


def _read(uow: UnitOfWork, found: Grant, keys: KeyRing, now: datetime) -> MatchView:
    """The granted skill claims only. The grant was checked by the caller; the passport is
    opened with the holder's key and narrowed here before anything leaves."""
    granted = {item.id for item in found.items if item.kind is ItemKind.SKILL}
    own = passport.view(
        uow, actor_id=found.holder_id, holder_id=found.holder_id, keys=keys, now=now
    )
    return MatchView(found, tuple(s for s in own.skills if s.claim.id in granted))


def match_view(
    uow: UnitOfWork,
    grant_id: str,
    *,
    actor_id: str,
    organisation_id: str,
    vacancy_id: str,
    keys: KeyRing,
    now: datetime,
) -> MatchView:
    """The skills one grant lets a member of ``organisation_id`` match against its vacancy.

    Raises :class:`NotFound` when the actor does not handle the organisation's shares (see
    :class:`kunde.accounts.MemberFunction`) or the grant does not exist,
    and :class:`ConsentRequired` when the grant has ended or does not cover this vacancy.
    """
    _member(uow, actor_id, organisation_id)
    row = SharingStore(uow.session).grant(grant_id)
    if row is None:
        raise NotFound("There is no such share.")
    found = row.to_model()
    if not found.admits_match(organisation_id, vacancy_id, now):
        raise ConsentRequired(
            "This holder does not share these skills for this vacancy (any more).",
            details={"state": found.state(now).value},
        )
    return _read(uow, found, keys, now)


def match_views(
    uow: UnitOfWork,
    *,
    actor_id: str,
    organisation_id: str,
    vacancy_id: str,
    keys: KeyRing,
    now: datetime,
) -> list[MatchView]:
    """:func:`match_view` for every holder who takes part for the vacancy, by holder id."""
    _member(uow, actor_id, organisation_id)
    return [
        _read(uow, found, keys, now)
        for found in match_grants(
            uow, organisation_id=organisation_id, vacancy_id=vacancy_id, now=now
        )
    ]


def record_match(
    uow: UnitOfWork,
    *,
    actor_id: str,
    grant_id: str,
    organisation_id: str,
    vacancy_id: str,
    items: tuple[SharedItem, ...],
    now: datetime,
) -> AccessEntry | None:
    """Write "``organisation_id`` (person ``actor_id``) matched these skills for the vacancy"
    to the holder's access log, under ``grant_id``. The grant must still admit the vacancy
    and name every item. Not committed: the caller commits once all shown matches are
    written, so either all are logged or none is shown. A holder is never logged for their
    own access (``None``)."""
    row = SharingStore(uow.session).grant(grant_id)
    found = row.to_model() if row else None
    if found is None or not found.admits_match(organisation_id, vacancy_id, now):
        raise ConsentRequired("This holder does not share these skills for this vacancy.")
    if any(item not in found.items for item in items):
        raise ConsentRequired("This share does not include everything asked for.")
    if actor_id == found.holder_id:
        return None
    return gate.append(
        uow,
        holder_id=found.holder_id,
        actor_id=actor_id,
        action=AccessAction.MATCH,
        now=now,
        organisation_id=organisation_id,
        grant=found,
        items=items,
        vacancy_id=vacancy_id,
    )


# --- the matching pool ------------------------------------------------------------------------
def labour_market_services(uow: UnitOfWork) -> list[Organisation]:
    """The organisations whose matching pool a holder can join, by name."""
    return accounts.organisations_with_role(uow, OrganisationRole.LABOUR_MARKET_SERVICE)


def _service(uow: UnitOfWork, organisation_id: str | None) -> Organisation:
    services = labour_market_services(uow)
    if organisation_id is not None:
        for org in services:
            if org.id == organisation_id:
                return org
        raise InvalidInput(
            "This organisation is not a labour-market service, so it has no matching pool.",
            details={"field": "organisation_id"},
        )
    if not services:
        raise InvalidInput(
            "There is no labour-market service on this Kunde, so there is no matching pool "
            "to join.",
            details={"field": "organisation_id"},
        )
    if len(services) > 1:
        raise InvalidInput(
            "Choose the labour-market service whose matching pool you join.",
            details={
                "field": "organisation_id",
                "choices": [{"id": org.id, "name": org.name} for org in services],
            },
        )
    return services[0]


def pool_grants(uow: UnitOfWork, *, holder_id: str, now: datetime) -> list[Grant]:
    """The holder's active matching-pool grants, newest first."""
    return [
        found
        for found in (row.to_model() for row in SharingStore(uow.session).grants_of(holder_id))
        if found.audience.kind is AudienceKind.MATCHING_POOL
        and found.state(now) is GrantState.ACTIVE
    ]


def join_pool(
    uow: UnitOfWork,
    *,
    holder_id: str,
    keys: KeyRing,
    now: datetime,
    max_days: int,
    organisation_id: str | None = None,
    expires_at: datetime | None = None,
) -> Grant:
    """Share all the holder's skill claims with the matching pool of a labour-market service
    (``organisation_id``, or the instance's only one), until ``expires_at`` (default 30
    days). An active pool grant to the same service is replaced (revoked, and kept as a
    consent record), so joining again renews the skills and the end."""
    service = _service(uow, organisation_id)
    own = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
    items = tuple(SharedItem(ItemKind.SKILL, s.claim.id) for s in own.skills)
    if not items:
        raise InvalidInput(
            "Add skills to your passport first: the matching pool only sees your skills.",
            details={"field": "items"},
        )
    request = NewGrant(
        audience=Audience(AudienceKind.MATCHING_POOL, service.id),
        purpose=Purpose(PurposeKind.MATCHING_POOL),
        items=items,
        expires_at=expires_at,
    )
    before = [
        old.id
        for old in pool_grants(uow, holder_id=holder_id, now=now)
        if old.audience.organisation_id == service.id
    ]
    # The new grant first: it checks the end and raises before anything is written, so a
    # bad request never leaves the holder out of the pool. link_secret is for open links.
    created = make_grant(
        uow, holder_id=holder_id, request=request, keys=keys, now=now, max_days=max_days,
        link_secret="",
    )  # fmt: skip
    for old_id in before:
        revoke(uow, holder_id=holder_id, share_id=old_id, now=now)
    return created.grant


def leave_pool(
    uow: UnitOfWork, *, holder_id: str, now: datetime, organisation_id: str | None = None
) -> list[Grant]:
    """Revoke the holder's active pool grants (to ``organisation_id`` only, if given); they
    stop matching at once. Returns the grants ended."""
    ended = [
        revoke(uow, holder_id=holder_id, share_id=found.id, now=now)
        for found in pool_grants(uow, holder_id=holder_id, now=now)
        if organisation_id is None or found.audience.organisation_id == organisation_id
    ]
    uow.commit()
    return ended


__all__ = [
    "MatchView",
    "join_pool",
    "labour_market_services",
    "leave_pool",
    "match_grants",
    "match_view",
    "match_views",
    "pool_grants",
    "record_match",
]
