"""Use cases of accounts: sign up, sign in (browser session or API token), organisations.

Every function takes the unit of work and the current time; those that change something
commit. Tokens are random (:func:`secrets.token_urlsafe`), handed out once, and stored only
as SHA-256 digests, so a copy of the database cannot be used to sign in.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import TYPE_CHECKING

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from kunde.accounts.errors import InvalidCredentials, TooManyAttempts
from kunde.accounts.model import (
    FAILURE_WINDOW,
    INVITATION_LIFETIME,
    SESSION_LIFETIME,
    TOKEN_LIFETIME,
    AccessToken,
    Account,
    Invitation,
    Member,
    MemberFunction,
    MemberRole,
    Membership,
    Organisation,
    OrganisationRole,
    SignInSession,
    check_name,
    check_password,
    normalise_email,
    retry_after,
)
from kunde.accounts.store import (
    AccountRow,
    AccountStore,
    AuthSessionRow,
    InvitationRow,
    OrganisationRow,
)
from kunde.db.base import utc
from kunde.errors import AuthenticationRequired, Conflict, InvalidInput, NotFound, PermissionDenied

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork

HASHER = PasswordHasher()
# Verified against when the address is unknown, so both answers take the same time.
_DUMMY_HASH = HASHER.hash("kunde-no-such-account")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_id() -> str:
    return str(uuid.uuid4())


def sign_up(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    display_name: str,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> Account:
    """Create a person's account; :class:`Conflict` when the address is taken."""
    address = normalise_email(email)
    check_password(password)
    name = check_name(display_name)
    store = AccountStore(uow.session)
    if store.account_by_email(address) is not None:
        raise Conflict(
            "There is already an account with this e-mail address.", details={"field": "email"}
        )
    row = AccountRow(
        id=_new_id(),
        email=address,
        display_name=name,
        password_hash=hasher.hash(password),
        created_at=now,
    )
    store.add_account(row)
    uow.commit()
    return row.to_model()


def authenticate(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    now: datetime,
    hasher: PasswordHasher = HASHER,
) -> Account:
    """The account for these credentials, or :class:`InvalidCredentials`.

    Failures are counted per address; past the limit :class:`TooManyAttempts` says how long to
    wait (at most one window, so nobody is locked out for good). Commits the count.
    """
    try:
        address = normalise_email(email)
    except InvalidInput:
        raise InvalidCredentials("The e-mail address or the password is not right.") from None
    key = digest("sign-in:" + address)
    store = AccountStore(uow.session)
    wait = retry_after(store.failures(key, now - FAILURE_WINDOW), now)
    if wait is not None:
        seconds = max(1, int(wait.total_seconds()) + 1)
        raise TooManyAttempts(
            f"Too many attempts. Try again in {seconds // 60 + 1} minutes.",
            details={"retry_after": seconds},
            retry_after=seconds,
        )
    row = store.account_by_email(address)
    try:
        hasher.verify(row.password_hash if row else _DUMMY_HASH, password)
        if row is None:
            raise VerificationError  # noqa: TRY301 - the dummy hash must never sign anyone in
    except (VerificationError, InvalidHashError):
        store.add_failure(key, now)
        uow.commit()
        raise InvalidCredentials("The e-mail address or the password is not right.") from None
    if hasher.check_needs_rehash(row.password_hash):
        row.password_hash = hasher.hash(password)
    store.clear_failures(key)
    uow.commit()
    return row.to_model()


def _start(uow: UnitOfWork, account: Account, kind: str, now: datetime) -> tuple[str, datetime]:
    token = secrets.token_urlsafe(32)
    expires = now + (SESSION_LIFETIME if kind == "browser" else TOKEN_LIFETIME)
    store = AccountStore(uow.session)
    store.delete_expired_sessions(account.id, now)
    store.add_session(
        AuthSessionRow(
            token_hash=digest(token),
            account_id=account.id,
            kind=kind,
            created_at=now,
            expires_at=expires,
        )
    )
    uow.commit()
    return token, expires


