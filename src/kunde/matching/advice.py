"""Use cases for the holder: learning routes, career moves, and the learning-offer catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

from kunde.errors import InvalidInput
from kunde.matching import service
from kunde.matching.careers import (
    CareerMove,
    career_moves,
    major_group,
    occupation_as_held,
    skill_level,
)
from kunde.matching.engine import explain
from kunde.matching.learning import LearningOffer, Route, route
from kunde.matching.model import JobProfile, Match
from kunde.matching.store import LearningOfferRow, MatchingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing

MAX_CAREER_LIMIT = 50


def import_offers(uow: UnitOfWork, offers: list[LearningOffer]) -> tuple[int, int]:
    """Add or update offers by ``ref`` (importing the same file again changes nothing).
    Returns (added, updated)."""
    store = MatchingStore(uow.session)
    added = updated = 0
    for offer in offers:
        values = offer.model_dump(mode="json")
        values["skills"] = list(offer.skills)
        row = store.offer(offer.ref)
        if row is None:
            store.add(LearningOfferRow(**values))
            added += 1
            continue
        if any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            updated += 1
    uow.commit()
    return added, updated


def offers(uow: UnitOfWork) -> list[LearningOffer]:
    return [
        LearningOffer(
            ref=r.ref,
            kind=r.kind,
            provider=r.provider,
            title=r.title,
            language=r.language,
            skills=tuple(r.skills),
            level=r.level,
            hours=r.hours,
            credential=r.credential,
            url=r.url,
        )
        for r in MatchingStore(uow.session).offers()
    ]


def target_profile(uow: UnitOfWork, matching: service.MatchingService, target: str) -> JobProfile:
    """A vacancy id or an ESCO occupation URI as a job profile."""
    if target.startswith(("http://", "https://")):
        return matching.occupation_profile(target)
    if not target:
        raise InvalidInput("Say what the route is for: a vacancy id or an occupation URI.")
    return service.vacancy(uow, target).profile


def learning_route(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    holder_id: str,
    target: str,
    keys: KeyRing,
    now: datetime,
) -> tuple[JobProfile, Match, Route]:
    """The holder's gaps for a vacancy or occupation and the route that closes them."""
    profile = target_profile(uow, matching, target)
    held = service.held(uow, holder_id=holder_id, keys=keys, now=now)
    match = explain(profile, holder_id, held, matching.graph())
    return profile, match, route(match.gaps, offers(uow))


def career_paths(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    start: str | None,
    holder_id: str | None,
    keys: KeyRing | None,
    now: datetime,
    limit: int = 10,
) -> list[CareerMove]:
    """Occupations in other sectors for an occupation URI (``start``) or the holder's passport."""
    if not 1 <= limit <= MAX_CAREER_LIMIT:
        raise InvalidInput(f"limit must be 1 to {MAX_CAREER_LIMIT}.", details={"field": "limit"})
    graph = matching.graph()
    codes = matching.occupation_codes()
    if start:
        if start not in codes:
            raise InvalidInput(
                f"{start} is not an ESCO occupation known here.", details={"field": "from"}
            )
        held = occupation_as_held(graph, start)
        exclude = {g for g in (major_group(codes[start]),) if g}
        level = skill_level(codes[start])
    elif holder_id is not None and keys is not None:
        held = service.held(uow, holder_id=holder_id, keys=keys, now=now)
        exclude = set()
        level = None
        if not held:
            raise InvalidInput("Add skills to your passport first.", details={"field": "from"})
    else:
        raise InvalidInput("Give an occupation URI to start from.", details={"field": "from"})
    return career_moves(
        graph,
        codes,
        held,
        exclude_groups=exclude,
        max_skill_level=level,
        offers=offers(uow),
        limit=limit,
    )


__all__ = ["career_paths", "import_offers", "learning_route", "offers", "target_profile"]
