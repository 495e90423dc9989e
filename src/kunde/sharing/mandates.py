"""Counsellor help (R7): time-limited mandates, proposed changes, direct edits.

A holder gives a member of a counselling service a mandate: ``view``, ``propose`` (changes
wait for the holder's yes or no) or ``edit`` (changes go in directly). Every counsellor read
and change is attributed to the counsellor and appears in the holder's access log (reads and
edits through :mod:`kunde.sharing.gate`, proposals here). The holder ends a mandate at will.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.accounts.model import OrganisationRole
from kunde.errors import InvalidInput, NotFound
from kunde.passport import service as passport
from kunde.passport.model import ItemKind as PassportKind
from kunde.sharing import gate
from kunde.sharing.model import AccessAction, Mandate, MandateRight, SharedItem
from kunde.sharing.model import ItemKind as SharedKind
from kunde.sharing.store import MandateRow, ProposalRow, SharingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import ConceptCheck, Item, KeyRing

MAX_MANDATE_DAYS = 90
_KINDS = (PassportKind.ACHIEVEMENT, PassportKind.EXPERIENCE, PassportKind.SKILL)


@dataclass(frozen=True)
class Proposal:
    id: str
    mandate_id: str
    counsellor_name: str
    kind: PassportKind
    item_id: str | None
    data: dict[str, Any]
    created_at: datetime
    decision: str | None


def _named(uow: UnitOfWork, row: MandateRow) -> Mandate:
    return row.to_model(
        accounts.account(uow, row.counsellor_id).display_name,
        accounts.organisation(uow, row.organisation_id).name,
    )


def give(
    uow: UnitOfWork,
    *,
    holder_id: str,
    counsellor_email: str,
    organisation_id: str,
    right: MandateRight,
    days: int,
    now: datetime,
) -> Mandate:
    """Give a counsellor (a member of a counselling organisation) rights for ``days`` days
    (1 to :data:`MAX_MANDATE_DAYS`)."""
    if not 1 <= days <= MAX_MANDATE_DAYS:
        raise InvalidInput(
            f"Choose between 1 and {MAX_MANDATE_DAYS} days.", details={"field": "days"}
        )
    org = accounts.organisation(uow, organisation_id)
    counsellor = accounts.account_by_email(uow, counsellor_email)
    is_member = any(m.organisation.id == org.id for m in accounts.memberships(uow, counsellor.id))
    if OrganisationRole.COUNSELLING not in org.roles or not is_member:
        raise InvalidInput(
            "This person is not a counsellor of that organisation.",
            details={"field": "counsellor_email"},
        )
    if counsellor.id == holder_id:
        raise InvalidInput("You cannot give yourself a mandate.", details={"field": "email"})
    row = MandateRow(
        id=str(uuid.uuid4()),
        holder_id=holder_id,
        counsellor_id=counsellor.id,
        organisation_id=org.id,
        right=right.value,
        created_at=now,
        expires_at=now + timedelta(days=days),
        ended_at=None,
    )
    SharingStore(uow.session).add(row)
    uow.commit()
    return _named(uow, row)


def mandates(uow: UnitOfWork, *, holder_id: str) -> list[Mandate]:
    """The holder's mandates, also ended ones (they are consent records)."""
    return [_named(uow, r) for r in SharingStore(uow.session).mandates(holder_id=holder_id)]


def end(uow: UnitOfWork, *, holder_id: str, mandate_id: str, now: datetime) -> Mandate:
    """End a mandate at once."""
    row = SharingStore(uow.session).mandate(mandate_id)
    if row is None or row.holder_id != holder_id:
        raise NotFound("There is no such mandate.")
    if row.ended_at is None:
        row.ended_at = now
        uow.commit()
    return _named(uow, row)


def clients(uow: UnitOfWork, *, counsellor_id: str, now: datetime) -> list[tuple[Mandate, str]]:
    """The counsellor's active mandates with each holder's name (the workspace)."""
    rows = SharingStore(uow.session).mandates(counsellor_id=counsellor_id)
    active = [_named(uow, row) for row in rows]
    return [(m, accounts.account(uow, m.holder_id).display_name) for m in active if m.active(now)]