def start_session(uow: UnitOfWork, account: Account, *, now: datetime) -> SignInSession:
    """A browser session for ``account``; the token belongs in an HttpOnly cookie."""
    token, expires = _start(uow, account, "browser", now)
    return SignInSession(token, account, expires)


def issue_token(uow: UnitOfWork, account: Account, *, now: datetime) -> AccessToken:
    """An API bearer token (OAuth2 password grant) for ``account``."""
    token, expires = _start(uow, account, "api", now)
    return AccessToken(token, account, expires)


def _resolve(uow: UnitOfWork, token: str, kind: str, now: datetime) -> Account:
    store = AccountStore(uow.session)
    row = store.session_row(digest(token), kind) if token else None
    if row is None or utc(row.expires_at) <= now:
        raise AuthenticationRequired("Please sign in first.")
    account = store.account(row.account_id)
    if account is None:  # pragma: no cover - the foreign key cascades
        raise AuthenticationRequired("Please sign in first.")
    return account.to_model()


def session_account(uow: UnitOfWork, token: str, *, now: datetime) -> Account:
    """The account of a live browser session, or :class:`AuthenticationRequired`."""
    return _resolve(uow, token, "browser", now)


def token_account(uow: UnitOfWork, token: str, *, now: datetime) -> Account:
    """The account of a live API token, or :class:`AuthenticationRequired`."""
    return _resolve(uow, token, "api", now)


def end_session(uow: UnitOfWork, token: str) -> None:
    """Sign out: the session (or token) stops working at once."""
    AccountStore(uow.session).delete_session(digest(token))
    uow.commit()


def account(uow: UnitOfWork, account_id: str) -> Account:
    row = AccountStore(uow.session).account(account_id)
    if row is None:
        raise NotFound("There is no such account.")
    return row.to_model()


def account_by_email(uow: UnitOfWork, email: str) -> Account:
    row = AccountStore(uow.session).account_by_email(normalise_email(email))
    if row is None:
        raise NotFound("There is no account with this e-mail address.")
    return row.to_model()


# --- organisations -------------------------------------------------------------------------
def create_organisation(
    uow: UnitOfWork, admin: Account, *, name: str, roles: list[str], now: datetime
) -> Organisation:
    """Create an organisation with ``admin`` as its first administrator."""
    clean = check_name(name, "name")
    try:
        kinds = sorted({OrganisationRole(role) for role in roles})
    except ValueError:
        allowed = ", ".join(role.value for role in OrganisationRole)
        raise InvalidInput(
            f"Unknown organisation role; use: {allowed}.", details={"field": "roles"}
        ) from None
    if not kinds:
        raise InvalidInput("Choose at least one role.", details={"field": "roles"})
    row = OrganisationRow(id=_new_id(), name=clean, roles=[k.value for k in kinds], created_at=now)
    AccountStore(uow.session).add_organisation(row, admin.id)
    uow.commit()
    return row.to_model()


def organisation(uow: UnitOfWork, organisation_id: str) -> Organisation:
    """An organisation by id (its name and roles are public to signed-in people)."""
    row = AccountStore(uow.session).organisation(organisation_id)
    if row is None:
        raise NotFound("There is no such organisation.", details={"field": "organisation_id"})
    return row.to_model()


def organisations_with_role(uow: UnitOfWork, role: OrganisationRole) -> list[Organisation]:
    """Organisations that have ``role``, by name (roles are a JSON list: filtered here, the
    same on SQLite and PostgreSQL)."""
    found = (row.to_model() for row in AccountStore(uow.session).organisations())
    return [org for org in found if role in org.roles]


def organisations(uow: UnitOfWork) -> list[Organisation]:
    """Every organisation by name (names and roles are public to signed-in people), so a
    holder can pick one to share with."""
    return [row.to_model() for row in AccountStore(uow.session).organisations()]


