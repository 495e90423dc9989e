"""People and organisations: accounts, sign-in, sessions, API tokens, roles and invitations."""

from kunde.accounts.errors import InvalidCredentials, TooManyAttempts
from kunde.accounts.model import (
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
)

__all__ = [
    "AccessToken",
    "Account",
    "InvalidCredentials",
    "Invitation",
    "Member",
    "MemberFunction",
    "MemberRole",
    "Membership",
    "Organisation",
    "OrganisationRole",
    "SignInSession",
    "TooManyAttempts",
]
