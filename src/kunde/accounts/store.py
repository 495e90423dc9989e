"""Tables and queries of accounts, sign-in and organisations (the only SQLAlchemy import here).

Secrets never reach the database in the clear: passwords are Argon2 hashes, and session,
API and invitation tokens are stored as SHA-256 digests of the random token.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    JSON,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    delete,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.accounts.model import (
    Account,
    MemberFunction,
    MemberRole,
    Membership,
    Organisation,
    OrganisationRole,
)
from kunde.db.base import Base, utc


class AccountRow(Base):
    __tablename__ = "account"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def to_model(self) -> Account:
        return Account(self.id, self.email, self.display_name, utc(self.created_at))


class AuthSessionRow(Base):
    """A browser session (``kind='browser'``) or an API bearer token (``kind='api'``)."""

    __tablename__ = "auth_session"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    account_id: Mapped[str] = mapped_column(ForeignKey("account.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_auth_session_account_id", "account_id"),)


class SignInFailureRow(Base):
    """A failed sign-in; ``email_key`` is a digest so no address is kept for strangers."""

    __tablename__ = "sign_in_failure"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    email_key: Mapped[str] = mapped_column(String(64))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("ix_sign_in_failure_email_key", "email_key"),)


class OrganisationRow(Base):
    __tablename__ = "organisation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    roles: Mapped[list[str]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    def to_model(self) -> Organisation:
        roles = tuple(OrganisationRole(role) for role in self.roles)
        return Organisation(self.id, self.name, roles, utc(self.created_at))


class MemberRow(Base):
    __tablename__ = "organisation_member"

    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[str] = mapped_column(
        ForeignKey("account.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[str] = mapped_column(String(20))
    # MemberFunction values an admin gave this member (admins need none).
    functions: Mapped[list[str]] = mapped_column(JSON, default=list, server_default="[]")

    def function_set(self) -> frozenset[MemberFunction]:
        return frozenset(MemberFunction(f) for f in self.functions or [] if f in _FUNCTIONS)


_FUNCTIONS = {f.value for f in MemberFunction}


class InvitationRow(Base):
    __tablename__ = "organisation_invitation"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(ForeignKey("organisation.id", ondelete="CASCADE"))
    email: Mapped[str] = mapped_column(String(254))
    role: Mapped[str] = mapped_column(String(20))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    accepted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AccountStore:
    """Reads and writes of the account tables inside one unit of work."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # accounts
    def add_account(self, row: AccountRow) -> None:
        self.session.add(row)
        self.session.flush()

    def account(self, account_id: str) -> AccountRow | None:
        return self.session.get(AccountRow, account_id)

    def account_by_email(self, email: str) -> AccountRow | None:
        return self.session.scalars(select(AccountRow).where(AccountRow.email == email)).first()

    # sessions and tokens
    def add_session(self, row: AuthSessionRow) -> None:
        self.session.add(row)
        self.session.flush()

    def session_row(self, token_hash: str, kind: str) -> AuthSessionRow | None:
        row = self.session.get(AuthSessionRow, token_hash)
        return row if row is not None and row.kind == kind else None

    def delete_session(self, token_hash: str) -> None:
        self.session.execute(delete(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash))

    def delete_expired_sessions(self, account_id: str, now: datetime) -> None:
        self.session.execute(
            delete(AuthSessionRow).where(
                AuthSessionRow.account_id == account_id, AuthSessionRow.expires_at < now
            )
        )

    # sign-in throttling
    def failures(self, email_key: str, since: datetime) -> list[datetime]:
        query = select(SignInFailureRow.at).where(
            SignInFailureRow.email_key == email_key, SignInFailureRow.at >= since
        )
        return [utc(at) for at in self.session.scalars(query)]

    def add_failure(self, email_key: str, at: datetime) -> None:
        self.session.add(SignInFailureRow(email_key=email_key, at=at))
        self.session.flush()

    def clear_failures(self, email_key: str) -> None:
        self.session.execute(
            delete(SignInFailureRow).where(SignInFailureRow.email_key == email_key)
        )

    # organisations
    def add_organisation(self, row: OrganisationRow, admin_id: str) -> None:
        self.session.add(row)
        self.session.flush()
        self.session.add(MemberRow(organisation_id=row.id, account_id=admin_id, role="admin"))
        self.session.flush()

    def organisation(self, organisation_id: str) -> OrganisationRow | None:
        return self.session.get(OrganisationRow, organisation_id)

    def organisations(self) -> list[OrganisationRow]:
        return list(self.session.scalars(select(OrganisationRow).order_by(OrganisationRow.name)))

    def member(self, organisation_id: str, account_id: str) -> MemberRow | None:
        return self.session.get(MemberRow, (organisation_id, account_id))

    def add_member(self, organisation_id: str, account_id: str, role: MemberRole) -> None:
        self.session.add(
            MemberRow(organisation_id=organisation_id, account_id=account_id, role=role.value)
        )
        self.session.flush()

    def memberships(self, account_id: str) -> list[Membership]:
        query = (
            select(MemberRow, OrganisationRow)
            .join(OrganisationRow, OrganisationRow.id == MemberRow.organisation_id)
            .where(MemberRow.account_id == account_id)
            .order_by(OrganisationRow.name)
        )
        return [
            Membership(
                org.to_model(), member.account_id, MemberRole(member.role), member.function_set()
            )
            for member, org in self.session.execute(query)
        ]

    def members(self, organisation_id: str) -> list[tuple[AccountRow, MemberRow]]:
        query = (
            select(AccountRow, MemberRow)
            .join(MemberRow, MemberRow.account_id == AccountRow.id)
            .where(MemberRow.organisation_id == organisation_id)
            .order_by(AccountRow.display_name)
        )
        return [(account, member) for account, member in self.session.execute(query)]

    def add_invitation(self, row: InvitationRow) -> None:
        self.session.add(row)
        self.session.flush()

    def invitation_by_token(self, token_hash: str) -> InvitationRow | None:
        query = select(InvitationRow).where(InvitationRow.token_hash == token_hash)
        return self.session.scalars(query).first()
