# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""SD-JWT (RFC 9901 / draft-ietf-oauth-selective-disclosure-jwt): conceal, reveal, present.

This module is format-neutral: it knows disclosures, digests and key-binding JWTs.
:mod:`kunde.credentials.sd_jwt_vc` adds the credential rules on top.

Revealing is strict where the reference libraries are lenient: every disclosure must be
referenced by a digest in the signed payload (or inside another disclosure), exactly once;
a digest may not appear twice; a disclosure may not overwrite a plain claim.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, NamedTuple

from kunde.credentials._encoding import (
    b64url_decode_ascii,
    b64url_encode,
    parse_json,
    sha256_b64url,
)
from kunde.credentials._jws import sign_compact
from kunde.credentials.errors import MalformedCredentialError

if TYPE_CHECKING:
    from kunde.credentials.keys import KeyPair

SD_ALG = "sha-256"
KB_JWT_TYP = "kb+jwt"
Random = Callable[[int], bytes]
_RESERVED = frozenset({"_sd", "...", "_sd_alg"})
_PAYLOAD_ONLY = frozenset({"_sd", "_sd_alg"})
_NO_DIGESTS: list[str] = []  # shared, never changed
_CONTAINERS = (dict, list)


class DisclosureError(MalformedCredentialError):
    """A disclosure is malformed, unreferenced, duplicated or conflicts with the payload."""


@dataclass(frozen=True)
class Disclosable:
    """Marks a claim value (or array element) as selectively disclosable when issuing."""

    value: Any


class Disclosure(NamedTuple):
    """One disclosure: ``[salt, name, value]`` for object properties, ``[salt, value]`` for
    array elements. ``encoded`` is the exact base64url text its digest is taken over.

    Build one with :func:`make_disclosure` or :func:`parse_disclosure`, which compute
    ``digest`` once (revealing, selecting and checking duplicates all need it).
    """

    encoded: str
    salt: str
    name: str | None
    value: Any
    digest: str


def sd_digest(text: str) -> str:
    """SHA-256 over the ASCII text, base64url (the ``_sd`` digest and ``sd_hash``)."""
    return sha256_b64url(text.encode("ascii"))


def make_disclosure(salt: str, name: str | None, value: Any) -> Disclosure:
    """Encode a disclosure (JSON array, UTF-8, base64url)."""
    if name in _RESERVED:
        raise DisclosureError(f"{name!r} cannot be a disclosed claim name")
    array = [salt, value] if name is None else [salt, name, value]
    encoded = b64url_encode(json.dumps(array, ensure_ascii=False).encode("utf-8"))
    return Disclosure(encoded, salt, name, value, sd_digest(encoded))


def parse_disclosure(encoded: str) -> Disclosure:
    """Decode and validate one disclosure as received."""
    try:
        data = encoded.encode("ascii")  # what the digest is taken over, too
        array = parse_json(b64url_decode_ascii(data).decode("utf-8"))
    except (ValueError, MalformedCredentialError) as exc:
        raise DisclosureError("a disclosure is not base64url-encoded JSON") from exc
    if type(array) is not list or len(array) not in (2, 3) or type(array[0]) is not str:
        raise DisclosureError("a disclosure must be a JSON array [salt, (name,) value]")
    if len(array) == 3:  # noqa: PLR2004 - object property disclosure
        if type(array[1]) is not str or array[1] in _RESERVED:
            raise DisclosureError("a disclosure's claim name must be a non-reserved string")
        return Disclosure(encoded, array[0], array[1], array[2], sha256_b64url(data))
    return Disclosure(encoded, array[0], None, array[1], sha256_b64url(data))


def _salt(random: Random) -> str:
    return b64url_encode(random(16))


