"""Sign-up, tokens, throttling, organisations and invitations (no taxonomy needed)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from passport_helpers import PASSWORD, sign_up


def test_sign_up_twice_with_one_address_is_a_conflict(bare_client: TestClient) -> None:
    sign_up(bare_client, "a@example.org")
    again = bare_client.post(
        "/api/v1/accounts",
        json={"email": "A@Example.org", "password": PASSWORD, "display_name": "A"},
    )
    assert again.status_code == 409


def test_short_password_is_refused(bare_client: TestClient) -> None:
    answer = bare_client.post(
        "/api/v1/accounts",
        json={"email": "b@example.org", "password": "short", "display_name": "B"},
    )
    assert answer.status_code == 422
    assert answer.json()["field"] == "password"


def test_wrong_password_is_invalid_grant_then_throttled_not_locked(bare_client) -> None:
    sign_up(bare_client, "c@example.org")
    form = {"grant_type": "password", "username": "c@example.org", "password": "wrong-password"}
    for _ in range(5):
        answer = bare_client.post("/api/v1/auth/token", data=form)
        assert answer.status_code == 400
        assert answer.json()["error"] == "invalid_grant"
    paused = bare_client.post("/api/v1/auth/token", data={**form, "password": PASSWORD})
    assert paused.status_code == 429
    assert int(paused.headers["Retry-After"]) > 0


def test_token_can_be_revoked(bare_client: TestClient) -> None:
    headers = sign_up(bare_client, "d@example.org")
    assert bare_client.get("/api/v1/accounts/me", headers=headers).status_code == 200
    assert bare_client.post("/api/v1/auth/revoke", headers=headers).status_code == 204
    assert bare_client.get("/api/v1/accounts/me", headers=headers).status_code == 401


def test_organisation_invitation_flow(bare_client: TestClient) -> None:
    admin = sign_up(bare_client, "admin@school.example")
    member = sign_up(bare_client, "teacher@school.example")
    stranger = sign_up(bare_client, "stranger@example.org")
    org = bare_client.post(
        "/api/v1/organisations",
        headers=admin,
        json={"name": "ROC Zwolle", "roles": ["education_provider", "assessor"]},
    ).json()
    bad = bare_client.post(
        "/api/v1/organisations", headers=admin, json={"name": "X", "roles": ["wizard"]}
    )
    assert bad.status_code == 422
    url = f"/api/v1/organisations/{org['organisation_id']}/invitations"
    assert (
        bare_client.post(url, headers=stranger, json={"email": "x@example.org"}).status_code == 404
    )
    invitation = bare_client.post(url, headers=admin, json={"email": "teacher@school.example"})
    assert invitation.status_code == 201
    token = invitation.json()["token"]
    wrong = bare_client.post(f"/api/v1/invitations/{token}/accept", headers=stranger)
    assert wrong.status_code == 403
    joined = bare_client.post(f"/api/v1/invitations/{token}/accept", headers=member)
    assert joined.status_code == 200
    assert joined.json()["roles"] == ["assessor", "education_provider"]
    members = bare_client.get(
        f"/api/v1/organisations/{org['organisation_id']}/members", headers=member
    ).json()
    assert {m["role"] for m in members} == {"admin", "member"}
    # A member who is not an admin cannot invite.
    assert bare_client.post(url, headers=member, json={"email": "y@example.org"}).status_code == 403
