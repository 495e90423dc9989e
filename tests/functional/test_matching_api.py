"""Matching over HTTP: skills from text, vacancies, candidates with reasons, the holder's
matches, learning routes and career moves."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from passport_helpers import sign_up

SHOP_ASSISTANT = "http://data.europa.eu/esco/occupation/0b15375e-dfdd-4047-9efb-096e0aaee7d2"
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


def test_extract_finds_skills_with_spans(client: TestClient) -> None:
    text = "At the supermarket I stocked shelves and operated the cash register."
    response = client.post("/api/v1/extract", json={"text": text, "lang": "en", "limit": 5})
    assert response.status_code == 200
    found = response.json()
    labels = [s["label"] for s in found]
    assert "stock shelves" in labels
    first = found[labels.index("stock shelves")]
    assert text[first["span"]["start"] : first["span"]["end"]] == first["span"]["text"]
    assert [s["score"] for s in found] == sorted((s["score"] for s in found), reverse=True)


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        # A vacancy sentence that names no skill in ESCO's words: found by what it means.
        ("Ability to debug issues in a full stack environment", "debug software"),
        # Dutch, no language given: guessed, and reaches an English-only skill.
        ("Ik help klanten aan de kassa en vul de schappen bij.", "assist customers"),
    ],
)
def test_extract_finds_described_skills_without_a_language(
    client: TestClient, text: str, skill: str
) -> None:
    response = client.post("/api/v1/extract", json={"text": text, "limit": 5})
    assert response.status_code == 200
    assert skill in [s["label"] for s in response.json()]


def test_extract_refuses_empty_text(client: TestClient) -> None:
    response = client.post("/api/v1/extract", json={"text": "  "})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")


def _skills_of(client: TestClient, occupation: str) -> list[str]:
    skills = client.get(f"/api/v1/taxonomy/occupations/{occupation}/skills").json()
    return [s["uri"] for s in skills if s["relation"] == "essential_skill"]


def test_employer_sees_ranked_candidates_with_reasons(client: TestClient) -> None:
    employer = sign_up(client, "boss@example.org")
    org = client.post(
        "/api/v1/organisations",
        json={"name": "Depot B.V.", "roles": ["employer"]},
        headers=employer,
    ).json()
    vacancy = client.post(
        "/api/v1/vacancies",
        json={
            "organisation_id": org["organisation_id"],
            "title": "Orderpicker",
            "occupation_uri": WAREHOUSE,
        },
        headers=employer,
    )
    assert vacancy.status_code == 201, vacancy.text
    vacancy_id = vacancy.json()["id"]
    skills = _skills_of(client, WAREHOUSE)
    strong, weak, hidden = (
        sign_up(client, f"{n}@example.org") for n in ("strong", "weak", "hidden")
    )
    for headers, uris in ((strong, skills[:12]), (weak, skills[:3]), (hidden, skills)):
        assert (
            client.post(
                "/api/v1/passport/skills/confirm", json={"uris": uris}, headers=headers
            ).status_code
            == 201
        )
    none = client.put("/api/v1/passport/matching-pool", headers=strong)
    assert none.status_code == 422
    assert "no labour-market service" in none.json()["detail"]
    werkplein = sign_up(client, "werkplein@example.org")
    client.post(
        "/api/v1/organisations",
        json={"name": "Werkplein Regio", "roles": ["labour_market_service"]},
        headers=werkplein,
    )
    for headers in (strong, weak):  # "hidden" never joins the pool
        joined = client.put("/api/v1/passport/matching-pool", headers=headers)
        assert joined.status_code == 200, joined.text
        assert joined.json()["organisation"] == "Werkplein Regio"
    response = client.get(f"/api/v1/vacancies/{vacancy_id}/matches", headers=employer)
    assert response.status_code == 200, response.text
    matches = response.json()["matches"]
    assert len(matches) == 2
    assert matches[0]["score"] > matches[1]["score"]
    reasons = {s["uri"]: s for s in matches[0]["skills"]}
    assert reasons[skills[0]]["how"] == "exact"
    assert any(s["gap"] == "missing" for s in matches[1]["skills"])
    # Each candidate shown is in their own access log, in plain words.
    log = client.get("/api/v1/passport/access-log?language=nl", headers=weak).json()
    assert log["chain"]["intact"]
    [entry] = log["entries"]
    assert entry["action"] == "match"
    assert entry["vacancy_id"] == vacancy_id
    assert entry["summary"].startswith("Depot B.V. (Test Person) heeft uw skill ")
    assert entry["summary"].endswith(" voor de vacature Orderpicker.")
    hidden_log = client.get("/api/v1/passport/access-log", headers=hidden).json()
    assert hidden_log["entries"] == []
    # Leaving the pool stops matching at once.
    assert client.delete("/api/v1/passport/matching-pool", headers=strong).status_code == 204
    state = client.get("/api/v1/passport/matching-pool", headers=strong).json()
    assert state["grants"] == []
    assert [s["name"] for s in state["services"]] == ["Werkplein Regio"]
    again = client.get(f"/api/v1/vacancies/{vacancy_id}/matches", headers=employer).json()
    assert [m["holder_id"] for m in again["matches"]] == [matches[1]["holder_id"]]
    # Applying to the vacancy lets "hidden" take part, for this vacancy only.
    applied = client.post(f"/api/v1/vacancies/{vacancy_id}/apply", headers=hidden)
    assert applied.status_code == 201, applied.text
    assert applied.json()["vacancy_id"] == vacancy_id
    third = client.get(f"/api/v1/vacancies/{vacancy_id}/matches", headers=employer).json()
    assert len(third["matches"]) == 2
    # Someone outside the organisation learns nothing.
    assert client.get(f"/api/v1/vacancies/{vacancy_id}/matches", headers=weak).status_code == 404
    # The holder sees the vacancy and the route for it.
    mine = client.get("/api/v1/passport/matches", headers=weak).json()
    assert mine[0]["vacancy"]["id"] == vacancy_id
    route = client.get(f"/api/v1/learning-routes?for={vacancy_id}", headers=weak)
    assert route.status_code == 200
    assert route.json()["route"]["uncovered"]  # no catalogue loaded: nothing covers the gaps


def test_vacancy_needs_an_employer(client: TestClient) -> None:
    school = sign_up(client, "school@example.org")
    org = client.post(
        "/api/v1/organisations",
        json={"name": "School", "roles": ["education_provider"]},
        headers=school,
    ).json()
    response = client.post(
        "/api/v1/vacancies",
        json={
            "organisation_id": org["organisation_id"],
            "title": "Teacher",
            "occupation_uri": WAREHOUSE,
        },
        headers=school,
    )
    assert response.status_code == 403


def test_career_paths_from_shop_assistant_reach_other_sectors(client: TestClient) -> None:
    response = client.get(f"/api/v1/career-paths?from={SHOP_ASSISTANT}&limit=5")
    assert response.status_code == 200
    moves = response.json()
    assert moves
    assert all(m["isco_major_group"] != "5" for m in moves)
    assert "shelf filler" in [m["label"] for m in moves]


def test_career_paths_refuse_unknown_start(client: TestClient) -> None:
    response = client.get("/api/v1/career-paths?from=http://example.org/nothing")
    assert response.status_code == 422


def test_a_share_names_its_vacancy_of_the_audience_only(client: TestClient) -> None:
    employer = sign_up(client, "hr@example.org")
    org = client.post(
        "/api/v1/organisations",
        json={"name": "Haven B.V.", "roles": ["employer"]},
        headers=employer,
    ).json()["organisation_id"]
    other = client.post(
        "/api/v1/organisations",
        json={"name": "Elders B.V.", "roles": ["employer"]},
        headers=employer,
    ).json()["organisation_id"]
    vacancy = client.post(
        "/api/v1/vacancies",
        json={"organisation_id": org, "title": "Magazijnmedewerker", "occupation_uri": WAREHOUSE},
        headers=employer,
    ).json()["id"]
    holder = sign_up(client, "applicant@example.org")
    [claim] = client.post(
        "/api/v1/passport/skills/confirm",
        json={"uris": _skills_of(client, WAREHOUSE)[:1]},
        headers=holder,
    ).json()["added"]

    def share(organisation_id: str) -> dict[str, object]:
        return {
            "items": [{"kind": "skill", "id": claim["id"]}],
            "audience": {"kind": "organisation", "organisation_id": organisation_id},
            "purpose": {"kind": "vacancy", "detail": "Magazijnmedewerker", "vacancy_id": vacancy},
        }

    elsewhere = client.post("/api/v1/shares", json=share(other), headers=holder)
    assert elsewhere.status_code == 422
    assert "not one of the organisation" in elsewhere.json()["detail"]
    made = client.post("/api/v1/shares", json=share(org), headers=holder)
    assert made.status_code == 201, made.text
    assert made.json()["purpose"]["vacancy_id"] == vacancy
    matches = client.get(f"/api/v1/vacancies/{vacancy}/matches", headers=employer).json()
    assert len(matches["matches"]) == 1
