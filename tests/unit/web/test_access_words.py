"""Every kind of access has a sentence for the holder, in the API and on the pages."""

from __future__ import annotations

from kunde.sharing.model import AccessAction
from kunde.web.api._access_words import _SENTENCES
from kunde.web.pages._log_words import ACTIONS


def test_every_action_reads_as_a_sentence() -> None:
    assert set(ACTIONS) == set(AccessAction)
    assert set(_SENTENCES) | {AccessAction.MATCH} == set(AccessAction)