@dataclass
class _Concealer:
    random: Random
    decoys: int
    disclosures: list[Disclosure]

    def disclose(self, name: str | None, value: Any) -> Disclosure:
        disclosure = make_disclosure(_salt(self.random), name, self.walk(value))
        self.disclosures.append(disclosure)
        return disclosure

    def walk(self, value: Any) -> Any:
        if isinstance(value, Disclosable):
            raise DisclosureError("Disclosable must wrap an object property or array element")
        if isinstance(value, dict):
            return self.walk_object(value)
        if isinstance(value, list):
            return [
                {"...": self.disclose(None, item.value).digest}
                if isinstance(item, Disclosable)
                else self.walk(item)
                for item in value
            ]
        return value

    def walk_object(self, value: dict[str, Any]) -> dict[str, Any]:
        plain: dict[str, Any] = {}
        digests: list[str] = []
        for name, item in value.items():
            if name in _RESERVED:
                raise DisclosureError(f"{name!r} is reserved in SD-JWT payloads")
            if isinstance(item, Disclosable):
                digests.append(self.disclose(name, item.value).digest)
            else:
                plain[name] = self.walk(item)
        if digests:
            digests += [sd_digest(_salt(self.random)) for _ in range(self.decoys)]
            plain["_sd"] = sorted(digests)
        return plain


def conceal(
    claims: dict[str, Any], *, random: Random = secrets.token_bytes, decoys: int = 0
) -> tuple[dict[str, Any], list[Disclosure]]:
    """Turn claims with :class:`Disclosable` markers into an SD-JWT payload + disclosures.

    ``random`` supplies the salts (and decoy digests); ``decoys`` digests are added to
    every ``_sd`` array that has real ones, so the number of hidden claims is blurred.
    """
    concealer = _Concealer(random, decoys, [])
    return concealer.walk_object(claims), concealer.disclosures


# Where a claim sits while revealing: a chain of (parent, step) pairs ending in () at the
# root; steps are claim names or array indexes. Cheaper to extend than a tuple of steps, and
# only turned into one (Revealed.paths) when someone asks.
_Place = tuple[Any, ...]
_ROOT: _Place = ()


def _path(place: _Place) -> tuple[str, ...]:
    steps = []
    while place:
        place, step = place
        steps.append(str(step))
    steps.reverse()
    return tuple(steps)


@dataclass(frozen=True)
class Revealed:
    """Claims after processing disclosures, and the claim path each disclosure reveals."""

    claims: dict[str, Any]
    places: dict[str, _Place] = field(repr=False, compare=False)

    @cached_property
    def paths(self) -> dict[str, tuple[str, ...]]:
        """Each disclosure's digest with the path of the claim it reveals."""
        return {digest: _path(place) for digest, place in self.places.items()}


@dataclass
class _Revealer:
    by_digest: dict[str, Disclosure]
    seen: set[str]
    places: dict[str, _Place]

    def use(self, digest: Any, place: _Place) -> Disclosure | None:
        if type(digest) is not str:
            raise DisclosureError("digests must be strings")
        if digest in self.seen:
            raise DisclosureError("a digest appears more than once in the credential")
        self.seen.add(digest)
        found = self.by_digest.get(digest)
        if found is not None:
            self.places[digest] = place
        return found

    def walk(self, value: Any, place: _Place) -> Any:
        # Scalars come back as they are; only containers can hold digests.
        if isinstance(value, dict):
            return self.walk_object(value, place)
        if isinstance(value, list):
            return self.walk_array(value, place)
        return value

    def walk_object(self, value: dict[str, Any], place: _Place) -> dict[str, Any]:
        digests = value.get("_sd", _NO_DIGESTS)
        if not isinstance(digests, list):
            raise DisclosureError("_sd must be an array of digests")
        result: dict[str, Any] = {}
        for name, item in value.items():
            if name in _PAYLOAD_ONLY:
                continue
            if isinstance(item, _CONTAINERS):
                item = self.walk(item, (place, name))  # noqa: PLW2901 - the revealed value
            result[name] = item
        for digest in digests:
            disclosure = self.use(digest, place)
            if disclosure is None:
                continue  # a decoy, or a claim the holder did not disclose
            claim = disclosure.name
            if claim is None:
                raise DisclosureError("an array-element disclosure is referenced from _sd")
            if claim in result:
                raise DisclosureError(f"disclosure would overwrite claim {claim!r}")
            here = (place, claim)
            self.places[digest] = here
            result[claim] = self.walk(disclosure.value, here)
        return result

    def walk_array(self, value: list[Any], place: _Place) -> list[Any]:
        items: list[Any] = []
        for index, item in enumerate(value):
            if isinstance(item, list):
                items.append(self.walk_array(item, (place, index)))
                continue
            if not isinstance(item, dict):
                items.append(item)
                continue
            if "..." not in item:
                items.append(self.walk_object(item, (place, index)))
                continue
            if len(item) != 1:
                raise DisclosureError("an array digest object must only hold '...'")
            here = (place, index)
            disclosure = self.use(item["..."], here)
            if disclosure is None:
                continue
            if disclosure.name is not None:
                raise DisclosureError("a property disclosure is referenced from an array")
            items.append(self.walk(disclosure.value, here))
        return items


