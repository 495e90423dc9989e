"""Accounts, API tokens (OAuth2 password grant) and organisations."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from kunde.accounts import service as accounts
from kunde.accounts.errors import InvalidCredentials
from kunde.accounts.model import Account, Member, MemberRole, Membership
from kunde.web import security
from kunde.web.deps import CurrentAccount, UowDep
from kunde.web.errors import problem

router = APIRouter(tags=["accounts"])


class NewAccount(BaseModel):
    email: str = Field(max_length=254)
    password: str = Field(max_length=1024)
    display_name: str = Field(max_length=200)


class AccountOut(BaseModel):
    id: str
    email: str
    display_name: str
    created_at: datetime

    @classmethod
    def of(cls, account: Account) -> AccountOut:
        return cls(
            id=account.id,
            email=account.email,
            display_name=account.display_name,
            created_at=account.created_at,
        )


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"  # noqa: S105 - the OAuth2 token type, not a secret
    expires_in: int


class NewOrganisation(BaseModel):
    name: str = Field(max_length=200)
    roles: list[str] = Field(
        max_length=6,
        description="education_provider, employer, "
        "assessor, register, counselling, labour_market_service",
    )


class MembershipOut(BaseModel):
    organisation_id: str
    name: str
    roles: list[str]
    member_role: str
    functions: list[str] = Field(description="Functions an admin gave this member.")
    handles_shares: bool = Field(
        description="May open passports shared with the organisation (admins always)."
    )

    @classmethod
    def of(cls, membership: Membership) -> MembershipOut:
        org = membership.organisation
        return cls(
            organisation_id=org.id,
            name=org.name,
            roles=[r.value for r in org.roles],
            member_role=membership.role.value,
            functions=sorted(f.value for f in membership.functions),
            handles_shares=membership.handles_shares,
        )


class MemberOut(BaseModel):
    account_id: str
    display_name: str
    role: str
    functions: list[str] = Field(description="Functions an admin gave this member.")
    handles_shares: bool = Field(
        description="May open passports shared with the organisation (admins always)."
    )

    @classmethod
    def of(cls, member: Member) -> MemberOut:
        return cls(
            account_id=member.account.id,
            display_name=member.account.display_name,
            role=member.role.value,
            functions=sorted(f.value for f in member.functions),
            handles_shares=member.handles_shares,
        )


class MemberFunctions(BaseModel):
    functions: list[str] = Field(
        description='Exactly the functions the member has after this: [] or ["handles_shares"].'
    )


class NewInvitation(BaseModel):
    email: str = Field(max_length=254)
    role: str = "member"


class InvitationOut(BaseModel):
    id: str
    email: str
    role: str
    expires_at: datetime
    token: str = Field(description="Give this to the invitee; it is shown only once.")


@router.post("/accounts", response_model=AccountOut, status_code=201)
def create_account(payload: NewAccount, uow: UowDep) -> AccountOut:
    """Create a person's account (409 when the e-mail address is taken)."""
    account = accounts.sign_up(
        uow,
        email=payload.email,
        password=payload.password,
        display_name=payload.display_name,
        now=security.now(),
    )
    return AccountOut.of(account)


@router.get("/accounts/me", response_model=AccountOut)
def me(account: CurrentAccount) -> AccountOut:
    return AccountOut.of(account)


@router.post("/auth/token", response_model=TokenOut)
def token(
    uow: UowDep,
    grant_type: Annotated[str, Form()],
    username: Annotated[str, Form(max_length=254)],
    password: Annotated[str, Form(max_length=1024)],
) -> TokenOut | JSONResponse:
    """OAuth2 password grant (RFC 6749 §4.3) for first-party clients; errors follow §5.2."""
    if grant_type != "password":
        return problem(400, "Only the password grant is supported.", error="unsupported_grant_type")
    moment = security.now()
    try:
        account = accounts.authenticate(uow, email=username, password=password, now=moment)
    except InvalidCredentials as exc:
        return problem(400, str(exc), error="invalid_grant")
    issued = accounts.issue_token(uow, account, now=moment)
    return TokenOut(
        access_token=issued.token, expires_in=int((issued.expires_at - moment).total_seconds())
    )


@router.post("/auth/revoke", status_code=204)
def revoke(request: Request, uow: UowDep, _account: CurrentAccount) -> None:
    """End the bearer token used for this request."""
    current = security.bearer(request)
    if current:
        accounts.end_session(uow, current)


@router.post("/organisations", response_model=MembershipOut, status_code=201)
def create_organisation(
    payload: NewOrganisation, uow: UowDep, account: CurrentAccount
) -> MembershipOut:
    """Create an organisation; the caller becomes its administrator."""
    org = accounts.create_organisation(
        uow, account, name=payload.name, roles=payload.roles, now=security.now()
    )
    return MembershipOut.of(Membership(org, account.id, MemberRole.ADMIN))


@router.get("/organisations", response_model=list[MembershipOut])
def my_organisations(uow: UowDep, account: CurrentAccount) -> list[MembershipOut]:
    return [MembershipOut.of(m) for m in accounts.memberships(uow, account.id)]


@router.get("/organisations/{organisation_id}/members", response_model=list[MemberOut])
def organisation_members(
    organisation_id: str, uow: UowDep, account: CurrentAccount
) -> list[MemberOut]:
    """Members with their role and functions, and whether they open shared passports."""
    return [MemberOut.of(m) for m in accounts.members(uow, account, organisation_id)]


@router.put(
    "/organisations/{organisation_id}/members/{account_id}/functions", response_model=MemberOut
)
def set_member_functions(
    organisation_id: str,
    account_id: str,
    payload: MemberFunctions,
    uow: UowDep,
    account: CurrentAccount,
) -> MemberOut:
    """Set a member's functions (administrators only); ``handles_shares`` lets the member
    open passports shared with the organisation."""
    return MemberOut.of(
        accounts.set_functions(uow, account, organisation_id, account_id, payload.functions)
    )


@router.post(
    "/organisations/{organisation_id}/invitations", response_model=InvitationOut, status_code=201
)
def invite(
    organisation_id: str, payload: NewInvitation, uow: UowDep, account: CurrentAccount
) -> InvitationOut:
    """Invite a person by e-mail address (administrators only)."""
    invitation = accounts.invite_member(
        uow, account, organisation_id, email=payload.email, role=payload.role, now=security.now()
    )
    return InvitationOut(
        id=invitation.id,
        email=invitation.email,
        role=invitation.role.value,
        expires_at=invitation.expires_at,
        token=invitation.token,
    )


@router.post("/invitations/{token}/accept", response_model=MembershipOut)
def accept(token: str, uow: UowDep, account: CurrentAccount) -> MembershipOut:
    """Join the organisation of this invitation (it must be for the caller's address)."""
    return MembershipOut.of(accounts.accept_invitation(uow, account, token, now=security.now()))
