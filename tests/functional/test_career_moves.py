"""Career moves with the bundled ESCO and the demo learning offers: a shop assistant sees
warehouse and logistics work with a short route near the top, and no promotion into
management (ISCO skill level above the start)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources

from kunde.db.session import Database
from kunde.matching import advice
from kunde.matching.careers import SHORT_ROUTE_HOURS, skill_level
from kunde.matching.learning import LearningOffer
from kunde.matching.service import MatchingService
from kunde.taxonomy.service import TaxonomyService

SHOP_ASSISTANT = "http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2"
# ISCO unit groups of warehouse and logistics work: stock clerks, lifting-truck operators,
# freight handlers.
LOGISTICS = ("4321", "8344", "9333")


def test_shop_assistant_sees_logistics_with_a_short_route(
    database: Database, taxonomy: TaxonomyService
) -> None:
    demo = json.loads(
        resources.files("kunde.matching.demo").joinpath("demo.json").read_text("utf-8")
    )
    matching = MatchingService(taxonomy)
    codes = matching.occupation_codes()
    with database.unit_of_work() as uow:
        advice.import_offers(uow, [LearningOffer.model_validate(o) for o in demo["offers"]])
        moves = advice.career_paths(
            uow,
            matching,
            start=SHOP_ASSISTANT,
            holder_id=None,
            keys=None,
            now=datetime(2026, 11, 29, tzinfo=UTC),
            limit=5,
        )
    logistics = [m for m in moves if codes[m.occupation_uri].startswith(LOGISTICS)]
    assert logistics, [codes[m.occupation_uri] for m in moves]
    first = logistics[0]
    assert moves.index(first) <= 2
    assert first.route.steps
    assert first.route.hours <= SHORT_ROUTE_HOURS
    assert first.reach > first.match.score
    start_level = skill_level(codes[SHOP_ASSISTANT])
    assert all((skill_level(codes[m.occupation_uri]) or 0) <= (start_level or 0) for m in moves)
    assert [m.reach for m in moves] == sorted((m.reach for m in moves), reverse=True)
