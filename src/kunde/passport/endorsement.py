"""Endorsements: the holder asks a named colleague, employer or assessor to confirm a claim.

The holder gets a secret link (shown once, stored only as a digest, valid 30 days, usable
once). Whoever opens it sees the claim and the holder's name and answers with the method they
used and a comment; that answer becomes an assessment with source ``endorsement``.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from kunde.db.base import utc
from kunde.errors import InvalidInput, NotFound
from kunde.passport import access
from kunde.passport._records import Item, OpenPassport, new_id, open_passport
from kunde.passport.access import Action
from kunde.passport.model import (
    AssessmentSource,
    AssessorRole,
    ItemKind,
    Method,
    SkillClaim,
)
from kunde.passport.service import add_assessment
from kunde.passport.store import EndorsementRow, PassportStore

if TYPE_CHECKING:
    from kunde.db.session import UnitOfWork
    from kunde.passport._crypto import KeyRing

LIFETIME = timedelta(days=30)
ENDORSER_ROLES = tuple(role for role in AssessorRole if role is not AssessorRole.SELF)
ENDORSER_METHODS = tuple(m for m in Method if m not in (Method.SELF_REPORT, Method.CREDENTIAL))


@dataclass(frozen=True)
class EndorsementRequest:
    id: str
    claim_id: str
    token: str  # only known right after the request is made
    expires_at: datetime


@dataclass(frozen=True)
class EndorsementInvite:
    """What the endorser sees: whose claim, which skill, and who was asked."""

    holder_id: str
    claim: SkillClaim
    endorser_name: str
    endorser_role: AssessorRole
    expires_at: datetime


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    claim_id: str,
    endorser_name: str,
    endorser_role: str,
    keys: KeyRing,
    now: datetime,
) -> EndorsementRequest:
    """Make a one-time link for ``endorser_name`` to confirm the claim ``claim_id``."""
    access.require(actor_id, holder_id, Action.WRITE)
    name = " ".join(endorser_name.split())
    if not name or len(name) > 200:  # noqa: PLR2004
        raise InvalidInput(
            "Fill in the name of the person you ask.", details={"field": "endorser_name"}
        )
    try:
        role = AssessorRole(endorser_role)
    except ValueError:
        role = AssessorRole.SELF
    if role not in ENDORSER_ROLES:
        raise InvalidInput(
            "Choose who this person is: a colleague, an employer or an assessor.",
            details={"field": "endorser_role"},
        )
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        raise NotFound("There is no skill with this id in your passport.")
    passport.get(claim_id, ItemKind.SKILL)
    token = secrets.token_urlsafe(32)
    row_id = new_id()
    details = json.dumps({"name": name, "role": role.value}).encode()
    passport.store.add(
        EndorsementRow(
            id=row_id,
            token_hash=_digest(token),
            passport_id=passport.id,
            claim_id=claim_id,
            created_at=now,
            expires_at=now + LIFETIME,
            used_at=None,
            details=passport.seal_bytes(details, f"endorsement:{row_id}"),
        )
    )
    uow.commit()
    return EndorsementRequest(row_id, claim_id, token, now + LIFETIME)


def _open(
    uow: UnitOfWork, token: str, keys: KeyRing, now: datetime
) -> tuple[EndorsementRow, OpenPassport, Item, dict[str, str]]:
    store = PassportStore(uow.session)
    row = store.endorsement(_digest(token)) if token else None
    passport_row = store.passport_by_id(row.passport_id) if row else None
    if row is None or passport_row is None or row.used_at is not None or utc(row.expires_at) <= now:
        raise NotFound("This link does not work (any more). Ask for a new one.")
    passport = open_passport(uow, passport_row.holder_id, keys)
    claim_row = passport.store.item(passport.id, row.claim_id) if passport else None
    if passport is None or claim_row is None:
        raise NotFound("This link does not work (any more). Ask for a new one.")
    details = json.loads(passport.open_bytes(row.details, f"endorsement:{row.id}"))
    return row, passport, passport.item(claim_row), details


def invite(uow: UnitOfWork, token: str, *, keys: KeyRing, now: datetime) -> EndorsementInvite:
    """What the link shows; :class:`NotFound` when it is unknown, used or expired."""
    row, passport, claim, details = _open(uow, token, keys, now)
    assert isinstance(claim.body, SkillClaim)  # noqa: S101 - the row is a skill
    return EndorsementInvite(
        passport.row.holder_id,
        claim.body,
        details["name"],
        AssessorRole(details["role"]),
        utc(row.expires_at),
    )


def endorse(
    uow: UnitOfWork,
    token: str,
    *,
    method: str,
    comment: str,
    keys: KeyRing,
    now: datetime,
    organisation: str = "",
    standard_kind: str = "none",
    standard_ref: str = "",
) -> Item:
    """Record the endorser's answer as an assessment and close the link."""
    row, passport, claim, details = _open(uow, token, keys, now)
    if method not in {m.value for m in ENDORSER_METHODS}:
        raise InvalidInput("Choose how you know this.", details={"field": "method"})
    data = {
        "assessor_role": details["role"],
        "assessor_name": details["name"],
        "assessor_organisation": organisation,
        "method": method,
        "comment": comment,
        "standard_kind": standard_kind,
        "standard_ref": standard_ref,
        "assessed_on": date(now.year, now.month, now.day).isoformat(),
    }
    row.used_at = now
    holder = passport.row.holder_id
    # The endorser acts through the holder's link, so the write is made on the holder's behalf.
    return add_assessment(
        uow,
        actor_id=holder,
        holder_id=holder,
        claim_id=claim.id,
        data=data,
        keys=keys,
        now=now,
        source=AssessmentSource.ENDORSEMENT,
    )
