"""Shared test data and helpers for the passport tests (imported by the test modules)."""

from __future__ import annotations

from fastapi.testclient import TestClient

PASSWORD = "correct horse battery"
FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
CUSTOMERS = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"
FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


def sign_up(client: TestClient, email: str, name: str = "Test Person") -> dict[str, str]:
    """Create an account and return bearer headers for it."""
    answer = client.post(
        "/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert answer.status_code == 201, answer.text
    token = client.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    )
    assert token.status_code == 200, token.text
    return {"Authorization": f"Bearer {token.json()['access_token']}"}