def active_mandate(
    uow: UnitOfWork, *, counsellor_id: str, mandate_id: str, now: datetime
) -> Mandate:
    """The counsellor's own active mandate; anything else is :class:`NotFound`."""
    row = SharingStore(uow.session).mandate(mandate_id)
    mandate = _named(uow, row) if row else None
    if mandate is None or mandate.counsellor_id != counsellor_id or not mandate.active(now):
        raise NotFound("There is no such mandate, or it has ended.")
    return mandate


def change(
    uow: UnitOfWork,
    *,
    counsellor_id: str,
    mandate_id: str,
    kind: PassportKind,
    data: dict[str, Any],
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> Item | Proposal:
    """A counsellor adds a record to the holder's passport: directly with an ``edit``
    mandate (the passport's gate logs it), else as a proposal the holder decides on."""
    mandate = active_mandate(uow, counsellor_id=counsellor_id, mandate_id=mandate_id, now=now)
    if kind not in _KINDS:
        raise InvalidInput(
            "Propose an achievement, experience or skill.", details={"field": "kind"}
        )
    if mandate.allows(MandateRight.EDIT):
        return passport.add(
            uow,
            actor_id=counsellor_id,
            holder_id=mandate.holder_id,
            kind=kind,
            data=data,
            keys=keys,
            concepts=concepts,
            now=now,
        )
    if not mandate.allows(MandateRight.PROPOSE):
        raise NotFound("This mandate lets you view only.")
    proposal_id = str(uuid.uuid4())
    sealed = passport.seal_note(
        uow,
        holder_id=mandate.holder_id,
        keys=keys,
        data=json.dumps(data).encode(),
        context=f"proposal:{proposal_id}",
        now=now,
    )
    row = ProposalRow(
        id=proposal_id,
        mandate_id=mandate.id,
        holder_id=mandate.holder_id,
        kind=kind.value,
        item_id=None,
        body=sealed,
        created_at=now,
        decided_at=None,
        decision=None,
    )
    SharingStore(uow.session).add(row)
    gate.append(
        uow,
        holder_id=mandate.holder_id,
        actor_id=counsellor_id,
        action=AccessAction.COUNSELLOR_PROPOSAL,
        now=now,
        organisation_id=mandate.organisation_id,
        mandate_id=mandate.id,
        items=(SharedItem(SharedKind(kind.value), proposal_id),),
    )
    uow.commit()
    return Proposal(proposal_id, mandate.id, mandate.counsellor_name, kind, None, data, now, None)


def proposals(uow: UnitOfWork, *, holder_id: str, keys: KeyRing) -> list[Proposal]:
    """Proposed changes for the holder, newest first, decided ones too."""
    store = SharingStore(uow.session)
    found = []
    for row in store.proposals(holder_id):
        mandate = store.mandate(row.mandate_id)
        name = accounts.account(uow, mandate.counsellor_id).display_name if mandate else ""
        data = json.loads(
            passport.open_note(
                uow, holder_id=holder_id, keys=keys, blob=row.body, context=f"proposal:{row.id}"
            )
        )
        found.append(
            Proposal(
                row.id,
                row.mandate_id,
                name,
                PassportKind(row.kind),
                row.item_id,
                data,
                row.created_at,
                row.decision,
            )
        )
    return found


def decide(
    uow: UnitOfWork,
    *,
    holder_id: str,
    proposal_id: str,
    accept: bool,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> Item | None:
    """Accept (the record is added as the holder's own change) or reject a proposal."""
    row = SharingStore(uow.session).proposal(proposal_id)
    if row is None or row.holder_id != holder_id or row.decision is not None:
        raise NotFound("There is no such open proposal.")
    item = None
    if accept:
        data = json.loads(
            passport.open_note(
                uow, holder_id=holder_id, keys=keys, blob=row.body, context=f"proposal:{row.id}"
            )
        )
        row.decision, row.decided_at = "accepted", now
        item = passport.add(
            uow,
            actor_id=holder_id,
            holder_id=holder_id,
            kind=PassportKind(row.kind),
            data=data,
            keys=keys,
            concepts=concepts,
            now=now,
        )  # commits the decision with the record
    else:
        row.decision, row.decided_at = "rejected", now
        uow.commit()
    return item
