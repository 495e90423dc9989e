"""The passport as PDF, with and without the QR check link."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT, PASSWORD

API = "/api/v1"
ARTIFACTS = Path(__file__).parents[2] / "test-artifacts" / "pdf"
HTML = {"Accept": "text/html"}


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found
    return found.group(1)


def _holder_with_a_skill(client: TestClient, email: str) -> dict[str, str]:
    """Signed in by cookie (pages) and by bearer token (API), with one skill."""
    form = client.get("/sign-up", headers=HTML)
    data = {"display_name": "Anna", "email": email, "password": PASSWORD}
    assert client.post("/sign-up", headers=HTML, data={**data, "csrf_token": _csrf(form.text)})
    token = client.post(
        f"{API}/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    ).json()["access_token"]
    bearer = {"Authorization": f"Bearer {token}"}
    added = client.post(f"{API}/passport/skills", json={"concept_uri": FORKLIFT}, headers=bearer)
    assert added.status_code == 201, added.text
    return bearer


def _pdf(client: TestClient, **fields: str) -> bytes:
    page = client.get("/passport/export", headers=HTML)
    response = client.post("/passport/export.pdf", data={"csrf_token": _csrf(page.text), **fields})
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    return response.content


def test_pdf_without_qr_makes_no_share(client: TestClient) -> None:
    bearer = _holder_with_a_skill(client, "pdf-a@example.org")
    assert _pdf(client).startswith(b"%PDF")
    assert client.get(f"{API}/shares", headers=bearer).json() == []


def test_pdf_with_qr_opens_a_logged_open_link_of_skills_only(client: TestClient) -> None:
    bearer = _holder_with_a_skill(client, "pdf-b@example.org")
    document = _pdf(client, qr="yes")
    assert document.startswith(b"%PDF")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "passport-with-qr.pdf").write_bytes(document)
    [share] = client.get(f"{API}/shares", headers=bearer).json()
    assert share["audience"]["kind"] == "anyone_with_link"
    assert {item["kind"] for item in share["items"]} == {"skill"}


def test_pdf_needs_a_signed_in_holder(client: TestClient) -> None:
    response = client.post("/passport/export.pdf", headers={"Accept": "application/json"})
    assert response.status_code == 401