def memberships(uow: UnitOfWork, account_id: str) -> list[Membership]:
    return AccountStore(uow.session).memberships(account_id)


def _require_admin(store: AccountStore, organisation_id: str, actor: Account) -> OrganisationRow:
    org = store.organisation(organisation_id)
    member = store.member(organisation_id, actor.id) if org else None
    if org is None or member is None:
        # Outsiders learn nothing about whether the organisation exists.
        raise NotFound("There is no such organisation.")
    if member.role != MemberRole.ADMIN.value:
        raise PermissionDenied("Only an administrator of the organisation can do this.")
    return org


def invite_member(
    uow: UnitOfWork,
    actor: Account,
    organisation_id: str,
    *,
    email: str,
    role: str = "member",
    now: datetime,
) -> Invitation:
    """Invite ``email`` into the organisation; the token in the answer is shown only once."""
    store = AccountStore(uow.session)
    _require_admin(store, organisation_id, actor)
    try:
        member_role = MemberRole(role)
    except ValueError:
        raise InvalidInput("Role must be admin or member.", details={"field": "role"}) from None
    token = secrets.token_urlsafe(32)
    row = InvitationRow(
        id=_new_id(),
        organisation_id=organisation_id,
        email=normalise_email(email),
        role=member_role.value,
        token_hash=digest(token),
        created_at=now,
        expires_at=now + INVITATION_LIFETIME,
        accepted_at=None,
    )
    store.add_invitation(row)
    uow.commit()
    return Invitation(row.id, organisation_id, row.email, member_role, row.expires_at, token)


def accept_invitation(
    uow: UnitOfWork, invitee: Account, token: str, *, now: datetime
) -> Membership:
    """Join the organisation; the invitation must be for the invitee's address and unused."""
    store = AccountStore(uow.session)
    row = store.invitation_by_token(digest(token))
    if row is None or row.accepted_at is not None or utc(row.expires_at) <= now:
        raise NotFound("This invitation does not exist, was used already, or has expired.")
    if row.email != invitee.email:
        raise PermissionDenied("This invitation is for another e-mail address.")
    if store.member(row.organisation_id, invitee.id) is None:
        store.add_member(row.organisation_id, invitee.id, MemberRole(row.role))
    row.accepted_at = now
    uow.commit()
    org = store.organisation(row.organisation_id)
    assert org is not None  # noqa: S101 - the foreign key guarantees it
    return Membership(org.to_model(), invitee.id, MemberRole(row.role))


def members(uow: UnitOfWork, actor: Account, organisation_id: str) -> list[Member]:
    """Members of an organisation with their role and functions, for its members only."""
    store = AccountStore(uow.session)
    if store.member(organisation_id, actor.id) is None:
        raise NotFound("There is no such organisation.")
    return [
        Member(row.to_model(), MemberRole(member.role), member.function_set())
        for row, member in store.members(organisation_id)
    ]


def set_functions(
    uow: UnitOfWork, actor: Account, organisation_id: str, account_id: str, functions: list[str]
) -> Member:
    """Give a member exactly ``functions`` (admins only). Admins need none: they may all."""
    store = AccountStore(uow.session)
    _require_admin(store, organisation_id, actor)
    try:
        chosen = sorted({MemberFunction(f).value for f in functions})
    except ValueError:
        raise InvalidInput(
            "Unknown function: use handles_shares.", details={"field": "functions"}
        ) from None
    member = store.member(organisation_id, account_id)
    account = store.account(account_id) if member else None
    if member is None or account is None:
        raise NotFound("This person is not a member of the organisation.")
    member.functions = chosen
    uow.commit()
    return Member(account.to_model(), MemberRole(member.role), member.function_set())


def handles_shares(uow: UnitOfWork, account_id: str, organisation_id: str) -> bool:
    """Whether the account may open passports shared with the organisation: its admins, and
    members an admin gave the ``handles_shares`` function."""
    return any(
        m.organisation.id == organisation_id and m.handles_shares
        for m in memberships(uow, account_id)
    )
