"""Matching respects the holder's consent, with the time passed in: only holders with an
active grant that admits the vacancy take part, only their granted skills count, and each
match shown is one entry in the holder's hash-chained access log."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from kunde.accounts import service as accounts
from kunde.db.session import Database, UnitOfWork
from kunde.errors import ConsentRequired, InvalidInput, NotFound
from kunde.matching import pool, service
from kunde.matching.service import MatchingService
from kunde.passport import KeyRing
from kunde.sharing import matching as consent
from kunde.sharing import service as sharing
from kunde.sharing.model import (
    AccessAction,
    Audience,
    AudienceKind,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
)
from kunde.taxonomy.service import TaxonomyService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
PASSWORD = "correct horse battery"
MAX_DAYS = 365


@dataclass
class World:
    matching: MatchingService
    skills: list[str]  # essential skills of the warehouse vacancy
    employer_id: str  # a member of the employer organisation
    organisation_id: str
    vacancy_id: str
    other_vacancy_id: str
    werkplein_id: str
    keys: KeyRing


def _person(uow: UnitOfWork, name: str) -> str:
    return accounts.sign_up(
        uow, email=f"{name}@example.org", password=PASSWORD, display_name=name, now=NOW
    ).id


def _holder(
    uow: UnitOfWork, world: World, taxonomy: TaxonomyService, name: str, uris: list[str]
) -> str:
    holder_id = _person(uow, name)
    service.confirm_skills(
        uow, holder_id=holder_id, uris=uris, keys=world.keys, concepts=taxonomy, now=NOW
    )
    return holder_id


def _claims(uow: UnitOfWork, world: World, holder_id: str) -> dict[str, str]:
    """Skill URI -> claim id of the holder's passport."""
    view = service.passport.view(
        uow, actor_id=holder_id, holder_id=holder_id, keys=world.keys, now=NOW
    )
    return {s.claim.body.concept_uri: s.claim.id for s in view.skills}  # type: ignore[union-attr]


@pytest.fixture
def world(database: Database, taxonomy: TaxonomyService, keys: KeyRing) -> World:
    matching = MatchingService(taxonomy)
    skills = [
        r.uri
        for r in matching.occupation_profile(WAREHOUSE).requirements
        if r.importance == "essential"
    ]
    with database.unit_of_work() as uow:
        boss = accounts.account(uow, _person(uow, "boss"))
        org = accounts.create_organisation(
            uow, boss, name="Depot B.V.", roles=["employer"], now=NOW
        )
        vacancy = service.create_vacancy(
            uow, matching, actor_id=boss.id, organisation_id=org.id, title="Orderpicker",
            occupation_uri=WAREHOUSE, now=NOW,
        )  # fmt: skip
        other = service.create_vacancy(
            uow, matching, actor_id=boss.id, organisation_id=org.id, title="Heftruckchauffeur",
            occupation_uri=WAREHOUSE, now=NOW,
        )  # fmt: skip
        admin = accounts.account(uow, _person(uow, "werkplein"))
        werkplein = accounts.create_organisation(
            uow, admin, name="Werkplein", roles=["labour_market_service"], now=NOW
        )
    return World(matching, skills, boss.id, org.id, vacancy.id, other.id, werkplein.id, keys)


def _matches(
    database: Database, world: World, now: datetime, vacancy_id: str = ""
) -> dict[str, float]:
    with database.unit_of_work() as uow:
        _found, matches = service.vacancy_matches(
            uow, world.matching, actor_id=world.employer_id, vacancy_id=vacancy_id or world.vacancy_id,
            keys=world.keys, now=now, recorder=pool.ConsentLog(),
        )  # fmt: skip
    return {m.holder_id: m.score for m in matches}


