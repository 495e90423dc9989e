"""The passport through the JSON API: records, levels, history, concurrency, endorsement."""

from __future__ import annotations

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, FORKLIFT, FORKLIFT_OPERATOR

API = "/api/v1/passport"


def build(client: TestClient, headers: dict[str, str]) -> dict[str, str]:
    """A small passport: one diploma, one job, one skill linked to both."""
    diploma = client.post(
        f"{API}/achievements",
        headers=headers,
        json={
            "kind": "formal",
            "type": "diploma",
            "title": "Logistiek medewerker",
            "institution": "ROC Zwolle",
            "awarded_on": "2019-06-30",
            "nlqf_level": 2,
            "eqf_level": 2,
            "hours": 1600,
            "ects": 60,
            "learning_outcomes": [FORKLIFT],
        },
    )
    assert diploma.status_code == 201, diploma.text
    job = client.post(
        f"{API}/experiences",
        headers=headers,
        json={
            "kind": "work",
            "role": "Magazijnmedewerker",
            "occupation_uri": FORKLIFT_OPERATOR,
            "organisation": "Bakkerij Jansen",
            "start": "2019-09-01",
            "end": "2024-03-31",
            "tasks": "Orders verzamelen, heftruck rijden",
        },
    )
    assert job.status_code == 201, job.text
    skill = client.post(
        f"{API}/skills",
        headers=headers,
        json={
            "concept_uri": FORKLIFT,
            "proficiency": 3,
            "last_used": "2024-03-31",
            "achievement_ids": [diploma.json()["id"]],
            "experience_ids": [job.json()["id"]],
        },
    )
    assert skill.status_code == 201, skill.text
    return {"diploma": diploma.json()["id"], "job": job.json()["id"], "skill": skill.json()["id"]}


def test_a_new_claim_is_a_declaration_with_a_reason(client: TestClient, holder) -> None:
    ids = build(client, holder)
    passport = client.get(API, headers=holder).json()
    [skill] = passport["skills"]
    assert skill["id"] == ids["skill"]
    assert skill["label"] == "operate forklift"
    assert skill["assurance"]["level"] == 1
    assert "yourself" in skill["assurance"]["reason"]
    assert passport["experiences"][0]["organisation"] == "Bakkerij Jansen"


def test_endorsement_by_link_raises_the_level_to_certificate(client: TestClient, holder) -> None:
    ids = build(client, holder)
    asked = client.post(
        f"{API}/skills/{ids['skill']}/endorsements",
        headers=holder,
        json={"endorser_name": "Piet Bakker", "endorser_role": "employer"},
    )
    assert asked.status_code == 201, asked.text
    token = asked.json()["token"]
    assert asked.json()["url"].endswith(f"/endorse/{token}")
    shown = client.get(f"/api/v1/endorsements/{token}")
    assert shown.json()["claim"]["concept_uri"] == FORKLIFT
    given = client.post(
        f"/api/v1/endorsements/{token}", json={"method": "observation", "comment": "Rijdt veilig."}
    )
    assert given.status_code == 201, given.text
    assert given.json()["source"] == "endorsement"
    skill = client.get(API, headers=holder).json()["skills"][0]
    assert skill["assurance"]["level"] == 2
    assert "Piet Bakker" in skill["assurance"]["reason"]
    # The link works once.
    assert (
        client.post(f"/api/v1/endorsements/{token}", json={"method": "observation"}).status_code
        == 404
    )


def test_what_the_holder_types_about_an_assessor_is_not_proof(client: TestClient, holder) -> None:
    ids = build(client, holder)
    added = client.post(
        f"{API}/skills/{ids['skill']}/assessments",
        headers=holder,
        json={
            "assessor_role": "certification_body",
            "assessor_name": "SVH",
            "method": "exam",
            "assessed_on": "2024-01-10",
            "source": "credential",
            "credential_verified": True,
        },
    )
    assert added.status_code == 201, added.text
    assert added.json()["source"] == "holder"
    assert added.json()["credential_verified"] is False
    assurance = client.get(API, headers=holder).json()["skills"][0]["assurance"]
    assert assurance["level"] == 1
    assert assurance["reason_code"] == "unconfirmed"


def test_unknown_concept_is_a_clear_422_and_writes_nothing(client: TestClient, holder) -> None:
    answer = client.post(
        f"{API}/skills", headers=holder, json={"concept_uri": "http://example.org/no-such-skill"}
    )
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert "Unknown concept" in answer.json()["detail"]
    assert client.get(API, headers=holder).json()["version"] == 0


