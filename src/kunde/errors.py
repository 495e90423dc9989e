"""Kunde's error tree. Services raise these; only the web and CLI layers translate them.

::

    KundeError
    ├── InvalidInput          the request or file cannot be used as given (422 / exit 2)
    │   └── ImportFileError   a taxonomy or passport file is malformed (names file and line)
    ├── NotFound              no such thing, or not visible to the caller (404)
    ├── Conflict              the thing changed or already exists (409)
    ├── AuthenticationRequired  no valid sign-in (401)
    └── PermissionDenied      signed in, but not allowed (403)
        └── ConsentRequired   no active grant covers this read (only told to the grant's
                              own audience; everyone else gets NotFound)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class KundeError(Exception):
    """Base of every error Kunde raises on purpose."""

    message: str
    details: dict[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        return self.message


class InvalidInput(KundeError):
    """The input cannot be used as given."""


@dataclass
class ImportFileError(InvalidInput):
    """A data file is missing, truncated or malformed."""

    path: str = ""
    line: int | None = None

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}, line {self.line}"
        return f"{where}: {self.message}" if where else self.message


class NotFound(KundeError):
    """No such thing, or not visible to the caller."""


class Conflict(KundeError):
    """The thing already exists or was changed by someone else."""


class AuthenticationRequired(KundeError):
    """The caller is not signed in."""


class PermissionDenied(KundeError):
    """The caller is signed in but may not do this."""


class ConsentRequired(PermissionDenied):
    """The holder's consent does not (or no longer) cover this: the grant ended, was revoked,
    or does not name the item. Raised only to the grant's own audience, who know it exists;
    anyone else gets :class:`NotFound`, so nobody learns what is hidden."""


__all__ = [
    "AuthenticationRequired",
    "Conflict",
    "ConsentRequired",
    "ImportFileError",
    "InvalidInput",
    "KundeError",
    "NotFound",
    "PermissionDenied",
]
