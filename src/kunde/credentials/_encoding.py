# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Byte encodings shared by the formats: base64url, multibase, multicodec and JSON."""

from __future__ import annotations

import binascii
import hashlib
import json
from typing import Any

import base58

from kunde.credentials.errors import MalformedCredentialError

# multicodec varint prefixes (https://github.com/multiformats/multicodec table.csv)
ED25519_PUB = b"\xed\x01"
P256_PUB = b"\x80\x24"
ED25519_PRIV = b"\x80\x26"
_sha256 = hashlib.sha256


_TO_URLSAFE = bytes.maketrans(b"+/", b"-_")


def b64url_encode(data: bytes) -> str:
    """Encode bytes as unpadded base64url, as JOSE and SD-JWT require."""
    encoded = binascii.b2a_base64(data, newline=False).translate(_TO_URLSAFE)
    return encoded.rstrip(b"=").decode("ascii")


def sha256_b64url(data: bytes) -> str:
    """SHA-256 of ``data`` as unpadded base64url (SD-JWT digests, ``sd_hash``, thumbprints)."""
    # A 32-byte digest is 43 base64 characters and one "=".
    return (
        binascii.b2a_base64(_sha256(data).digest(), newline=False)[:43]
        .translate(_TO_URLSAFE)
        .decode("ascii")
    )


# base64url to base64 in one pass: "-" and "_" become "+" and "/", while "+", "/" and "="
# (not allowed in unpadded base64url) become "*", which the strict decoder rejects.
_FROM_URLSAFE = bytes.maketrans(b"-_+/=", b"+/***")
_PADDING = (b"", b"===", b"==", b"=")  # by length % 4; 1 is never valid and stays invalid


def b64url_decode(text: str) -> bytes:
    """Decode unpadded base64url; reject characters outside the alphabet and padding."""
    try:
        data = text.encode("ascii")
    except UnicodeEncodeError as exc:
        raise MalformedCredentialError(_b64url_problem(text)) from exc
    return b64url_decode_ascii(data)


def b64url_decode_ascii(data: bytes) -> bytes:
    """:func:`b64url_decode` for text already encoded as ASCII bytes."""
    try:
        return binascii.a2b_base64(
            data.translate(_FROM_URLSAFE) + _PADDING[len(data) & 3], strict_mode=True
        )
    except binascii.Error as exc:
        raise MalformedCredentialError(_b64url_problem(data.decode("ascii"))) from exc


def _b64url_problem(text: str) -> str:
    if "=" in text or "+" in text or "/" in text:
        return "base64url text must be unpadded and URL-safe"
    return "invalid base64url text"


def multibase_b58_encode(data: bytes) -> str:
    """Multibase base58-btc (prefix ``z``)."""
    return "z" + base58.b58encode(data).decode("ascii")


def multibase_decode(text: str) -> bytes:
    """Decode multibase base58-btc (``z``) or base64url (``u``) text."""
    if text.startswith("z"):
        try:
            return base58.b58decode(text[1:])
        except ValueError as exc:
            raise MalformedCredentialError("invalid base58btc multibase text") from exc
    if text.startswith("u"):
        return b64url_decode(text[1:])
    raise MalformedCredentialError("unsupported multibase prefix: only 'z' and 'u' are accepted")


def compact_json(value: Any) -> bytes:
    """Serialise JSON without spaces, keeping non-ASCII text as UTF-8."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


# The C scanner behind json.loads; typeshed does not declare the attribute.
_scan_json = json.JSONDecoder().scan_once  # type: ignore[attr-defined]


def parse_json(text: str) -> Any:
    """``json.loads`` for text that is exactly one JSON value (as JWTs and disclosures are).

    Goes straight to the decoder's scanner; text with surrounding whitespace, and any
    error, takes the ordinary ``json.loads`` path, so results and errors are the same.
    """
    try:
        value, end = _scan_json(text, 0)
    except StopIteration:
        end = -1
    if end != len(text):
        return json.loads(text)
    return value


def json_object(data: bytes | str, what: str) -> dict[str, Any]:
    """Parse a JSON object, raising MalformedCredentialError with ``what`` on failure."""
    try:
        value = parse_json(data.decode("utf-8") if isinstance(data, bytes) else data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedCredentialError(f"{what} is not valid JSON") from exc
    if not isinstance(value, dict):
        raise MalformedCredentialError(f"{what} is not a JSON object")
    return value
