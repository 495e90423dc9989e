"""Nobody reads or changes another holder's passport: not by id, not through links."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from passport_helpers import sign_up
from test_passport_api import API, build


def test_without_sign_in_every_passport_route_is_401(client: TestClient) -> None:
    for method, url in [
        ("GET", API),
        ("GET", f"{API}/history"),
        ("GET", f"{API}/export"),
        ("DELETE", API),
        ("POST", f"{API}/skills"),
    ]:
        answer = client.request(method, url)
        assert answer.status_code == 401, (method, url)
        assert answer.headers["content-type"].startswith("application/problem+json")


def test_a_bad_token_is_401(client: TestClient) -> None:
    answer = client.get(API, headers={"Authorization": "Bearer not-a-token"})
    assert answer.status_code == 401


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("PATCH", "/skills/{skill}", {"version": 1, "proficiency": 1}),
        ("DELETE", "/skills/{skill}", None),
        ("PATCH", "/experiences/{job}", {"version": 1, "role": "Hacker"}),
        ("DELETE", "/achievements/{diploma}", None),
        (
            "POST",
            "/skills/{skill}/assessments",
            {"assessor_role": "self", "method": "self_report", "assessed_on": "2024-01-01"},
        ),
        (
            "POST",
            "/skills/{skill}/endorsements",
            {"endorser_name": "Eve", "endorser_role": "employer"},
        ),
    ],
)
def test_another_holder_cannot_touch_records_by_id(
    client: TestClient, holder, other, method, path, body
) -> None:
    ids = build(client, holder)
    before = client.get(f"{API}/export", headers=holder).json()
    answer = client.request(method, API + path.format(**ids), headers=other, json=body)
    assert answer.status_code == 404, answer.text
    after = client.get(f"{API}/export", headers=holder).json()
    before.pop("exported_at")
    after.pop("exported_at")
    assert after == before


def test_another_holder_cannot_fetch_files_or_see_anything(
    client: TestClient, holder, other
) -> None:
    build(client, holder)
    stored = client.post(
        f"{API}/files",
        headers=holder,
        files={"file": ("a.png", b"\x89PNG\r\n\x1a\nxx", "image/png")},
    ).json()
    assert client.get(f"{API}/files/{stored['id']}", headers=other).status_code == 404
    theirs = client.get(API, headers=other).json()
    assert theirs["skills"] == theirs["experiences"] == theirs["achievements"] == []
    assert client.get(f"{API}/export", headers=other).json()["records"] == []


def test_an_organisation_member_cannot_read_a_holders_passport(client: TestClient, holder) -> None:
    employer = sign_up(client, "hr@example.org", "HR")
    org = client.post(
        "/api/v1/organisations",
        headers=employer,
        json={"name": "Bakkerij Jansen", "roles": ["employer"]},
    )
    assert org.status_code == 201
    build(client, holder)
    # There is no route that names another holder; the employer only ever sees its own.
    assert client.get(API, headers=employer).json()["skills"] == []


def test_cookie_sessions_need_a_csrf_token_to_change_anything(client: TestClient) -> None:
    sign_up(client, "web@example.org", "Web")
    page = client.get("/sign-in", headers={"Accept": "text/html"})
    assert page.status_code == 200
    signed_in = client.post(
        "/sign-in",
        data={
            "email": "web@example.org",
            "password": "correct horse battery",
            "csrf_token": _csrf(page.text),
        },
        follow_redirects=False,
    )
    assert signed_in.status_code == 303, signed_in.text
    assert client.get(API).status_code == 200  # reading with the cookie works
    refused = client.post(f"{API}/skills", json={"concept_uri": "x"})
    assert refused.status_code == 403


def _csrf(html: str) -> str:
    marker = 'name="csrf_token" value="'
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]
