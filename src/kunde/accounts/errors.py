"""Errors of accounts and sign-in."""

from __future__ import annotations

from dataclasses import dataclass

from kunde.errors import AuthenticationRequired, KundeError


class InvalidCredentials(AuthenticationRequired):
    """The e-mail address and password do not match an account."""


@dataclass
class TooManyAttempts(KundeError):
    """Sign-in is paused for this address for ``retry_after`` seconds (HTTP 429)."""

    retry_after: int = 0


__all__ = ["InvalidCredentials", "TooManyAttempts"]
