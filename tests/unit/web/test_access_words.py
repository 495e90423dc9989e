"""Every kind of access has a sentence for the holder, on the pages and in the API."""

from __future__ import annotations

from kunde.sharing.model import AccessAction, PurposeKind
from kunde.web.access_words import ACTIONS, PURPOSES


def test_every_action_reads_as_a_sentence() -> None:
    assert set(ACTIONS) == set(AccessAction)


def test_every_purpose_has_words() -> None:
    assert set(PURPOSES) == set(PurposeKind)
