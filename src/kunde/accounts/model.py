"""Accounts and organisations: plain types and the rules that need no storage.

Rules kept here so they are testable without a database:

* e-mail addresses are compared case-insensitively (:func:`normalise_email`);
* passwords have at least :data:`MIN_PASSWORD` characters and are not only spaces;
* sign-in is throttled per e-mail address: after :data:`MAX_FAILURES` failed attempts within
  :data:`FAILURE_WINDOW`, further attempts wait until the oldest failure leaves the window.
  Nothing is ever locked for good: the wait is at most one window.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from kunde.errors import InvalidInput

MIN_PASSWORD = 10
MAX_PASSWORD = 1024
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(days=14)
TOKEN_LIFETIME = timedelta(hours=1)
INVITATION_LIFETIME = timedelta(days=14)

_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class OrganisationRole(StrEnum):
    """What an organisation does in the skills system; one organisation may have several."""

    EDUCATION_PROVIDER = "education_provider"  # school or training provider
    EMPLOYER = "employer"
    ASSESSOR = "assessor"  # EVC provider (recognition of prior learning)
    REGISTER = "register"  # certification body or sector register
    COUNSELLING = "counselling"  # career advice, union, work-centre help
    LABOUR_MARKET_SERVICE = "labour_market_service"


class MemberRole(StrEnum):
    """A person's place in an organisation: admins invite members and manage the roles."""

    ADMIN = "admin"
    MEMBER = "member"


class MemberFunction(StrEnum):
    """A task an admin gives a member, on top of the role.

    ``handles_shares``: may open passports shared with the organisation (share pages, the
    API, the PDF, candidates matched to its vacancies, the team overview). Admins always
    may; other members only when an admin gave them this function, so that a holder's
    share reaches the people who handle it, not everyone who works there.
    """

    HANDLES_SHARES = "handles_shares"


@dataclass(frozen=True)
class Account:
    id: str
    email: str
    display_name: str
    created_at: datetime


@dataclass(frozen=True)
class Organisation:
    id: str
    name: str
    roles: tuple[OrganisationRole, ...]
    created_at: datetime


@dataclass(frozen=True)
class Membership:
    organisation: Organisation
    account_id: str
    role: MemberRole
    functions: frozenset[MemberFunction] = frozenset()

    def may(self, function: MemberFunction) -> bool:
        """Admins may do everything; members what an admin gave them."""
        return self.role is MemberRole.ADMIN or function in self.functions

    @property
    def handles_shares(self) -> bool:
        return self.may(MemberFunction.HANDLES_SHARES)


@dataclass(frozen=True)
class Member:
    """A member as the organisation's members list shows them."""

    account: Account
    role: MemberRole
    functions: frozenset[MemberFunction] = frozenset()

    @property
    def handles_shares(self) -> bool:
        return self.role is MemberRole.ADMIN or MemberFunction.HANDLES_SHARES in self.functions


@dataclass(frozen=True)
class Invitation:
    """An invitation to join an organisation; ``token`` is only known when it is created."""

    id: str
    organisation_id: str
    email: str
    role: MemberRole
    expires_at: datetime
    token: str = ""


@dataclass(frozen=True)
class SignInSession:
    """A browser session; the token goes into the cookie, only its hash is stored."""

    token: str
    account: Account
    expires_at: datetime


@dataclass(frozen=True)
class AccessToken:
    token: str
    account: Account
    expires_at: datetime


def normalise_email(email: str) -> str:
    """Lower-case, trimmed address; raise :class:`InvalidInput` when it cannot be one."""
    value = email.strip().lower()
    if not _EMAIL.match(value) or len(value) > 254:  # noqa: PLR2004 - RFC 5321 path limit
        raise InvalidInput("This is not a valid e-mail address.", details={"field": "email"})
    return value


def check_password(password: str) -> None:
    """Raise :class:`InvalidInput` when the password is too short, too long or blank."""
    if len(password) < MIN_PASSWORD or not password.strip():
        raise InvalidInput(
            f"Use a password of at least {MIN_PASSWORD} characters.",
            details={"field": "password", "min_length": MIN_PASSWORD},
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput("This password is too long.", details={"field": "password"})


def check_name(name: str, field: str = "display_name") -> str:
    value = " ".join(name.split())
    if not value or len(value) > 200:  # noqa: PLR2004
        raise InvalidInput("Fill in a name of at most 200 characters.", details={"field": field})
    return value


def retry_after(failures: list[datetime], now: datetime) -> timedelta | None:
    """How long to wait before the next sign-in attempt, or ``None`` when one is allowed.

    ``failures`` are the times of failed attempts for one address (any order).
    """
    recent = sorted(at for at in failures if now - at < FAILURE_WINDOW)
    if len(recent) < MAX_FAILURES:
        return None
    # The attempt that pushes the count below the limit is the oldest one in the window.
    oldest = recent[-MAX_FAILURES]
    return oldest + FAILURE_WINDOW - now
