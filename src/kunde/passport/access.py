"""The one gate in front of every read and write of a passport.

Every service function that touches a passport calls :func:`require` with the acting account
and the holder. The holder may do everything. Anyone else passes only through the holder's
consent, checked by :mod:`kunde.sharing.gate`:

* a **share grant** (``grant_id``, and ``link_token`` for an open link) lets its audience read
  the granted items while the grant is active; the :class:`Permit` names those items and the
  reading service shows nothing else;
* a **counsellor mandate** lets the counsellor read the whole passport, and write when the
  holder allowed direct edits.

Each such access is written to the holder's access log before data is returned. Without
``uow`` and ``now`` only the holder passes (exports, erasure, endorsement links).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from kunde.errors import NotFound
from kunde.sharing import gate
from kunde.sharing.model import AccessAction

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork

ANYONE = gate.ANYONE


class Action(StrEnum):
    READ = "read"
    WRITE = "write"
    EXPORT = "export"
    ERASE = "erase"


@dataclass(frozen=True)
class Permit:
    """What the actor may see of the holder's passport: everything (``scope`` is ``None``)
    or the listed (kind, id) pairs; personal information as ("personal", field)."""

    holder_id: str
    actor_id: str
    scope: frozenset[tuple[str, str]] | None = None
    grant_id: str | None = None
    mandate_id: str | None = None

    def shows(self, kind: str, item_id: str) -> bool:
        return self.scope is None or (kind, item_id) in self.scope

    def personal_fields(self) -> frozenset[str] | None:
        """The personal fields in view, or ``None`` for all of them."""
        if self.scope is None:
            return None
        return frozenset(item_id for kind, item_id in self.scope if kind == "personal")


def require(
    actor_id: str,
    holder_id: str,
    action: Action,
    *,
    uow: UnitOfWork | None = None,
    now: datetime | None = None,
    grant_id: str | None = None,
    link_token: str | None = None,
    logged_as: AccessAction = AccessAction.VIEW,
) -> Permit:
    """The :class:`Permit` for ``actor_id`` to do ``action`` on ``holder_id``'s passport.

    Refusals are :class:`NotFound` (404) so nobody learns whether a hidden passport or record
    exists; only a grant's own audience hears :class:`~kunde.errors.ConsentRequired` (403)
    when the grant has ended.
    """
    if actor_id == holder_id and actor_id != ANYONE and grant_id is None:
        return Permit(holder_id, actor_id)
    if uow is None or now is None:
        raise NotFound("There is no such passport or record.")
    decision = gate.authorise(
        uow,
        actor_id=actor_id,
        holder_id=holder_id,
        action=action.value,
        now=now,
        grant_id=grant_id,
        link_token=link_token,
        logged_as=logged_as,
    )
    return Permit(
        holder_id,
        actor_id,
        decision.scope,
        decision.grant.id if decision.grant else None,
        decision.mandate.id if decision.mandate else None,
    )