def test_end_before_start_is_refused(client: TestClient, holder) -> None:
    answer = client.post(
        f"{API}/experiences",
        headers=holder,
        json={"kind": "volunteering", "role": "Coach", "start": "2020-01-01", "end": "2019-01-01"},
    )
    assert answer.status_code == 422
    assert "end date is before the start date" in answer.text
    assert client.get(f"{API}/history", headers=holder).json() == []


def test_a_second_claim_of_the_same_skill_is_a_conflict(client: TestClient, holder) -> None:
    build(client, holder)
    again = client.post(f"{API}/skills", headers=holder, json={"concept_uri": FORKLIFT})
    assert again.status_code == 409
    assert "already in your passport" in again.json()["detail"]


def test_stale_edits_are_refused_and_history_keeps_every_version(
    client: TestClient, holder
) -> None:
    ids = build(client, holder)
    url = f"{API}/experiences/{ids['job']}"
    first = client.patch(url, headers=holder, json={"version": 1, "tasks": "Ook inkoop"})
    assert first.status_code == 200, first.text
    assert first.json()["version"] == 2
    stale = client.patch(url, headers=holder, json={"version": 1, "tasks": "Iets anders"})
    assert stale.status_code == 409
    assert stale.json()["current_version"] == 2
    assert client.get(API, headers=holder).json()["experiences"][0]["tasks"] == "Ook inkoop"
    history = client.get(f"{API}/history", headers=holder).json()
    changes = [(e["kind"], e["change"]) for e in history]
    assert changes[0] == ("experience", "updated")
    assert len(history) == 4


def test_the_passport_as_it_was_on_a_date(client: TestClient, holder) -> None:
    ids = build(client, holder)
    before = client.get(API, headers=holder).json()
    client.post(f"{API}/skills", headers=holder, json={"concept_uri": CUSTOMERS})
    client.delete(f"{API}/skills/{ids['skill']}", headers=holder)
    history = client.get(f"{API}/history", headers=holder).json()
    moment = next(e for e in history if e["passport_version"] == before["version"])["changed_at"]
    then = client.get(API, headers=holder, params={"as_of": moment}).json()
    assert [s["concept_uri"] for s in then["skills"]] == [FORKLIFT]
    now = client.get(API, headers=holder).json()
    assert [s["concept_uri"] for s in now["skills"]] == [CUSTOMERS]


def test_personal_information_is_kept_apart(client: TestClient, holder) -> None:
    put = client.put(
        f"{API}/personal",
        headers=holder,
        json={
            "traits": ["precies", "rustig"],
            "motivation": "Ik wil verder groeien in logistiek.",
            "career_wishes": {
                "target_occupations": [FORKLIFT_OPERATOR],
                "region": "Zwolle",
                "hours_per_week": 32,
            },
        },
    )
    assert put.status_code == 200, put.text
    again = client.put(f"{API}/personal", headers=holder, json={"traits": []})
    assert again.status_code == 422
    replaced = client.put(f"{API}/personal", headers=holder, json={"version": 1, "traits": ["x"]})
    assert replaced.json()["version"] == 2
    assert client.get(API, headers=holder).json()["personal"]["traits"] == ["x"]


def test_evidence_files_check_size_and_type(client: TestClient, holder) -> None:
    pdf = b"%PDF-1.4\n" + b"0" * 100
    ok = client.post(
        f"{API}/files", headers=holder, files={"file": ("certificaat.pdf", pdf, "application/pdf")}
    )
    assert ok.status_code == 201, ok.text
    wrong = client.post(
        f"{API}/files",
        headers=holder,
        files={"file": ("virus.pdf", b"MZ\x90\x00", "application/pdf")},
    )
    assert wrong.status_code == 422
    big = client.post(
        f"{API}/files",
        headers=holder,
        files={"file": ("big.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024), "application/pdf")},
    )
    assert big.status_code == 422
    assert "too large" in big.json()["detail"]
    fetched = client.get(f"{API}/files/{ok.json()['id']}", headers=holder)
    assert fetched.content == pdf
    linked = client.post(
        f"{API}/skills",
        headers=holder,
        json={"concept_uri": FORKLIFT, "evidence": [{"kind": "file", "file_id": ok.json()["id"]}]},
    )
    assert linked.status_code == 201, linked.text
