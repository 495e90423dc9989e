# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Finding issuer keys, and keeping them across rotations.

Verifiers ask a :class:`KeyResolver` for the candidate public keys of an issuer.
:class:`IssuerKeys` answers for DIDs (through a :class:`~kunde.credentials.did.DidResolver`)
and for issuers known by URL (a static map, e.g. from JWT VC issuer metadata).
:class:`InMemoryKeyStore` holds an issuer's signing keys: rotation makes a new key current
and keeps the old public keys, so credentials signed earlier still verify.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from kunde.credentials.did import DidResolver
from kunde.credentials.errors import KeyResolutionError

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from kunde.credentials.keys import KeyPair, PublicKey


class KeyResolver(Protocol):
    """Anything that can list the keys an issuer may have signed with."""

    def issuer_keys(self, issuer: str, kid: str | None) -> list[PublicKey]:
        """Candidate keys for ``issuer`` (narrowed by ``kid``); raise KeyResolutionError."""
        ...


def _matches(key: PublicKey, kid: str | None) -> bool:
    if kid is None or key.kid is None:
        return True
    return key.kid == kid or key.kid.rpartition("#")[2] == kid.rpartition("#")[2]


@dataclass
class IssuerKeys:
    """Resolves DIDs through ``dids`` and URL issuers through ``static`` keys."""

    dids: DidResolver = field(default_factory=DidResolver)
    static: Mapping[str, Sequence[PublicKey]] = field(default_factory=dict)

    def issuer_keys(self, issuer: str, kid: str | None) -> list[PublicKey]:
        if issuer in self.static:
            found = [k for k in self.static[issuer] if _matches(k, kid)]
            if found:
                return found
            raise KeyResolutionError(f"no key {kid!r} is known for {issuer}")
        if issuer.startswith("did:"):
            if kid and kid.startswith("did:"):
                if kid.partition("#")[0] != issuer:
                    raise KeyResolutionError(f"key {kid} is not controlled by {issuer}")
                return [self.dids.resolve_key(kid)]
            return [self.dids.resolve_key(f"{issuer}#{kid}" if kid else issuer)]
        raise KeyResolutionError(f"no keys are known for issuer {issuer}")


@dataclass
class InMemoryKeyStore:
    """An issuer's signing keys in memory: one current key plus retired public keys.

    The database-backed store keeps the same contract; this one serves tests, the CLI
    and small deployments.
    """

    issuer: str
    _current: KeyPair | None = None
    _retired: list[PublicKey] = field(default_factory=list)

    @classmethod
    def with_key(cls, issuer: str, key: KeyPair) -> InMemoryKeyStore:
        """A store whose current key is ``key``."""
        store = cls(issuer)
        store.rotate(key)
        return store

    def rotate(self, new_key: KeyPair) -> None:
        """Make ``new_key`` current; the previous key's public half stays verifiable."""
        if new_key.kid is None:
            raise KeyResolutionError("a key in a key store needs a kid")
        if any(k.kid == new_key.kid for k in self.public_keys()):
            raise KeyResolutionError(f"kid {new_key.kid} is already in use")
        if self._current is not None:
            self._retired.append(self._current.public)
        self._current = new_key

    def signing_key(self) -> KeyPair:
        """The key new credentials are signed with."""
        if self._current is None:
            raise KeyResolutionError(f"{self.issuer} has no signing key")
        return self._current

    def public_keys(self) -> list[PublicKey]:
        """Current and retired public keys, newest first (for DID documents and JWKS)."""
        current = [self._current.public] if self._current else []
        return current + list(reversed(self._retired))

    def jwks(self) -> dict[str, list[dict[str, str]]]:
        """The public keys as a JWK Set (for JWT VC issuer metadata)."""
        return {"keys": [{**k.jwk, "kid": k.kid or "", "alg": k.alg} for k in self.public_keys()]}

    def issuer_keys(self, issuer: str, kid: str | None) -> list[PublicKey]:
        if issuer != self.issuer:
            raise KeyResolutionError(f"no keys are known for issuer {issuer}")
        found = [k for k in self.public_keys() if _matches(k, kid)]
        if not found:
            raise KeyResolutionError(f"no key {kid!r} is known for {issuer}")
        return found


@dataclass
class ChainedKeys:
    """Asks each resolver in turn; the first that knows the issuer answers."""

    resolvers: Iterable[KeyResolver]

    def issuer_keys(self, issuer: str, kid: str | None) -> list[PublicKey]:
        errors = []
        for resolver in self.resolvers:
            try:
                return resolver.issuer_keys(issuer, kid)
            except KeyResolutionError as exc:
                errors.append(str(exc))
        raise KeyResolutionError("; ".join(errors) or f"no keys for {issuer}")


__all__ = ["ChainedKeys", "InMemoryKeyStore", "IssuerKeys", "KeyResolver"]
