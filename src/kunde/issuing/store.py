"""Tables and queries of issuing: issuer keys, status lists, issued credentials, offers and
nonces (the only SQLAlchemy import of the package).

Secrets stay out of the clear: private keys are sealed (AES-GCM), pre-authorised codes,
transaction codes and access tokens are stored as SHA-256 digests, and an offer's content
(which may hold personal fields) is sealed too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base, utc


class IssuerKeyRow(Base):
    """One signing key of an organisation; ``retired_at`` set = kept only for verifying."""

    __tablename__ = "issuer_key"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    alg: Mapped[str] = mapped_column(String(10))
    kid: Mapped[str] = mapped_column(String(64))
    public_jwk: Mapped[dict[str, str]] = mapped_column(JSON)
    sealed_private: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    retired_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        UniqueConstraint("organisation_id", "kid", name="uq_issuer_key_organisation_kid"),
    )


class StatusListRow(Base):
    """A status list of an organisation: ``kind`` token (IETF, 2 bits: valid, revoked,
    suspended) or bitstring (W3C, 1 bit, one list per ``purpose``)."""

    __tablename__ = "credential_status_list"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    purpose: Mapped[str] = mapped_column(String(20))
    size: Mapped[int] = mapped_column(Integer)
    next_index: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_credential_status_list_organisation", "organisation_id", "kind", "purpose"),
    )


class IssuedCredentialRow(Base):
    """What an organisation issued: enough to list and revoke it, not the credential."""

    __tablename__ = "issued_credential"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    offer_id: Mapped[str] = mapped_column(String(36))
    format: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(12))
    status_list_id: Mapped[str] = mapped_column(String(36))
    status_index: Mapped[int] = mapped_column(Integer)
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    status_changed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_issued_credential_organisation", "organisation_id"),)


class OfferRow(Base):
    """A credential offer with its pre-authorised code; one credential per offer."""

    __tablename__ = "credential_offer"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    tx_code_hash: Mapped[str | None] = mapped_column(String(64))
    configuration_id: Mapped[str] = mapped_column(String(40))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    title: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    token_expires_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    failed_attempts: Mapped[int] = mapped_column(Integer)
    redeemed: Mapped[bool] = mapped_column(Boolean)
    credential_id: Mapped[str | None] = mapped_column(String(36))


class NonceRow(Base):
    """A ``c_nonce`` handed out by the nonce endpoint; deleted when a proof uses it."""

    __tablename__ = "credential_nonce"

    nonce: Mapped[str] = mapped_column(String(64), primary_key=True)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class IssuingStore:
    """Reads and writes of the issuing tables inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: Base) -> None:
        self.session.add(row)
        self.session.flush()

    def keys(self, organisation_id: str) -> list[IssuerKeyRow]:
        """All keys of an organisation, newest first."""
        query = (
            select(IssuerKeyRow)
            .where(IssuerKeyRow.organisation_id == organisation_id)
            .order_by(IssuerKeyRow.created_at.desc(), IssuerKeyRow.kid.desc())
        )
        return list(self.session.scalars(query))

    def status_list(self, list_id: str, *, lock: bool = False) -> StatusListRow | None:
        query = select(StatusListRow).where(StatusListRow.id == list_id)
        if lock:
            query = query.with_for_update()
        return self.session.scalars(query).first()

    def open_list(self, organisation_id: str, kind: str, purpose: str) -> StatusListRow | None:
        """The newest list of this kind with room left, locked for the caller."""
        query = (
            select(StatusListRow)
            .where(
                StatusListRow.organisation_id == organisation_id,
                StatusListRow.kind == kind,
                StatusListRow.purpose == purpose,
                StatusListRow.next_index < StatusListRow.size,
            )
            .order_by(StatusListRow.updated_at.desc())
            .with_for_update()
        )
        return self.session.scalars(query).first()

    def issued(self, credential_id: str) -> IssuedCredentialRow | None:
        return self.session.get(IssuedCredentialRow, credential_id)

    def issued_by(self, organisation_id: str) -> list[IssuedCredentialRow]:
        query = (
            select(IssuedCredentialRow)
            .where(IssuedCredentialRow.organisation_id == organisation_id)
            .order_by(IssuedCredentialRow.issued_at.desc())
        )
        return list(self.session.scalars(query))

    def offer(self, offer_id: str) -> OfferRow | None:
        return self.session.get(OfferRow, offer_id)

    def offers_by(self, organisation_id: str) -> list[OfferRow]:
        query = (
            select(OfferRow)
            .where(OfferRow.organisation_id == organisation_id)
            .order_by(OfferRow.created_at.desc())
        )
        return list(self.session.scalars(query))

    def offer_by_code(self, code_hash: str) -> OfferRow | None:
        query = select(OfferRow).where(OfferRow.code_hash == code_hash).with_for_update()
        return self.session.scalars(query).first()

    def offer_by_token(self, token_hash: str) -> OfferRow | None:
        query = select(OfferRow).where(OfferRow.token_hash == token_hash).with_for_update()
        return self.session.scalars(query).first()

    def take_nonce(self, nonce: str, now: datetime) -> bool:
        """Use a nonce once: True when it was handed out and has not expired."""
        row = self.session.get(NonceRow, nonce, with_for_update=True)
        if row is None:
            return False
        self.session.delete(row)
        self.session.flush()
        return utc(row.expires_at) > now
