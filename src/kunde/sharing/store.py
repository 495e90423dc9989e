"""Tables and queries of consent grants, counsellor mandates, change proposals and the access
log (the only SQLAlchemy import of the sharing package).

Nothing personal is stored here in the clear: grants and log entries hold ids, kinds, times
and the purpose the holder typed (a vacancy title or team name); proposed changes are sealed
with the holder's passport key. Open-link secrets are kept only as SHA-256 digests. The one
exception is an answered presentation request: the claims the holder chose to disclose are
the verifier organisation's data, kept for its members in ``presentation_request.result``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    func,
    or_,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base, utc
from kunde.sharing.model import (
    AccessAction,
    AccessEntry,
    Audience,
    AudienceKind,
    Grant,
    ItemKind,
    Mandate,
    MandateRight,
    Purpose,
    PurposeKind,
    SharedItem,
)


def _items(raw: list[dict[str, Any]]) -> tuple[SharedItem, ...]:
    return tuple(SharedItem(ItemKind(i["kind"]), i["id"]) for i in raw)


class GrantRow(Base):
    __tablename__ = "share_grant"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    audience_kind: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[str | None] = mapped_column(
        ForeignKey("organisation.id", ondelete="SET NULL")
    )
    email: Mapped[str | None] = mapped_column(String(254))
    purpose: Mapped[str] = mapped_column(String(30))
    purpose_detail: Mapped[str] = mapped_column(String(200))
    # Purpose vacancy: the vacancy applied for. An id only, without a foreign key, so sharing
    # does not depend on matching's tables; a removed vacancy simply matches nobody.
    vacancy_id: Mapped[str | None] = mapped_column(String(36))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_share_grant_holder_id", "holder_id"),
        Index("ix_share_grant_organisation_id", "organisation_id"),
    )

    def to_model(self, audience_name: str = "") -> Grant:
        return Grant(
            id=self.id,
            holder_id=self.holder_id,
            audience=Audience(AudienceKind(self.audience_kind), self.organisation_id, self.email),
            purpose=Purpose(PurposeKind(self.purpose), self.purpose_detail, self.vacancy_id),
            items=_items(self.items),
            created_at=utc(self.created_at),
            expires_at=utc(self.expires_at),
            revoked_at=utc(self.revoked_at) if self.revoked_at else None,
            audience_name=audience_name,
        )


class MandateRow(Base):
    __tablename__ = "counsellor_mandate"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    counsellor_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    right: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_counsellor_mandate_holder_id", "holder_id"),
        Index("ix_counsellor_mandate_counsellor_id", "counsellor_id"),
    )

    def to_model(self, counsellor_name: str = "", organisation_name: str = "") -> Mandate:
        return Mandate(
            id=self.id,
            holder_id=self.holder_id,
            counsellor_id=self.counsellor_id,
            organisation_id=self.organisation_id,
            right=MandateRight(self.right),
            created_at=utc(self.created_at),
            expires_at=utc(self.expires_at),
            ended_at=utc(self.ended_at) if self.ended_at else None,
            counsellor_name=counsellor_name,
            organisation_name=organisation_name,
        )


class ProposalRow(Base):
    """A change a counsellor proposed; ``body`` is sealed with the holder's passport key."""

    __tablename__ = "change_proposal"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    mandate_id: Mapped[str] = mapped_column(ForeignKey("counsellor_mandate.id", ondelete="CASCADE"))
    holder_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(20))
    item_id: Mapped[str | None] = mapped_column(String(36))
    body: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision: Mapped[str | None] = mapped_column(String(10))

    __table_args__ = (Index("ix_change_proposal_holder_id", "holder_id"),)


