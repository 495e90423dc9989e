"""The consent check behind :func:`kunde.passport.access.require`, and the access log writer.

The passport asks here whenever someone other than the holder reads or writes a passport.
The answer is a :class:`Decision` (what may be seen) or an error; each allowed access is
appended to the holder's hash-chained access log *before* any data leaves the service.

This module depends only on the sharing model and store and on accounts, never on the
passport, so the passport can import it without a cycle.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kunde.accounts import service as accounts
from kunde.errors import ConsentRequired, NotFound
from kunde.sharing.model import (
    GENESIS,
    AccessAction,
    AccessEntry,
    AudienceKind,
    Grant,
    GrantState,
    Mandate,
    MandateRight,
    Purpose,
    SharedItem,
    entry_hash,
)
from kunde.sharing.store import AccessRow, GrantRow, SharingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork

ANYONE = ""  # the actor id of someone without an account, holding an open link

_NOT_FOUND = "There is no such passport or record."


@dataclass(frozen=True)
class Decision:
    """What an actor other than the holder may see: ``scope`` lists (kind, id) pairs, or is
    ``None`` for the whole passport (a counsellor's mandate)."""

    scope: frozenset[tuple[str, str]] | None
    grant: Grant | None = None
    mandate: Mandate | None = None


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def append(
    uow: UnitOfWork,
    *,
    holder_id: str,
    actor_id: str | None,
    action: AccessAction,
    now: datetime,
    organisation_id: str | None = None,
    grant: Grant | None = None,
    mandate_id: str | None = None,
    items: tuple[SharedItem, ...] = (),
    purpose: Purpose | None = None,
    vacancy_id: str | None = None,
    presentation_id: str | None = None,
) -> AccessEntry:
    """Append one entry to ``holder_id``'s log, chained to the entry before. Not committed:
    the caller's transaction decides, so a failed write leaves no entry behind."""
    store = SharingStore(uow.session)
    last = store.last_entry(holder_id)
    entry = AccessEntry(
        position=(last.position + 1) if last else 1,
        holder_id=holder_id,
        actor_id=actor_id or None,
        organisation_id=organisation_id,
        action=action,
        grant_id=grant.id if grant else None,
        mandate_id=mandate_id,
        purpose=grant.purpose if grant else purpose,
        items=items,
        at=now,
        previous_hash=last.hash if last else GENESIS,
        vacancy_id=vacancy_id,
        presentation_id=presentation_id,
    )
    entry = AccessEntry(**{**entry.__dict__, "hash": entry_hash(entry)})
    fields = entry.fields()
    store.add(
        AccessRow(
            holder_id=holder_id,
            position=entry.position,
            actor_id=entry.actor_id,
            organisation_id=organisation_id,
            action=action.value,
            grant_id=entry.grant_id,
            mandate_id=mandate_id,
            purpose=fields["purpose"],
            purpose_detail=fields["purpose_detail"],
            items=fields["items"],
            at=now,
            previous_hash=entry.previous_hash,
            hash=entry.hash,
            vacancy_id=vacancy_id,
            presentation_id=presentation_id,
        )
    )
    return entry


def in_audience(uow: UnitOfWork, grant: Grant, actor_id: str, link_token: str | None) -> bool:
    """Whether ``actor_id`` (or the holder of ``link_token``) is the grant's audience.

    For an organisation that is not every member: only its admins and the members an admin
    gave the ``handles_shares`` function (:class:`kunde.accounts.MemberFunction`).
    """
    audience = grant.audience
    if audience.kind is AudienceKind.ANYONE_WITH_LINK:
        row = SharingStore(uow.session).grant(grant.id)
        return bool(link_token and row and row.token_hash == digest(link_token))
    if actor_id == ANYONE:
        return False
    if audience.kind is AudienceKind.PERSON:
        try:
            return accounts.account(uow, actor_id).email == audience.email
        except NotFound:
            return False
    return audience.organisation_id is not None and accounts.handles_shares(
        uow, actor_id, audience.organisation_id
    )


def audience_grant(
    uow: UnitOfWork,
    *,
    actor_id: str,
    grant_id: str,
    now: datetime,
    link_token: str | None = None,
    holder_id: str | None = None,
) -> Grant:
    """The grant, if ``actor_id`` is its audience and it is active now.

    Strangers (wrong holder, not the audience, unknown id) get :class:`NotFound`; the audience
    of an ended or revoked grant gets :class:`ConsentRequired`.
    """
    row: GrantRow | None = SharingStore(uow.session).grant(grant_id)
    grant = row.to_model() if row else None
    if (
        grant is None
        or (holder_id is not None and grant.holder_id != holder_id)
        or not in_audience(uow, grant, actor_id, link_token)
    ):
        raise NotFound("There is no such share.")
    if grant.state(now) is not GrantState.ACTIVE:
        raise ConsentRequired(
            "This share has ended or the holder took it back. Ask the holder to share again.",
            details={"state": grant.state(now).value},
        )
    return grant


def _mandate(uow: UnitOfWork, actor_id: str, holder_id: str, now: datetime) -> Mandate | None:
    rows = SharingStore(uow.session).mandates(holder_id=holder_id, counsellor_id=actor_id)
    active = [row.to_model() for row in rows if row.to_model().active(now)]
    # Several active mandates can overlap; the widest right applies.
    order = list(MandateRight)
    return max(active, key=lambda m: order.index(m.right), default=None)


def authorise(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    action: str,
    now: datetime,
    grant_id: str | None = None,
    link_token: str | None = None,
    logged_as: AccessAction = AccessAction.VIEW,
) -> Decision:
    """Decide an access by someone other than the holder, and log it.

    * With ``grant_id``: only reads, only while the grant is active, only by its audience;
      the scope is the grant's items. Logged as ``logged_as`` (view, match, team).
    * Without: a counsellor's active mandate allows reads (any right) and writes (``edit``);
      reads are logged and committed at once, writes are logged in the writer's transaction.
    * Everything else (exports, erasure, strangers) is :class:`NotFound`.
    """
    if grant_id is not None:
        grant = audience_grant(
            uow,
            actor_id=actor_id,
            grant_id=grant_id,
            now=now,
            link_token=link_token,
            holder_id=holder_id,
        )
        if action != "read":
            raise ConsentRequired("A share only lets you read what was shared.")
        append(
            uow,
            holder_id=holder_id,
            actor_id=actor_id,
            action=logged_as,
            now=now,
            organisation_id=grant.audience.organisation_id,
            grant=grant,
            items=grant.items,
        )
        uow.commit()
        scope = frozenset((item.kind.value, item.id) for item in grant.items)
        return Decision(scope, grant=grant)
    mandate = _mandate(uow, actor_id, holder_id, now) if actor_id != ANYONE else None
    if mandate is None or action not in ("read", "write"):
        raise NotFound(_NOT_FOUND)
    if action == "write" and not mandate.allows(MandateRight.EDIT):
        raise NotFound(_NOT_FOUND)
    logged = AccessAction.COUNSELLOR_VIEW if action == "read" else AccessAction.COUNSELLOR_EDIT
    append(
        uow,
        holder_id=holder_id,
        actor_id=actor_id,
        action=logged,
        now=now,
        organisation_id=mandate.organisation_id,
        mandate_id=mandate.id,
    )
    if action == "read":
        uow.commit()
    return Decision(None, mandate=mandate)
