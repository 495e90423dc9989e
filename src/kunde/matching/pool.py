"""Who takes part in matching, and the record of every match shown to someone else.

Only passports whose holder agreed take part. That decision is made in one place,
:func:`eligible_holders`: today it returns the holders who joined the *matching pool*
(``kunde.matching.service.join_pool``). Consent grants (the sharing module) replace the
body of this one function with "holders with an active grant for the matching pool, or for
this application", and nothing else in matching changes.

Every match shown to anyone but the holder is reported to an :class:`AccessRecorder`
(``record_access``) so the holder can see who found them and why. The recorder is always
passed in; :class:`DiscardAccess` exists for benchmarks and unit tests of the pure engine
and is never a default.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

from kunde.matching.store import MatchingStore

if TYPE_CHECKING:
    from kunde.db.session import UnitOfWork


class Purpose(StrEnum):
    MATCHING_POOL = "matching_pool"  # found by any employer's vacancy
    APPLICATION = "application"  # the holder applied to this one vacancy


@dataclass(frozen=True)
class Scope:
    """What the candidates are needed for: the pool, or one vacancy's applicants."""

    purpose: Purpose = Purpose.MATCHING_POOL
    vacancy_id: str | None = None


@dataclass(frozen=True)
class AccessEvent:
    holder_id: str
    actor_id: str  # the account that saw the match
    organisation_id: str | None
    purpose: Purpose
    subject: str  # e.g. "vacancy:<id>"
    items: tuple[str, ...]  # the skill concept URIs the match read
    at: datetime


class AccessRecorder(Protocol):
    """Receives one event per candidate shown; the sharing module's access log implements it."""

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None: ...


class DiscardAccess:
    """Records nothing: for the pure engine's benchmarks and tests only."""

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        del uow, event


class LogAccess:
    """Writes each event to the ``kunde.matching.access`` log (ids only, no personal data).

    The web app uses it until the sharing module's access log takes its place
    (``app.state.access_recorder``)."""

    def __init__(self) -> None:
        self._log = logging.getLogger("kunde.matching.access")

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        del uow
        self._log.info(
            "match shown holder=%s actor=%s organisation=%s purpose=%s subject=%s skills=%d",
            event.holder_id,
            event.actor_id,
            event.organisation_id,
            event.purpose.value,
            event.subject,
            len(event.items),
        )


class ListAccess:
    """Keeps events in memory (tests, and the CLI which prints what it showed)."""

    def __init__(self) -> None:
        self.events: list[AccessEvent] = []

    def record_access(self, uow: UnitOfWork, event: AccessEvent) -> None:
        del uow
        self.events.append(event)


def eligible_holders(uow: UnitOfWork, scope: Scope, *, now: datetime) -> list[str]:
    """Holders whose passports may take part for ``scope`` at ``now``, sorted.

    Today: the members of the matching pool (an application counts the pool members too,
    as applying is not recorded yet). The sharing module replaces this body with a grant
    lookup; callers keep calling this function.
    """
    del now  # pool membership does not expire; grants will
    del scope
    return MatchingStore(uow.session).pool()


__all__ = [
    "AccessEvent",
    "AccessRecorder",
    "DiscardAccess",
    "ListAccess",
    "LogAccess",
    "Purpose",
    "Scope",
    "eligible_holders",
]