class AccessRow(Base):
    """One access-log entry; (holder, position) is unique, so two writers cannot fork the
    chain: the second one fails and its transaction rolls back."""

    __tablename__ = "access_log"

    holder_id: Mapped[str] = mapped_column(String(36), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    actor_id: Mapped[str | None] = mapped_column(String(36))
    organisation_id: Mapped[str | None] = mapped_column(String(36))
    action: Mapped[str] = mapped_column(String(30))
    grant_id: Mapped[str | None] = mapped_column(String(36))
    mandate_id: Mapped[str | None] = mapped_column(String(36))
    purpose: Mapped[str | None] = mapped_column(String(30))
    purpose_detail: Mapped[str | None] = mapped_column(String(200))
    items: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    previous_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))
    vacancy_id: Mapped[str | None] = mapped_column(String(36))
    presentation_id: Mapped[str | None] = mapped_column(String(36))

    def to_model(self) -> AccessEntry:
        purpose = (
            Purpose(PurposeKind(self.purpose), self.purpose_detail or "") if self.purpose else None
        )
        return AccessEntry(
            position=self.position,
            holder_id=self.holder_id,
            actor_id=self.actor_id,
            organisation_id=self.organisation_id,
            action=AccessAction(self.action),
            grant_id=self.grant_id,
            mandate_id=self.mandate_id,
            purpose=purpose,
            items=_items(self.items),
            at=utc(self.at),
            previous_hash=self.previous_hash,
            hash=self.hash,
            vacancy_id=self.vacancy_id,
            presentation_id=self.presentation_id,
        )


