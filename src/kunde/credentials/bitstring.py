# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""W3C Bitstring Status List v1.0: encode, decode, build list credentials, check entries.

The bitstring is GZIP-compressed and multibase base64url-encoded (``u`` prefix). Index 0
is the left-most (most significant) bit of the first byte. Lists have at least 131,072
entries (16 KiB) so that one revocation does not stand out.
"""

from __future__ import annotations

import gzip
import zlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kunde.credentials._encoding import b64url_encode, multibase_decode
from kunde.credentials.errors import MalformedCredentialError, StatusListError
from kunde.credentials.jsonld import VC_V2

if TYPE_CHECKING:
    from datetime import datetime

MIN_LENGTH = 131_072
PURPOSES = frozenset({"revocation", "suspension", "refresh", "message"})
_MAX_BYTES = 1 << 24  # refuse lists over 16 MiB decompressed (decompression bombs)


@dataclass
class Bitstring:
    """A status bitstring of ``len(data) * 8 // status_size`` entries."""

    data: bytearray
    status_size: int = 1

    @classmethod
    def new(cls, length: int = MIN_LENGTH, status_size: int = 1) -> Bitstring:
        """An all-zero list with room for ``length`` entries (at least MIN_LENGTH bits)."""
        bits = max(length * status_size, MIN_LENGTH)
        return cls(bytearray((bits + 7) // 8), status_size)

    def __len__(self) -> int:
        return len(self.data) * 8 // self.status_size

    def get(self, index: int) -> int:
        """The status value of entry ``index``."""
        if not 0 <= index < len(self):
            raise StatusListError(f"status index {index} is outside the list (size {len(self)})")
        value = 0
        for bit in range(index * self.status_size, (index + 1) * self.status_size):
            value = (value << 1) | (self.data[bit // 8] >> (7 - bit % 8)) & 1
        return value

    def set(self, index: int, value: int) -> None:
        """Set entry ``index`` (1 = revoked / suspended for those purposes)."""
        if not 0 <= index < len(self) or not 0 <= value < (1 << self.status_size):
            raise StatusListError(f"cannot set status {value} at index {index}")
        for offset in range(self.status_size):
            bit = index * self.status_size + offset
            mask = 1 << (7 - bit % 8)
            if (value >> (self.status_size - 1 - offset)) & 1:
                self.data[bit // 8] |= mask
            else:
                self.data[bit // 8] &= ~mask

    def encode(self) -> str:
        """``encodedList``: multibase base64url of the GZIP-compressed bitstring."""
        return "u" + b64url_encode(gzip.compress(bytes(self.data), mtime=0))

    @classmethod
    def decode(cls, encoded: str, status_size: int = 1) -> Bitstring:
        """Read an ``encodedList`` value."""
        try:
            raw = multibase_decode(encoded)
            inflater = zlib.decompressobj(wbits=31)  # 31: expect a gzip header
            data = inflater.decompress(raw, _MAX_BYTES)
        except (MalformedCredentialError, zlib.error) as exc:
            raise StatusListError("encodedList is not multibase GZIP data") from exc
        if inflater.unconsumed_tail:
            raise StatusListError("the status list is larger than 16 MiB")
        return cls(bytearray(data), status_size)


def status_list_credential(
    *,
    url: str,
    issuer: str,
    purpose: str,
    bitstring: Bitstring,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """An unsigned BitstringStatusListCredential published at ``url``."""
    if purpose not in PURPOSES:
        raise StatusListError(f"unknown status purpose {purpose!r}")
    credential: dict[str, Any] = {
        "@context": [VC_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": valid_from.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": purpose,
            "encodedList": bitstring.encode(),
        },
    }
    if valid_until is not None:
        credential["validUntil"] = valid_until.strftime("%Y-%m-%dT%H:%M:%SZ")
    return credential


def status_entry(*, list_url: str, index: int, purpose: str) -> dict[str, Any]:
    """A BitstringStatusListEntry for a credential's ``credentialStatus``."""
    return {
        "id": f"{list_url}#{index}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": purpose,
        "statusListIndex": str(index),
        "statusListCredential": list_url,
    }


def entry_status(entry: dict[str, Any], list_credential: dict[str, Any]) -> int:
    """The status value ``entry`` has in ``list_credential`` (whose proof the caller checks).

    Raises StatusListError when the two do not belong together.
    """
    if entry.get("type") != "BitstringStatusListEntry":
        raise StatusListError(f"unsupported credentialStatus type {entry.get('type')!r}")
    if list_credential.get("id") != entry.get("statusListCredential"):
        raise StatusListError("the status list credential is not the one the entry names")
    subject = list_credential.get("credentialSubject")
    if not isinstance(subject, dict) or subject.get("type") != "BitstringStatusList":
        raise StatusListError("the status list credential has no BitstringStatusList subject")
    purposes = subject.get("statusPurpose")
    purposes = purposes if isinstance(purposes, list) else [purposes]
    if entry.get("statusPurpose") not in purposes:
        raise StatusListError("the entry's statusPurpose does not match the list's")
    try:
        index = int(str(entry.get("statusListIndex")))
    except ValueError as exc:
        raise StatusListError("statusListIndex must be an integer string") from exc
    size = int(entry.get("statusSize", 1))
    return Bitstring.decode(str(subject.get("encodedList", "")), size).get(index)


__all__ = [
    "MIN_LENGTH",
    "PURPOSES",
    "Bitstring",
    "entry_status",
    "status_entry",
    "status_list_credential",
]
