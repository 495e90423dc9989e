"""Who takes part in matching, and the record of every match shown to someone else.

Only passports whose holder agreed take part, and only with the skills the holder chose.
That is decided in one place, :mod:`kunde.sharing.matching`: for a vacancy, the holders
with an active grant for a matching pool (every vacancy on this Kunde is matched against
the pool; the vacancy's employer sees the match), or to the vacancy's organisation for an
application to this vacancy or for talent management. :func:`eligible_holders` and
:func:`eligible_grants` ask it; candidates' skills are read through
:func:`kunde.sharing.matching.match_views`, which reads only the granted skill claims.

Every match shown to anyone but the holder is reported to an :class:`AccessRecorder`
(``record_access``). :class:`ConsentLog` writes it to the holder's hash-chained access log,
and is what the app and the CLI use. The recorder is always passed in; :class:`DiscardAccess`
exists for benchmarks and unit tests of the pure engine and is never a default.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from kunde.errors import InvalidInput, NotFound
from kunde.matching.store import MatchingStore
from kunde.passport import service as passport
from kunde.sharing import matching as consent
from kunde.sharing import service as sharing
from kunde.sharing.model import (
    Audience,
    AudienceKind,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
)

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing
    from kunde.sharing.model import Grant


@dataclass(frozen=True)
class Scope:
    """The vacancy candidates are needed for, and the organisation that published it."""

    vacancy_id: str
    organisation_id: str


@dataclass(frozen=True)
class AccessEvent:
    """One candidate shown to someone other than the holder."""

    holder_id: str
    actor_id: str  # the account that saw the match
    organisation_id: str  # the vacancy's organisation
    vacancy_id: str
    grant_id: str  # the consent the skills were read under
    claims: tuple[str, ...]  # the skill claim ids the match read
    at: datetime


class AccessRecorder(Protocol):
    """Receives one event per candidate shown, inside the caller's transaction; the caller
    commits once every event is recorded, so nothing is shown without its record."""

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None: ...


class ConsentLog:
    """Writes each event to the holder's access log (:func:`kunde.sharing.matching.
    record_match`), which checks the grant once more. The app and the CLI use this."""

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        consent.record_match(
            uow,
            actor_id=event.actor_id,
            grant_id=event.grant_id,
            organisation_id=event.organisation_id,
            vacancy_id=event.vacancy_id,
            items=tuple(SharedItem(ItemKind.SKILL, claim) for claim in event.claims),
            now=event.at,
        )


class DiscardAccess:
    """Records nothing: for the pure engine's benchmarks and tests only."""

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        del uow, event


class ListAccess:
    """Keeps events in memory, for tests that look at what was shown."""

    def __init__(self) -> None:
        self.events: list[AccessEvent] = []

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        del uow
        self.events.append(event)


def eligible_grants(uow: UnitOfWork, scope: Scope, *, now: datetime) -> list[Grant]:
    """The grant each taking-part holder is matched under for ``scope`` at ``now``, by
    holder id (see :func:`kunde.sharing.matching.match_grants`)."""
    return consent.match_grants(
        uow, organisation_id=scope.organisation_id, vacancy_id=scope.vacancy_id, now=now
    )


def eligible_holders(uow: UnitOfWork, scope: Scope, *, now: datetime) -> list[str]:
    """Holders whose passports may take part for ``scope`` at ``now``, sorted."""
    return [found.holder_id for found in eligible_grants(uow, scope, now=now)]


# --- taking part: the pool and applications ---------------------------------------------------
join_pool = consent.join_pool  # a grant of the holder's skills to a labour-market service
leave_pool = consent.leave_pool  # revokes it: matching stops at once


def in_pool(uow: UnitOfWork, *, holder_id: str, now: datetime) -> bool:
    """Whether the holder has an active matching-pool grant at ``now``."""
    return bool(consent.pool_grants(uow, holder_id=holder_id, now=now))


def apply(
    uow: UnitOfWork,
    *,
    holder_id: str,
    vacancy_id: str,
    keys: KeyRing,
    now: datetime,
    max_days: int,
    claims: list[str] | None = None,
    expires_at: datetime | None = None,
) -> Grant:
    """Apply to a vacancy: share skill claims (``claims``, default all) with its employer for
    this vacancy, by id, so its matches include the holder. It ends like any share: at its
    end or when the holder revokes it."""
    row = MatchingStore(uow.session).vacancy(vacancy_id)
    if row is None:
        raise NotFound("There is no such vacancy.", details={"id": vacancy_id})
    if claims is None:
        own = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
        claims = [s.claim.id for s in own.skills]
    if not claims:
        raise InvalidInput(
            "Add skills to your passport first: an application shares your skills.",
            details={"field": "claims"},
        )
    request = NewGrant(
        audience=Audience(AudienceKind.ORGANISATION, row.organisation_id),
        purpose=Purpose(PurposeKind.VACANCY, row.title, row.id),
        items=tuple(SharedItem(ItemKind.SKILL, claim) for claim in dict.fromkeys(claims)),
        expires_at=expires_at,
    )
    # link_secret is for open links only; an application goes to an organisation. The
    # sharing service checks that every claim is the holder's own.
    created = sharing.grant(
        uow, holder_id=holder_id, request=request, keys=keys, now=now, max_days=max_days,
        link_secret="",
    )  # fmt: skip
    return created.grant


__all__ = [
    "AccessEvent",
    "AccessRecorder",
    "ConsentLog",
    "DiscardAccess",
    "ListAccess",
    "Scope",
    "apply",
    "eligible_grants",
    "eligible_holders",
    "in_pool",
    "join_pool",
    "leave_pool",
]
