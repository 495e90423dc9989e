"""The demo data: holders join the demo labour-market service's pool by grants, and loading
twice adds nothing."""

from __future__ import annotations

from datetime import UTC, datetime

from kunde.accounts import service as accounts
from kunde.db.session import Database
from kunde.matching import demo, pool, service
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
    assert again == {"holders": 0, "skills": 0, "vacancies": 0, "offers": 0}
    assert werkplein.name == "Werkplein Regio (demo)"
    assert grant.audience.kind is AudienceKind.MATCHING_POOL
    assert grant.audience.organisation_id == werkplein.id
    assert matches
