# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Errors raised by the credentials library.

::

    KundeError
    └── CredentialError            something about a credential or key is wrong
        ├── MalformedCredentialError    the input cannot be parsed as the claimed format (exit 2)
        ├── UnsupportedAlgorithmError   alg ``none``, symmetric or unknown algorithms, key mismatch
        ├── KeyResolutionError     the issuer's or holder's key cannot be found
        └── StatusListError        a status list is missing, malformed or does not verify

Verification never raises these for a *bad* credential: it returns a report whose checks
say what failed. They are raised for inputs that cannot be processed at all, and by
issuing functions given inconsistent arguments.
"""

from __future__ import annotations

from kunde.errors import KundeError


class CredentialError(KundeError):
    """Base of all credential errors."""


class MalformedCredentialError(CredentialError):
    """The input is not a well-formed credential, token, key or status list."""


class UnsupportedAlgorithmError(CredentialError):
    """The algorithm is not allowed, or does not fit the key."""


class KeyResolutionError(CredentialError):
    """A key or DID cannot be resolved to a usable public key."""


class StatusListError(CredentialError):
    """A status list cannot be used to check a credential's status."""


__all__ = [
    "CredentialError",
    "KeyResolutionError",
    "MalformedCredentialError",
    "StatusListError",
    "UnsupportedAlgorithmError",
]