def reveal(payload: dict[str, Any], disclosures: Iterable[Disclosure]) -> Revealed:
    """Process disclosures against a verified payload (RFC 9901 section 7.1), strictly."""
    if payload.get("_sd_alg", SD_ALG) != SD_ALG:
        raise DisclosureError(f"unsupported _sd_alg {payload.get('_sd_alg')!r}")
    by_digest: dict[str, Disclosure] = {}
    for disclosure in disclosures:
        if disclosure.digest in by_digest:
            raise DisclosureError("the same disclosure is included twice")
        by_digest[disclosure.digest] = disclosure
    revealer = _Revealer(by_digest, set(), {})
    claims = revealer.walk_object(payload, _ROOT)
    if len(revealer.places) != len(by_digest):
        unreferenced = len(by_digest) - len(revealer.places)
        raise DisclosureError(
            f"{unreferenced} disclosure(s) are not referenced by the signed payload"
        )
    return Revealed(claims, revealer.places)


@dataclass(frozen=True)
class SdJwt:
    """A compact SD-JWT: issuer-signed JWT, disclosures, optional key-binding JWT."""

    jwt: str
    disclosures: tuple[Disclosure, ...]
    kb_jwt: str | None = None

    def without_kb(self) -> str:
        """The serialisation up to and including the last ``~`` (what sd_hash covers)."""
        return "~".join([self.jwt, *(d.encoded for d in self.disclosures)]) + "~"

    def serialize(self) -> str:
        """Compact serialisation (``~``-separated)."""
        return self.without_kb() + (self.kb_jwt or "")


def parse_sd_jwt(text: str) -> SdJwt:
    """Parse a compact SD-JWT (line breaks and spaces are ignored)."""
    compact = "".join(text.split())  # str.split() drops the same whitespace as regex \s
    parts = compact.split("~")
    if len(parts) < 2 or parts[0].count(".") != 2:  # noqa: PLR2004 - jwt~...~
        raise MalformedCredentialError("not an SD-JWT: expected <JWT>~<disclosure>~...~[<KB-JWT>]")
    encoded = parts[1:-1]
    if "" in encoded:
        raise DisclosureError("empty disclosure between '~' separators")
    return SdJwt(parts[0], tuple(map(parse_disclosure, encoded)), parts[-1] or None)


def key_binding_jwt(
    holder_key: KeyPair, presentation: str, *, nonce: str, audience: str, iat: int
) -> str:
    """Sign a KB-JWT over ``presentation`` (an SD-JWT ending in ``~``)."""
    payload = {"iat": iat, "aud": audience, "nonce": nonce, "sd_hash": sd_digest(presentation)}
    header = {"typ": KB_JWT_TYP}
    key = holder_key.with_kid(None)  # the verifier takes the key from cnf, not a kid
    return sign_compact(header, payload, key)


def select(sd_jwt: SdJwt, payload: dict[str, Any], claims: Iterable[str]) -> SdJwt:
    """Keep the disclosures needed to show ``claims`` (dot paths such as
    ``credentialSubject.skills.0``); naming an object shows all of it, naming a nested
    claim keeps its parents' disclosures too. ``*`` keeps everything."""
    wanted = [tuple(c.split(".")) for c in claims if c]
    if ("*",) in wanted:
        return SdJwt(sd_jwt.jwt, sd_jwt.disclosures)
    paths = reveal(payload, sd_jwt.disclosures).paths
    kept = []
    for disclosure in sd_jwt.disclosures:
        path = paths[disclosure.digest]
        if any(path[: len(w)] == w or w[: len(path)] == path for w in wanted):
            kept.append(disclosure)
    return SdJwt(sd_jwt.jwt, tuple(kept))


__all__ = [
    "KB_JWT_TYP",
    "SD_ALG",
    "Disclosable",
    "Disclosure",
    "DisclosureError",
    "Revealed",
    "SdJwt",
    "conceal",
    "key_binding_jwt",
    "make_disclosure",
    "parse_disclosure",
    "parse_sd_jwt",
    "reveal",
    "sd_digest",
    "select",
]
