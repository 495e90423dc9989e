"""The wallet table (the only SQLAlchemy import of the package).

A wallet credential is sealed under the holder's passport key (see
:mod:`kunde.passport.vault`); the row keeps only ids and the time it arrived. Its foreign
key to the passport cascades, so erasing the passport removes the wallet as well.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, LargeBinary, String, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base


class WalletCredentialRow(Base):
    __tablename__ = "wallet_credential"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    passport_id: Mapped[str] = mapped_column(ForeignKey("passport.id", ondelete="CASCADE"))
    holder_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    body: Mapped[bytes] = mapped_column(LargeBinary)

    __table_args__ = (Index("ix_wallet_credential_holder_id", "holder_id"),)


class WalletStore:
    def __init__(self, session: Session) -> None:
        self.session = session

    def add(self, row: WalletCredentialRow) -> None:
        self.session.add(row)
        self.session.flush()

    def get(self, holder_id: str, credential_id: str) -> WalletCredentialRow | None:
        row = self.session.get(WalletCredentialRow, credential_id)
        return row if row is not None and row.holder_id == holder_id else None

    def all(self, holder_id: str) -> list[WalletCredentialRow]:
        query = (
            select(WalletCredentialRow)
            .where(WalletCredentialRow.holder_id == holder_id)
            .order_by(WalletCredentialRow.received_at.desc())
        )
        return list(self.session.scalars(query))

    def delete(self, row: WalletCredentialRow) -> None:
        self.session.delete(row)
        self.session.flush()
