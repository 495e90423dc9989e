"""Counsellor help under a logged mandate, and the consent-based team view."""

from __future__ import annotations

from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT, sign_up
from sharing_helpers import API, build_world, join

from kunde.config import Settings


def test_a_counsellor_helps_under_a_logged_mandate(client: TestClient) -> None:
    world = build_world(client)
    given = client.post(
        f"{API}/mandates",
        json={
            "counsellor_email": "coach@werkplein.example",
            "organisation_id": world.counselling_id,
            "right": "propose",
            "days": 14,
        },
        headers=world.holder,
    )
    assert given.status_code == 201, given.text
    mandate = given.json()["id"]
    [client_row] = client.get(f"{API}/mandates", headers=world.counsellor).json()["clients"]
    assert client_row["holder_name"] == "Sam Holder"
    seen = client.get(f"{API}/mandates/{mandate}/passport", headers=world.counsellor)
    assert seen.status_code == 200
    assert {s["id"] for s in seen.json()["skills"]} == {world.forklift, world.customers}
    proposed = client.post(
        f"{API}/mandates/{mandate}/changes",
        json={
            "kind": "experience",
            "data": {"kind": "volunteering", "role": "Food bank helper", "start": "2023-05-01"},
        },
        headers=world.counsellor,
    )
    assert proposed.json()["status"] == "proposed"
    [proposal] = client.get(f"{API}/passport/proposals", headers=world.holder).json()
    assert proposal["counsellor_name"] == "Cora Coach"
    accepted = client.post(
        f"{API}/passport/proposals/{proposal['id']}/accept", headers=world.holder
    )
    assert accepted.json()["item"]["role"] == "Food bank helper"
    log = client.get(f"{API}/passport/access-log", headers=world.holder).json()["entries"]
    assert [e["action"] for e in log] == ["counsellor_proposal", "counsellor_view"]
    assert {e["person"] for e in log} == {"Cora Coach"}
    assert {e["organisation"] for e in log} == {"Werkplein"}

    client.delete(f"{API}/mandates/{mandate}", headers=world.holder)
    assert (
        client.get(f"{API}/mandates/{mandate}/passport", headers=world.counsellor).status_code
        == 404
    )


def test_an_edit_mandate_changes_directly_and_is_attributed(client: TestClient) -> None:
    world = build_world(client)
    mandate = client.post(
        f"{API}/mandates",
        json={
            "counsellor_email": "coach@werkplein.example",
            "organisation_id": world.counselling_id,
            "right": "edit",
        },
        headers=world.holder,
    ).json()["id"]
    added = client.post(
        f"{API}/mandates/{mandate}/changes",
        json={
            "kind": "experience",
            "data": {"kind": "work", "role": "Baker", "start": "2019-01-01"},
        },
        headers=world.counsellor,
    )
    assert added.json()["status"] == "added"
    log = client.get(f"{API}/passport/access-log", headers=world.holder).json()["entries"]
    assert [e["action"] for e in log] == ["counsellor_edit"]


def test_only_counsellors_get_mandates(client: TestClient) -> None:
    world = build_world(client)
    answer = client.post(
        f"{API}/mandates",
        json={"counsellor_email": "hr@jansen.example", "organisation_id": world.employer_id},
        headers=world.holder,
    )
    assert answer.status_code == 422


def test_team_view_counts_only_consenting_staff_and_hides_small_groups(
    client: TestClient, settings: Settings
) -> None:
    world = build_world(client)
    for n in range(5):
        email = f"staff{n}@jansen.example"
        staff = sign_up(client, email, f"Staff {n}")
        join(client, world.employer, world.employer_id, email, staff)
        skill = client.post(
            f"{API}/passport/skills",
            json={"concept_uri": FORKLIFT, "proficiency": 2},
            headers=staff,
        ).json()["id"]
        team = "Warehouse" if n < 4 else "Office"
        if n == 3:
            continue
        made = client.post(
            f"{API}/shares",
            json={
                "items": [{"kind": "skill", "id": skill}],
                "audience": {"kind": "organisation", "organisation_id": world.employer_id},
                "purpose": {"kind": "talent_management", "detail": team},
            },
            headers=staff,
        )
        assert made.status_code == 201, made.text
    view = client.get(
        f"{API}/organisations/{world.employer_id}/team-view", headers=world.recruiter
    ).json()
    assert view["min_group"] == 5
    assert view["groups"] == []
    assert view["hidden_groups"] == 2
    settings.team_min_group = 2
    view = client.get(
        f"{API}/organisations/{world.employer_id}/team-view", headers=world.recruiter
    ).json()
    [warehouse] = view["groups"]
    assert warehouse["team"] == "Warehouse"
    assert warehouse["people"] == 3  # the fourth did not share
    assert warehouse["skills"] == [
        {"concept_uri": FORKLIFT, "people": 3, "proficiency": {"2": 3}, "assurance": {"1": 3}}
    ]
    assert view["hidden_groups"] == 1
    outsider = client.get(
        f"{API}/organisations/{world.employer_id}/team-view", headers=world.other_employer
    )
    assert outsider.status_code == 404
