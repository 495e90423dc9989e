"""The demo data: holders join the demo labour-market service's pool by grants, and loading
twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from kunde.accounts import service as accounts
from kunde.db.session import Database
from kunde.matching import demo, pool, service, talent
from kunde.matching.service import MatchingService
from kunde.passport import KeyRing
from kunde.sharing import matching as consent
from kunde.sharing.model import AudienceKind
from kunde.taxonomy.service import TaxonomyService

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_demo_holders_join_the_pool_by_grants(
    database: Database, taxonomy: TaxonomyService, keys: KeyRing
) -> None:
    matching = MatchingService(taxonomy)
    common = {"keys": keys, "concepts": taxonomy, "now": NOW, "max_days": 365}
    with database.unit_of_work() as uow:
        first = demo.load(uow, matching, **common)
        again = demo.load(uow, matching, **common)
        [werkplein] = consent.labour_market_services(uow)
        sanne = accounts.account_by_email(uow, "sanne.demo@example.org")
        [grant] = consent.pool_grants(uow, holder_id=sanne.id, now=NOW)
        employer = accounts.account_by_email(uow, "werkgever.demo@example.org")
        vacancy = next(v for v in service.vacancies(uow) if v.profile.title.startswith("Heftruck"))
        _found, matches = service.vacancy_matches(
            uow, matching, actor_id=employer.id, vacancy_id=vacancy.id, keys=keys, now=NOW,
            recorder=pool.ConsentLog(),
        )  # fmt: skip
    assert first["holders"] == 4
    assert first["staff"] == 8
    assert again == {"holders": 0, "staff": 0, "skills": 0, "vacancies": 0, "offers": 0}
    assert werkplein.name == "Werkplein Regio (demo)"
    assert grant.audience.kind is AudienceKind.MATCHING_POOL
    assert grant.audience.organisation_id == werkplein.id
    assert matches


def test_demo_employer_sees_next_role_and_team_training(
    database: Database, taxonomy: TaxonomyService, keys: KeyRing
) -> None:
    matching = MatchingService(taxonomy)
    common = {"keys": keys, "now": NOW}
    with database.unit_of_work() as uow:
        demo.load(uow, matching, concepts=taxonomy, max_days=365, **common)
        employer = accounts.account_by_email(uow, "werkgever.demo@example.org")
        [membership] = accounts.memberships(uow, employer.id)
        org = membership.organisation.id
        forklift = next(v for v in service.vacancies(uow) if v.profile.title.startswith("Heftruck"))
        profile, people = talent.next_role(
            uow, matching, actor_id=employer.id, organisation_id=org, target=forklift.id,
            **common,
        )  # fmt: skip
        training = talent.team_training(
            uow, matching, actor_id=employer.id, organisation_id=org, targets=[forklift.id],
            team="Magazijn", min_group=5, **common,
        )  # fmt: skip
        planning = talent.team_training(
            uow, matching, actor_id=employer.id, organisation_id=org, targets=[forklift.id],
            team="Planning", min_group=5, **common,
        )  # fmt: skip
    assert profile.title == forklift.profile.title
    assert len(people) == 8  # the staff who share, none of the pool's holders
    assert people[0].name == "Jeroen Smit"
    assert people[0].route.steps  # a course closes the gap
    assert not training.hidden
    assert training.people == 6
    assert training.plan is not None
    assert training.plan.steps[0].people >= 5
    assert planning.hidden  # two people: below the minimum