def test_only_holders_with_an_active_grant_take_part(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        pooled = _holder(uow, world, taxonomy, "pooled", world.skills[:8])
        applied = _holder(uow, world, taxonomy, "applied", world.skills[:8])
        elsewhere = _holder(uow, world, taxonomy, "elsewhere", world.skills[:8])
        silent = _holder(uow, world, taxonomy, "silent", world.skills)
        viewer = _holder(uow, world, taxonomy, "viewer", world.skills)
        pool.join_pool(uow, holder_id=pooled, keys=world.keys, now=NOW, max_days=MAX_DAYS)
        pool.apply(
            uow, holder_id=applied, vacancy_id=world.vacancy_id, keys=world.keys, now=NOW,
            max_days=MAX_DAYS,
        )  # fmt: skip
        pool.apply(
            uow, holder_id=elsewhere, vacancy_id=world.other_vacancy_id, keys=world.keys, now=NOW,
            max_days=MAX_DAYS,
        )  # fmt: skip
        # A share to the employer that names the vacancy only in words is not an application.
        claim = next(iter(_claims(uow, world, viewer).values()))
        sharing.grant(
            uow, holder_id=viewer, keys=world.keys, now=NOW, max_days=MAX_DAYS, link_secret="",
            request=NewGrant(
                Audience(AudienceKind.ORGANISATION, world.organisation_id),
                Purpose(PurposeKind.VACANCY, "Orderpicker"),
                (SharedItem(ItemKind.SKILL, claim),),
            ),
        )  # fmt: skip
    found = _matches(database, world, NOW)
    assert set(found) == {pooled, applied}
    assert silent not in found
    assert elsewhere in _matches(database, world, NOW, world.other_vacancy_id)


def test_revoked_or_expired_grants_stop_matching_at_once(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        leaver = _holder(uow, world, taxonomy, "leaver", world.skills[:6])
        stayer = _holder(uow, world, taxonomy, "stayer", world.skills[:6])
        pool.join_pool(uow, holder_id=leaver, keys=world.keys, now=NOW, max_days=MAX_DAYS)
        granted = pool.join_pool(
            uow, holder_id=stayer, keys=world.keys, now=NOW, max_days=MAX_DAYS,
            expires_at=NOW + timedelta(days=10),
        )  # fmt: skip
    assert set(_matches(database, world, NOW)) == {leaver, stayer}
    later = NOW + timedelta(minutes=5)
    with database.unit_of_work() as uow:
        ended = pool.leave_pool(uow, holder_id=leaver, now=later)
        assert [g.holder_id for g in ended] == [leaver]
    assert set(_matches(database, world, later)) == {stayer}
    assert set(_matches(database, world, granted.expires_at - timedelta(seconds=1))) == {stayer}
    assert _matches(database, world, granted.expires_at) == {}
    # A grant that ended cannot be logged under either, even by a caller holding its id.
    with database.unit_of_work() as uow, pytest.raises(ConsentRequired):
        consent.record_match(
            uow, actor_id=world.employer_id, grant_id=granted.id,
            organisation_id=world.organisation_id, vacancy_id=world.vacancy_id, items=(),
            now=granted.expires_at,
        )  # fmt: skip


def test_only_granted_skills_count(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        holder = _holder(uow, world, taxonomy, "partial", world.skills[:3])
        claims = list(_claims(uow, world, holder).values())
        sharing.grant(
            uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS, link_secret="",
            request=NewGrant(
                Audience(AudienceKind.MATCHING_POOL, world.werkplein_id),
                Purpose(PurposeKind.MATCHING_POOL),
                tuple(SharedItem(ItemKind.SKILL, c) for c in claims[:2]),
            ),
        )  # fmt: skip
    before = _matches(database, world, NOW)[holder]
    with database.unit_of_work() as uow:  # more required skills, none of them shared
        service.confirm_skills(
            uow,
            holder_id=holder,
            uris=world.skills[3:10],
            keys=world.keys,
            concepts=taxonomy,
            now=NOW,
        )
    assert _matches(database, world, NOW)[holder] == before
    with database.unit_of_work() as uow:
        [view] = consent.match_views(
            uow, actor_id=world.employer_id, organisation_id=world.organisation_id,
            vacancy_id=world.vacancy_id, keys=world.keys, now=NOW,
        )  # fmt: skip
        assert {s.claim.id for s in view.skills} == set(claims[:2])
        own = service.own_candidate(uow, holder_id=holder, keys=world.keys, now=NOW)
        assert len(own.skills) == 10
    with database.unit_of_work() as uow:  # joining again shares the new skills too
        pool.join_pool(uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS)
    assert _matches(database, world, NOW)[holder] > before


def test_each_match_shown_is_logged_for_the_holder(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        holder = _holder(uow, world, taxonomy, "logged", world.skills[:5])
        granted = pool.join_pool(uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS)
        claims = set(_claims(uow, world, holder).values())
    _matches(database, world, NOW)
    _matches(database, world, NOW + timedelta(hours=1), world.other_vacancy_id)
    with database.unit_of_work() as uow:
        # The holder's own matches are not logged.
        assert service.passport_matches(
            uow, world.matching, holder_id=holder, keys=world.keys, now=NOW
        )
        lines = sharing.access_log(
            uow, holder_id=holder, keys=world.keys, now=NOW,
            vacancy_titles=lambda ids: service.vacancy_titles(uow, ids),
        )  # fmt: skip
        check = sharing.verify_log(uow, holder_id=holder)
    assert [line.vacancy for line in lines] == ["Heftruckchauffeur", "Orderpicker"]
    for line in lines:
        entry = line.entry
        assert entry.action is AccessAction.MATCH
        assert entry.actor_id == world.employer_id
        assert entry.organisation_id == world.organisation_id
        assert entry.grant_id == granted.id
        assert {item.id for item in entry.items} == claims
        assert line.who == "Depot B.V."
    assert lines[1].entry.vacancy_id == world.vacancy_id
    assert check.intact
    assert check.entries == 2


def test_only_members_of_the_vacancy_organisation_read_under_consent(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        holder = _holder(uow, world, taxonomy, "careful", world.skills[:4])
        stranger = _person(uow, "stranger")
        granted = pool.apply(
            uow, holder_id=holder, vacancy_id=world.other_vacancy_id, keys=world.keys, now=NOW,
            max_days=MAX_DAYS,
        )  # fmt: skip
        common = {
            "organisation_id": world.organisation_id, "keys": world.keys, "now": NOW,
        }  # fmt: skip
        with pytest.raises(NotFound):
            consent.match_view(
                uow, granted.id, actor_id=stranger, vacancy_id=world.other_vacancy_id, **common
            )
        with pytest.raises(ConsentRequired):  # the application is for the other vacancy
            consent.match_view(
                uow, granted.id, actor_id=world.employer_id, vacancy_id=world.vacancy_id, **common
            )
        view = consent.match_view(
            uow, granted.id, actor_id=world.employer_id, vacancy_id=world.other_vacancy_id, **common
        )
        assert len(view.skills) == 4
    with database.unit_of_work() as uow, pytest.raises(NotFound):
        service.vacancy_matches(
            uow, world.matching, actor_id=stranger, vacancy_id=world.vacancy_id, keys=world.keys,
            now=NOW, recorder=pool.ConsentLog(),
        )  # fmt: skip


def test_joining_the_pool_needs_a_labour_market_service(
    database: Database, taxonomy: TaxonomyService, world: World
) -> None:
    with database.unit_of_work() as uow:
        holder = _holder(uow, world, taxonomy, "joiner", world.skills[:2])
        empty = _person(uow, "empty")
        with pytest.raises(InvalidInput, match="Add skills"):
            pool.join_pool(uow, holder_id=empty, keys=world.keys, now=NOW, max_days=MAX_DAYS)
        with pytest.raises(InvalidInput, match="not a labour-market service"):
            pool.join_pool(
                uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS,
                organisation_id=world.organisation_id,
            )  # fmt: skip
        admin = accounts.account(uow, _person(uow, "second"))
        accounts.create_organisation(
            uow, admin, name="UWV Regio", roles=["labour_market_service"], now=NOW
        )
        with pytest.raises(InvalidInput, match="Choose the labour-market service") as raised:
            pool.join_pool(uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS)
        assert len(raised.value.details["choices"]) == 2
        first = pool.join_pool(
            uow, holder_id=holder, keys=world.keys, now=NOW, max_days=MAX_DAYS,
            organisation_id=world.werkplein_id,
        )  # fmt: skip
        renewed = pool.join_pool(
            uow, holder_id=holder, keys=world.keys, now=NOW + timedelta(days=1), max_days=MAX_DAYS,
            organisation_id=world.werkplein_id,
        )  # fmt: skip
        active = consent.pool_grants(uow, holder_id=holder, now=NOW + timedelta(days=1))
        assert [g.id for g in active] == [renewed.id]
        assert first.id != renewed.id
        assert pool.in_pool(uow, holder_id=holder, now=NOW + timedelta(days=1))
