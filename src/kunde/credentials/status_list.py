# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""IETF Token Status List (draft-ietf-oauth-status-list): build, sign, read, check.

A status list is a byte array of ``bits``-wide statuses (index 0 in the least significant
bits of byte 0), DEFLATE-compressed with zlib framing and base64url-encoded as ``lst``.
The Status List Token is a JWT with ``typ: statuslist+jwt`` whose ``sub`` is the list's URI.
"""

from __future__ import annotations

import hashlib
import json
import threading
import zlib
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from kunde.credentials._encoding import b64url_decode, b64url_encode
from kunde.credentials._jws import parse_compact, sign_compact
from kunde.credentials.errors import (
    KeyResolutionError,
    MalformedCredentialError,
    StatusListError,
    UnsupportedAlgorithmError,
)
from kunde.credentials.vcdm import parse_datetime

if TYPE_CHECKING:
    from kunde.credentials.keys import KeyPair
    from kunde.credentials.keystore import KeyResolver

VALID = 0
INVALID = 1
SUSPENDED = 2
STATUS_NAMES = {VALID: "valid", INVALID: "revoked", SUSPENDED: "suspended"}
TYP = "statuslist+jwt"
_BITS = (1, 2, 4, 8)


@dataclass
class StatusList:
    """Statuses of ``bits`` bits each; create with :meth:`new` or :meth:`decode`."""

    bits: int
    data: bytearray = field(repr=False)

    @classmethod
    def new(cls, size: int, bits: int = 1) -> StatusList:
        """A list of ``size`` entries, all VALID."""
        if bits not in _BITS:
            raise StatusListError("bits must be 1, 2, 4 or 8")
        return cls(bits, bytearray((size * bits + 7) // 8))

    def __len__(self) -> int:
        return len(self.data) * 8 // self.bits

    def _locate(self, index: int) -> tuple[int, int, int]:
        if not 0 <= index < len(self):
            raise StatusListError(f"status index {index} is outside the list (size {len(self)})")
        per_byte = 8 // self.bits
        return index // per_byte, (index % per_byte) * self.bits, (1 << self.bits) - 1

    def get(self, index: int) -> int:
        """The status value at ``index``."""
        byte, shift, mask = self._locate(index)
        return (self.data[byte] >> shift) & mask

    def set(self, index: int, value: int) -> None:
        """Set the status at ``index`` (e.g. INVALID to revoke)."""
        byte, shift, mask = self._locate(index)
        if not 0 <= value <= mask:
            raise StatusListError(f"status {value} does not fit in {self.bits} bits")
        self.data[byte] = (self.data[byte] & ~(mask << shift)) | (value << shift)

    def encode(self) -> dict[str, int | str]:
        """The ``status_list`` claim: ``{"bits": n, "lst": base64url(zlib(bytes))}``."""
        return {"bits": self.bits, "lst": b64url_encode(zlib.compress(bytes(self.data), 9))}

    @classmethod
    def decode(cls, claim: object) -> StatusList:
        """Read a ``status_list`` claim; malformed input raises StatusListError."""
        if not isinstance(claim, dict) or claim.get("bits") not in _BITS:
            raise StatusListError("status_list needs bits (1, 2, 4 or 8) and lst")
        try:
            # The size cap guards against decompression bombs (16 MiB = 134M entries at 1 bit).
            inflater = zlib.decompressobj()
            data = inflater.decompress(b64url_decode(str(claim.get("lst", ""))), 1 << 24)
            if inflater.unconsumed_tail:
                raise StatusListError("status list is larger than 16 MiB")
        except (zlib.error, MalformedCredentialError) as exc:
            raise StatusListError("status list lst is not base64url zlib data") from exc
        return cls(int(claim["bits"]), bytearray(data))


def issue_status_list_token(
    status_list: StatusList,
    *,
    uri: str,
    key: KeyPair,
    now: datetime,
    issuer: str | None = None,
    ttl: timedelta | None = None,
    expires: datetime | None = None,
) -> str:
    """Sign a Status List Token for ``uri`` (the ``sub`` that credentials point to)."""
    payload: dict[str, object] = {"sub": uri, "iat": int(now.timestamp())}
    if issuer:
        payload["iss"] = issuer
    if expires:
        payload["exp"] = int(expires.timestamp())
    if ttl:
        payload["ttl"] = int(ttl.total_seconds())
    payload["status_list"] = status_list.encode()
    return sign_compact({"typ": TYP}, payload, key)


def read_status_list_token(
    token: str,
    *,
    uri: str,
    issuer: str,
    keys: KeyResolver,
    now: datetime,
    leeway: timedelta = timedelta(seconds=60),
) -> StatusList:
    """Verify a Status List Token signed by ``issuer`` for ``uri`` and return its list."""
    return _read_token(token, uri=uri, issuer=issuer, keys=keys, now=now, leeway=leeway)[0]


def _read_token(
    token: str,
    *,
    uri: str,
    issuer: str,
    keys: KeyResolver,
    now: datetime,
    leeway: timedelta,
) -> tuple[StatusList, dict[str, object]]:
    try:
        jws = parse_compact(token, "status list token")
    except (MalformedCredentialError, UnsupportedAlgorithmError) as exc:
        raise StatusListError(str(exc)) from exc
    if jws.header.get("typ") != TYP:
        raise StatusListError(f"status list token typ must be {TYP}")
    if jws.payload.get("sub") != uri:
        raise StatusListError(f"status list token is for {jws.payload.get('sub')!r}, not {uri!r}")
    kid = jws.header.get("kid")
    try:
        candidates = keys.issuer_keys(issuer, kid if isinstance(kid, str) else None)
    except KeyResolutionError as exc:
        raise StatusListError(f"status list signer unknown: {exc}") from exc
    if not any(k.fits(jws.alg) and jws.verify(k) for k in candidates):
        raise StatusListError("status list token signature does not verify with the issuer's keys")
    exp = jws.payload.get("exp")
    if isinstance(exp, int | float) and exp < (now - leeway).timestamp():
        raise StatusListError("status list token has expired")
    return StatusList.decode(jws.payload.get("status_list")), jws.payload


@dataclass(frozen=True)
class _CachedList:
    token: str
    issuer: str
    until: float  # POSIX seconds
    status_list: StatusList

    def serves(self, token: str, issuer: str, t: float) -> bool:
        return (self.token, self.issuer) == (token, issuer) and t < self.until


@dataclass(frozen=True)
class _CachedCredential:
    digest: str
    issuer: str
    until: float  # POSIX seconds

    def serves(self, digest: str, issuer: str, t: float) -> bool:
        return (self.digest, self.issuer) == (digest, issuer) and t < self.until


@dataclass
class StatusListCache:
    """Verified, decoded status lists by URI, so a list's signature is checked once per copy.

    A cached list is used again only for the same URI and issuer and a byte-identical token
    (the token text is its own ETag: a changed list is a new token and is verified afresh),
    and only until the earliest of the token's ``exp``, its ``ttl`` and ``max_age``.
    W3C status list credentials are kept the same way (:meth:`check_credential`): the same
    URL, issuer and JSON content, until the earliest of ``validUntil`` and ``max_age``.
    Credentials themselves are never cached: each one is verified in full. Safe to share
    between threads; at most ``size`` lists of each kind are kept, least recently used
    dropped first. ``hits`` and ``misses`` count reuses and fresh verifications.
    """

    max_age: timedelta = timedelta(minutes=5)
    size: int = 256
    hits: int = 0
    misses: int = 0
    _entries: OrderedDict[str, _CachedList] = field(default_factory=OrderedDict, repr=False)
    _credentials: OrderedDict[str, _CachedCredential] = field(
        default_factory=OrderedDict, repr=False
    )
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def read(
        self,
        token: str,
        *,
        uri: str,
        issuer: str,
        keys: KeyResolver,
        now: datetime,
        leeway: timedelta = timedelta(seconds=60),
    ) -> StatusList:
        """Like :func:`read_status_list_token`, reusing an earlier verification when allowed."""
        t = now.timestamp()
        with self._lock:
            entry = self._entries.get(uri)
            if entry is not None and entry.serves(token, issuer, t):
                self._entries.move_to_end(uri)
                self.hits += 1
                return entry.status_list
        status_list, payload = _read_token(
            token, uri=uri, issuer=issuer, keys=keys, now=now, leeway=leeway
        )
        limits = [t + self.max_age.total_seconds()]
        for name, base in (("exp", 0.0), ("ttl", t)):
            value = payload.get(name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                limits.append(base + float(value))
        with self._lock:
            self.misses += 1
            self._keep(self._entries, uri, _CachedList(token, issuer, min(limits), status_list))
        return status_list

    def check_credential(
        self,
        listed: dict[str, Any],
        *,
        url: str,
        issuer: str | None,
        now: datetime,
        check: Callable[[], str | None],
    ) -> str | None:
        """``check()`` of the status list credential ``listed`` (its problem, or None),
        skipped when the same content from the same issuer passed it before."""
        t = now.timestamp()
        digest = hashlib.sha256(
            json.dumps(listed, sort_keys=True, separators=(",", ":")).encode()
        ).hexdigest()
        with self._lock:
            entry = self._credentials.get(url)
            if entry is not None and entry.serves(digest, issuer or "", t):
                self._credentials.move_to_end(url)
                self.hits += 1
                return None
        problem = check()
        limits = [t + self.max_age.total_seconds()]
        until = parse_datetime(listed.get("validUntil"))
        if until is not None:
            limits.append(until.timestamp())
        with self._lock:
            self.misses += 1
            if problem is None:
                self._keep(
                    self._credentials, url, _CachedCredential(digest, issuer or "", min(limits))
                )
        return problem

    def _keep(self, entries: OrderedDict[str, Any], key: str, value: object) -> None:
        entries[key] = value
        entries.move_to_end(key)
        while len(entries) > self.size:
            entries.popitem(last=False)


__all__ = [
    "INVALID",
    "STATUS_NAMES",
    "SUSPENDED",
    "TYP",
    "VALID",
    "StatusList",
    "StatusListCache",
    "issue_status_list_token",
    "read_status_list_token",
]
