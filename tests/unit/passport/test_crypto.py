"""Sealing binds ciphertext to its place; a destroyed key opens nothing."""

from __future__ import annotations

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


def test_wrapped_keys_open_only_with_the_same_secret_and_passport() -> None:
    key = new_data_key()
    wrapped = KeyRing.from_secret(b"one").wrap(key, "p1")
    assert KeyRing.from_secret(b"one").unwrap(wrapped, "p1") == key
    with pytest.raises(KeyUnavailable):
        KeyRing.from_secret(b"two").unwrap(wrapped, "p1")
    with pytest.raises(KeyUnavailable):
        KeyRing.from_secret(b"one").unwrap(wrapped, "p2")
