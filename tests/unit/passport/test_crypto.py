"""Sealing binds ciphertext to its place; a destroyed key opens nothing."""

from __future__ import annotations

from datetime import datetime

import pytest

from kunde.passport._crypto import KeyRing, KeyUnavailable, new_data_key, seal, unseal


def test_seal_round_trip_and_binding() -> None:
    key = new_data_key()
    blob = seal(key, b"motivation", "item:1")
    assert unseal(key, blob, "item:1") == b"motivation"
    with pytest.raises(KeyUnavailable):
        unseal(key, blob, "item:2")
    with pytest.raises(KeyUnavailable):
        unseal(new_data_key(), blob, "item:1")


class NoKeyStore:
    """Wrapping needs no key store; the key store itself is tested in integration."""

    def put(self, passport_id: str, wrapped: bytes, now: datetime) -> None:
        raise AssertionError((passport_id, wrapped, now))

    def get(self, passport_id: str) -> bytes | None:
        raise AssertionError(passport_id)

    def delete(self, passport_id: str) -> None:
        raise AssertionError(passport_id)

    def stored(self, *, created_before: datetime) -> list[str]:
        raise AssertionError(created_before)


def test_wrapped_keys_open_only_with_the_same_secret_and_passport() -> None:
    key = new_data_key()
    one = KeyRing.from_secret(b"one", NoKeyStore())
    wrapped = one.wrap(key, "p1")
    assert one.unwrap(wrapped, "p1") == key
    with pytest.raises(KeyUnavailable):
        KeyRing.from_secret(b"two", NoKeyStore()).unwrap(wrapped, "p1")
    with pytest.raises(KeyUnavailable):
        one.unwrap(wrapped, "p2")
