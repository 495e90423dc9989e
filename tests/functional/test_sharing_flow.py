"""The holder decides: share with an employer for one vacancy, see the view in the log,
revoke, and the employer is refused at once; open links, re-sharing, personal fields."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sharing_helpers import API, build_world, share_with_employer
from sqlalchemy import text

from kunde.db.session import Database


def test_share_view_log_revoke(client: TestClient) -> None:
    world = build_world(client)
    until = (datetime.now(UTC) + timedelta(days=14)).isoformat()
    share = share_with_employer(client, world, expires_at=until)
    assert share["url"] == f"http://127.0.0.1:8000/shares/{share['id']}"
    assert str(share["qr_svg"]).startswith("<svg")
    assert share["state"] == "active"

    seen = client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter)
    assert seen.status_code == 200, seen.text
    body = seen.json()
    assert [s["id"] for s in body["skills"]] == [world.forklift]
    assert body["experiences"] == []
    assert body["achievements"] == []
    assert body["personal"] is None
    assert body["holder_name"] == "Sam Holder"
    assert body["share"]["purpose"] == {
        "kind": "vacancy",
        "detail": "Warehouse assistant",
        "vacancy_id": None,
    }
    assert seen.headers["cache-control"] == "no-store"

    log = client.get(f"{API}/passport/access-log", headers=world.holder).json()
    assert log["chain"]["intact"] is True
    [entry] = log["entries"]
    assert entry["organisation"] == "Bakkerij Jansen"
    assert entry["person"] == "Rita Recruiter"
    assert entry["action"] == "view"
    assert entry["purpose_detail"] == "Warehouse assistant"
    assert entry["items"] == [
        {"kind": "skill", "id": world.forklift, "title": entry["items"][0]["title"]}
    ]

    ended = client.delete(f"{API}/shares/{share['id']}", headers=world.holder)
    assert ended.json()["state"] == "revoked"
    refused = client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter)
    assert refused.status_code == 403
    assert refused.headers["content-type"].startswith("application/problem+json")
    listed = client.get(f"{API}/shares", headers=world.holder).json()
    assert [s["state"] for s in listed] == ["revoked"]  # kept as the consent record


def test_the_log_exports_as_csv_and_json(client: TestClient) -> None:
    world = build_world(client)
    share = share_with_employer(client, world)
    client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter)
    csv = client.get(f"{API}/passport/access-log?format=csv", headers=world.holder)
    assert csv.status_code == 200
    assert csv.headers["content-type"].startswith("text/csv")
    header, row = csv.text.strip().split("\n")
    assert header.startswith("position,at,action,organisation")
    assert f"skill:{world.forklift}" in row
    assert "Bakkerij Jansen" in row


def test_tampering_with_the_log_is_detected(client: TestClient, database: Database) -> None:
    world = build_world(client)
    share = share_with_employer(client, world)
    for _ in range(3):
        client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter)
    with database.unit_of_work() as uow:
        uow.session.execute(
            text("UPDATE access_log SET purpose_detail = 'Something else' WHERE position = 2")
        )
        uow.commit()
    chain = client.get(f"{API}/passport/access-log", headers=world.holder).json()["chain"]
    assert chain == {"intact": False, "entries": 3, "broken_at": 2}


def test_a_removed_log_row_is_detected(client: TestClient, database: Database) -> None:
    world = build_world(client)
    share = share_with_employer(client, world)
    for _ in range(3):
        client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter)
    with database.unit_of_work() as uow:
        uow.session.execute(text("DELETE FROM access_log WHERE position = 2"))
        uow.commit()
    chain = client.get(f"{API}/passport/access-log", headers=world.holder).json()["chain"]
    assert chain["intact"] is False
    assert chain["broken_at"] == 2


def test_an_open_link_needs_the_warning_and_its_key(client: TestClient) -> None:
    world = build_world(client)
    body = {
        "items": [{"kind": "experience", "id": world.job}],
        "audience": {"kind": "anyone_with_link"},
        "purpose": {"kind": "education", "detail": "Exemption for module 1"},
    }
    refused = client.post(f"{API}/shares", json=body, headers=world.holder)
    assert refused.status_code == 422
    assert refused.json()["field"] == "open_link_acknowledged"
    made = client.post(
        f"{API}/shares", json={**body, "open_link_acknowledged": True}, headers=world.holder
    ).json()
    path = made["url"].removeprefix("http://127.0.0.1:8000")
    share_id, key = made["id"], path.split("key=")[1]
    assert (
        client.get(f"{API}/shares/{share_id}/view?key={key}").json()["experiences"][0]["role"]
        == "Order picker"
    )
    assert client.get(f"{API}/shares/{share_id}/view?key=wrong").status_code == 404
    assert client.get(f"{API}/shares/{share_id}/view").status_code == 401
    assert client.get(f"{API}/shares/{share_id}/view", headers=world.stranger).status_code == 404
    log = client.get(f"{API}/passport/access-log", headers=world.holder).json()["entries"]
    assert [e["actor_id"] for e in log] == [None]


def test_personal_information_only_field_by_field(client: TestClient) -> None:
    world = build_world(client)
    share = share_with_employer(client, world, items=[{"kind": "personal", "id": "motivation"}])
    body = client.get(f"{API}/shares/{share['id']}/view", headers=world.recruiter).json()
    assert body["personal"] == {"motivation": "I like early mornings."}
    assert body["skills"] == []
    whole = client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "personal", "id": "everything"}],
            "audience": {"kind": "organisation", "organisation_id": world.employer_id},
            "purpose": {"kind": "vacancy", "detail": "X"},
        },
        headers=world.holder,
    )
    assert whole.status_code == 422


def test_the_audience_cannot_reshare(client: TestClient) -> None:
    world = build_world(client)
    share_with_employer(client, world)
    again = client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "skill", "id": world.forklift}],
            "audience": {"kind": "organisation", "organisation_id": world.other_employer_id},
            "purpose": {"kind": "vacancy", "detail": "Driver"},
        },
        headers=world.recruiter,
    )
    assert again.status_code == 422
    assert "no skill" in again.json()["detail"]


def test_expiry_is_capped_and_defaulted(client: TestClient) -> None:
    world = build_world(client)
    share = share_with_employer(client, world)
    created = datetime.fromisoformat(str(share["created_at"]))
    assert datetime.fromisoformat(str(share["expires_at"])) - created == timedelta(days=30)
    too_long = (datetime.now(UTC) + timedelta(days=400)).isoformat()
    answer = client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "skill", "id": world.forklift}],
            "audience": {"kind": "organisation", "organisation_id": world.employer_id},
            "purpose": {"kind": "vacancy", "detail": "X"},
            "expires_at": too_long,
        },
        headers=world.holder,
    )
    assert answer.status_code == 422
    assert answer.json()["max_days"] == 365


def test_a_person_audience_signs_in_with_the_named_address(client: TestClient) -> None:
    world = build_world(client)
    made = client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "skill", "id": world.customers}],
            "audience": {"kind": "person", "email": "Stranger@Example.org"},
            "purpose": {"kind": "counselling", "detail": "Career talk"},
        },
        headers=world.holder,
    ).json()
    assert client.get(f"{API}/shares/{made['id']}/view", headers=world.stranger).status_code == 200
    assert client.get(f"{API}/shares/{made['id']}/view", headers=world.recruiter).status_code == 404
    received = client.get(f"{API}/shares/received", headers=world.stranger).json()
    assert [r["holder_name"] for r in received] == ["Sam Holder"]
