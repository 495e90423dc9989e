"""The matching benchmark's implementations agree on the top 50 (small N, no PostgreSQL
unless the suite runs on it)."""

from __future__ import annotations

from kunde.matching import bench
from kunde.matching.service import MatchingService
from kunde.taxonomy.service import TaxonomyService

WAREHOUSE_WORKER = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


def test_index_scipy_and_naive_agree(taxonomy: TaxonomyService) -> None:
    graph = MatchingService(taxonomy).graph()
    figures = bench.run(
        graph,
        WAREHOUSE_WORKER,
        passports=2_000,
        postgres_url=None,
        naive_limit=2_000,
        repeat=3,
    )
    assert set(figures.latency_ms) == {"index", "scipy", "naive"}
    assert {"plan", "bounds", "exact", "rank"} <= set(figures.phases_ms)
    assert all(value["cpu_median"] >= 0 for value in figures.latency_ms.values())
    assert figures.nonzeros > 2_000 * 20
    assert any("PostgreSQL column skipped" in note for note in figures.notes)