class PresentationRequestRow(Base):
    """An OpenID4VP request made by an organisation; ``nonce`` is used for one answer only.
    ``result`` holds what the verifier received (checks and disclosed claims), for its
    members; ``holder_id`` is set when a holder answered with Kunde's wallet."""

    __tablename__ = "presentation_request"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    created_by: Mapped[str | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    nonce: Mapped[str] = mapped_column(String(64), unique=True)
    state: Mapped[str] = mapped_column(String(64))
    query: Mapped[dict[str, Any]] = mapped_column(JSON)
    purpose: Mapped[str] = mapped_column(String(30))
    purpose_detail: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    holder_id: Mapped[str | None] = mapped_column(ForeignKey("account.id", ondelete="SET NULL"))
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_presentation_request_organisation_id", "organisation_id"),)


class OutsidePresentationRow(Base):
    """A credential the holder's wallet presented to a verifier on another host.
    ``request_key`` (a digest of client id and nonce) is unique: a request is answered once."""

    __tablename__ = "outside_presentation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    holder_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    request_key: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(500))
    verifier_name: Mapped[str] = mapped_column(String(200))
    verifier_host: Mapped[str] = mapped_column(String(255))
    checked_as: Mapped[str] = mapped_column(String(30))
    purpose_text: Mapped[str] = mapped_column(String(300))
    claims: Mapped[list[str]] = mapped_column(JSON)
    answered_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_outside_presentation_holder_id", "holder_id"),)


class SharingStore:
    """Reads and writes of the sharing tables inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Base) -> None:
        self.session.add(row)
        self.session.flush()

    # grants
    def presentation_request(
        self, request_id: str, *, lock: bool = False
    ) -> PresentationRequestRow | None:
        """One request; ``lock`` holds the row until commit, so two answers cannot both win."""
        query = select(PresentationRequestRow).where(PresentationRequestRow.id == request_id)
        return self.session.scalars(query.with_for_update() if lock else query).first()

    def outside_presentation(self, request_key: str) -> OutsidePresentationRow | None:
        """The answer already given to the request with this key, if any."""
        query = select(OutsidePresentationRow).where(
            OutsidePresentationRow.request_key == request_key
        )
        return self.session.scalars(query).first()

    def outside_presentations(self, ids: set[str]) -> dict[str, OutsidePresentationRow]:
        """Outside presentations by id (for the access log)."""
        if not ids:
            return {}
        query = select(OutsidePresentationRow).where(OutsidePresentationRow.id.in_(ids))
        return {row.id: row for row in self.session.scalars(query)}

    def presentation_requests(self, organisation_id: str) -> list[PresentationRequestRow]:
        query = (
            select(PresentationRequestRow)
            .where(PresentationRequestRow.organisation_id == organisation_id)
            .order_by(PresentationRequestRow.created_at.desc())
        )
        return list(self.session.scalars(query))

    def grant(self, grant_id: str) -> GrantRow | None:
        return self.session.get(GrantRow, grant_id)

    def grant_by_token(self, token_hash: str) -> GrantRow | None:
        query = select(GrantRow).where(GrantRow.token_hash == token_hash)
        return self.session.scalars(query).first()

    def grants_of(self, holder_id: str) -> list[GrantRow]:
        query = (
            select(GrantRow)
            .where(GrantRow.holder_id == holder_id)
            .order_by(GrantRow.created_at.desc(), GrantRow.id)
        )
        return list(self.session.scalars(query))

    def match_grants(self, organisation_id: str, now: datetime) -> list[GrantRow]:
        """Unrevoked, unexpired grants that may admit matching for a vacancy of
        ``organisation_id``: every matching-pool grant, and grants to that organisation for
        an application or talent management. The caller applies the exact rule."""
        query = (
            select(GrantRow)
            .where(
                GrantRow.revoked_at.is_(None),
                GrantRow.created_at <= now,
                GrantRow.expires_at > now,
                or_(
                    GrantRow.audience_kind == AudienceKind.MATCHING_POOL.value,
                    (GrantRow.audience_kind == AudienceKind.ORGANISATION.value)
                    & (GrantRow.organisation_id == organisation_id)
                    & GrantRow.purpose.in_(
                        [PurposeKind.VACANCY.value, PurposeKind.TALENT_MANAGEMENT.value]
                    ),
                ),
            )
            .order_by(GrantRow.holder_id, GrantRow.created_at.desc(), GrantRow.id)
        )
        return list(self.session.scalars(query))

    def grants_to(self, organisation_ids: list[str], email: str) -> list[GrantRow]:
        """Grants whose audience is one of these organisations or this person."""
        query = (
            select(GrantRow)
            .where(
                or_(
                    GrantRow.organisation_id.in_(organisation_ids),
                    (GrantRow.audience_kind == AudienceKind.PERSON.value)
                    & (GrantRow.email == email),
                )
            )
            .order_by(GrantRow.created_at.desc(), GrantRow.id)
        )
        return list(self.session.scalars(query))

    # mandates and proposals
    def mandate(self, mandate_id: str) -> MandateRow | None:
        return self.session.get(MandateRow, mandate_id)

    def mandates(
        self, *, holder_id: str | None = None, counsellor_id: str | None = None
    ) -> list[MandateRow]:
        query = select(MandateRow).order_by(MandateRow.created_at.desc(), MandateRow.id)
        if holder_id is not None:
            query = query.where(MandateRow.holder_id == holder_id)
        if counsellor_id is not None:
            query = query.where(MandateRow.counsellor_id == counsellor_id)
        return list(self.session.scalars(query))

    def proposal(self, proposal_id: str) -> ProposalRow | None:
        return self.session.get(ProposalRow, proposal_id)

    def proposals(self, holder_id: str) -> list[ProposalRow]:
        query = (
            select(ProposalRow)
            .where(ProposalRow.holder_id == holder_id)
            .order_by(ProposalRow.created_at.desc(), ProposalRow.id)
        )
        return list(self.session.scalars(query))

    # the access log
    def last_entry(self, holder_id: str) -> AccessRow | None:
        top = select(func.max(AccessRow.position)).where(AccessRow.holder_id == holder_id)
        position = self.session.scalar(top)
        if position is None:
            return None
        return self.session.get(AccessRow, (holder_id, position))

    def entries(self, holder_id: str) -> list[AccessRow]:
        query = (
            select(AccessRow).where(AccessRow.holder_id == holder_id).order_by(AccessRow.position)
        )
        return list(self.session.scalars(query))
