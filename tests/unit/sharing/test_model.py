"""Grant windows (time travel), expiry rules and the hash chain, without a database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

import kunde.sharing
from kunde.errors import InvalidInput
from kunde.sharing.model import (
    AccessAction,
    AccessEntry,
    Audience,
    AudienceKind,
    Grant,
    GrantState,
    ItemKind,
    Purpose,
    PurposeKind,
    SharedItem,
    entry_hash,
    expiry,
    parse_items,
    verify_chain,
)

START = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


def grant(**changes: object) -> Grant:
    base = Grant(
        "g1",
        "holder",
        Audience(AudienceKind.ORGANISATION, "org"),
        Purpose(PurposeKind.VACANCY, "Warehouse assistant"),
        (SharedItem(ItemKind.SKILL, "s1"),),
        START,
        START + timedelta(days=14),
    )
    return replace(base, **changes)  # type: ignore[arg-type]  # test data


@pytest.mark.parametrize(
    ("at", "state"),
    [
        (START - timedelta(seconds=1), GrantState.EXPIRED),
        (START, GrantState.ACTIVE),
        (START + timedelta(days=14) - timedelta(microseconds=1), GrantState.ACTIVE),
        (START + timedelta(days=14), GrantState.EXPIRED),
        (START + timedelta(days=400), GrantState.EXPIRED),
    ],
)
def test_a_grant_is_active_only_inside_its_window(at: datetime, state: GrantState) -> None:
    assert grant().state(at) is state


def test_revocation_takes_effect_at_once_and_wins_over_expiry() -> None:
    revoked = grant(revoked_at=START + timedelta(days=1))
    assert revoked.state(START + timedelta(hours=23)) is GrantState.ACTIVE
    assert revoked.state(START + timedelta(days=1)) is GrantState.REVOKED
    assert revoked.state(START + timedelta(days=30)) is GrantState.REVOKED


def test_expiry_defaults_to_30_days_and_respects_the_maximum() -> None:
    assert expiry(START, None, 365) == START + timedelta(days=30)
    assert expiry(START, None, 7) == START + timedelta(days=7)
    with pytest.raises(InvalidInput):
        expiry(START, START + timedelta(days=8), 7)
    with pytest.raises(InvalidInput):
        expiry(START, START - timedelta(days=1), 7)
    with pytest.raises(InvalidInput):
        expiry(START, datetime(2026, 6, 1), 365)  # noqa: DTZ001 - a naive time is refused


def test_items_are_named_one_by_one() -> None:
    items = parse_items([{"kind": "skill", "id": "a"}, {"kind": "skill", "id": "a"}])
    assert items == (SharedItem(ItemKind.SKILL, "a"),)
    for bad in ([], [{"kind": "passport", "id": "x"}], [{"kind": "personal", "id": "all"}]):
        with pytest.raises(InvalidInput):
            parse_items(bad)


def _chain(n: int) -> list[AccessEntry]:
    entries: list[AccessEntry] = []
    for position in range(1, n + 1):
        entry = AccessEntry(
            position, "holder", "actor", "org", AccessAction.VIEW, "g1", None,
            Purpose(PurposeKind.VACANCY, "Warehouse assistant"),
            (SharedItem(ItemKind.SKILL, "s1"),), START + timedelta(minutes=position),
            entries[-1].hash if entries else "0" * 64,
        )  # fmt: skip
        entries.append(replace(entry, hash=entry_hash(entry)))
    return entries


def test_the_chain_detects_edits_removals_and_reordering() -> None:
    entries = _chain(4)
    assert verify_chain(entries).intact
    edited = [*entries[:2], replace(entries[2], actor_id="someone else"), entries[3]]
    assert verify_chain(edited).broken_at == 3
    assert verify_chain([entries[0], *entries[2:]]).broken_at == 2
    assert not verify_chain([entries[1], entries[0]]).intact
    rehashed = replace(edited[2], hash=entry_hash(edited[2]))
    assert verify_chain([*entries[:2], rehashed, entries[3]]).broken_at == 4


def test_public_surface() -> None:
    for name in kunde.sharing.__all__:
        assert hasattr(kunde.sharing, name)


def _match_grant(audience: Audience, purpose: Purpose) -> Grant:
    return Grant(
        id="g",
        holder_id="h",
        audience=audience,
        purpose=purpose,
        items=(SharedItem(ItemKind.SKILL, "s"),),
        created_at=START,
        expires_at=START + timedelta(days=30),
    )


def test_which_grants_admit_matching_for_a_vacancy() -> None:
    now = START + timedelta(days=1)
    pool = _match_grant(
        Audience(AudienceKind.MATCHING_POOL, "werkplein"), Purpose(PurposeKind.MATCHING_POOL)
    )
    applied = _match_grant(
        Audience(AudienceKind.ORGANISATION, "depot"), Purpose(PurposeKind.VACANCY, "Picker", "v1")
    )
    in_words = _match_grant(
        Audience(AudienceKind.ORGANISATION, "depot"), Purpose(PurposeKind.VACANCY, "Picker")
    )
    talent = _match_grant(
        Audience(AudienceKind.ORGANISATION, "depot"), Purpose(PurposeKind.TALENT_MANAGEMENT, "T")
    )
    counselling = _match_grant(
        Audience(AudienceKind.ORGANISATION, "depot"), Purpose(PurposeKind.COUNSELLING)
    )
    assert pool.admits_match("any employer", "v9", now)
    assert applied.admits_match("depot", "v1", now)
    assert not applied.admits_match("depot", "v2", now)
    assert not applied.admits_match("other", "v1", now)
    assert not in_words.admits_match("depot", "v1", now)
    assert talent.admits_match("depot", "v2", now)
    assert not talent.admits_match("other", "v2", now)
    assert not counselling.admits_match("depot", "v1", now)
    assert not pool.admits_match("depot", "v1", START + timedelta(days=30))
    assert not replace(pool, revoked_at=now).admits_match("depot", "v1", now)
    assert [g.match_rank() for g in (applied, talent, pool)] == [0, 1, 2]


def test_vacancy_id_is_hashed_only_when_set() -> None:
    entry = AccessEntry(1, "h", "a", "o", AccessAction.MATCH, "g", None, None, (), START)
    assert "vacancy_id" not in entry.fields()
    matched = replace(entry, vacancy_id="v1")
    assert matched.fields()["vacancy_id"] == "v1"
    assert entry_hash(matched) != entry_hash(entry)
