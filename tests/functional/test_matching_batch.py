"""Batch matching on the database: every vacancy against the passports in the matching
pool, the same ranking as the employer's view, on one process and on a Dask cluster."""

from __future__ import annotations

from datetime import UTC, datetime

from distributed import Client, LocalCluster
from fastapi import FastAPI
from fastapi.testclient import TestClient
from passport_helpers import sign_up

from kunde.matching.batch import batch_matches
from kunde.passport import KeyRing

WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


def test_batch_equals_the_employer_view(app: FastAPI, client: TestClient, keys: KeyRing) -> None:
    boss = sign_up(client, "boss@example.org")
    org = client.post(
        "/api/v1/organisations", json={"name": "Depot", "roles": ["employer"]}, headers=boss
    ).json()["organisation_id"]
    vacancy = client.post(
        "/api/v1/vacancies",
        json={"organisation_id": org, "title": "Picker", "occupation_uri": WAREHOUSE},
        headers=boss,
    ).json()["id"]
    skills = client.get(f"/api/v1/taxonomy/occupations/{WAREHOUSE}/skills").json()
    uris = [s["uri"] for s in skills if s["relation"] == "essential_skill"]
    werkplein = sign_up(client, "werkplein@example.org")
    client.post(
        "/api/v1/organisations",
        json={"name": "Werkplein Regio", "roles": ["labour_market_service"]},
        headers=werkplein,
    )
    for n, count in enumerate((12, 6, 2, 9)):
        holder = sign_up(client, f"h{n}@example.org")
        client.post("/api/v1/passport/skills/confirm", json={"uris": uris[:count]}, headers=holder)
        if n != 3:  # the last one never joins the pool
            assert client.put("/api/v1/passport/matching-pool", headers=holder).status_code == 200
    shown = client.get(f"/api/v1/vacancies/{vacancy}/matches", headers=boss).json()["matches"]
    now = datetime.now(UTC)
    with app.state.database.unit_of_work() as uow:
        alone = batch_matches(uow, app.state.matching, keys=keys, now=now, chunk_size=2)
    assert alone[vacancy] == [(m["holder_id"], round(m["score"], 6)) for m in shown]
    assert len(alone[vacancy]) == 3
    with (
        LocalCluster(processes=False, n_workers=1, dashboard_address=None) as cluster,
        Client(cluster) as dask,
        app.state.database.unit_of_work() as uow,
    ):
        spread = batch_matches(uow, app.state.matching, keys=keys, now=now, client=dask)
    assert spread == alone
