"""Authorisation matrix: every route that returns another person's data, for every role, in
every grant state. Only the audience of an active grant (or an active counsellor mandate)
sees anything, and refusals are 403 (the audience of an ended grant) or 404 (everyone else),
never a hint and never a leak."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sharing_helpers import API, World, build_world

from kunde.db.session import Database
from kunde.passport import KeyRing
from kunde.sharing import service
from kunde.sharing.model import Audience, AudienceKind, NewGrant, Purpose, PurposeKind, SharedItem
from kunde.sharing.model import ItemKind as Kind

SECRET = "Order picker"  # the experience is never shared: it must never appear
STATES = ["active", "expired", "revoked", "other_holder", "other_organisation", "no_grant"]
ROLES = [
    "recruiter",  # a member who handles shared passports
    "employer_admin",
    "colleague",  # a member of the same organisation without that function
    "other_employer",
    "counsellor",
    "stranger",
    "anonymous",
]


def _grant(
    database: Database, keys: KeyRing, world: World, holder: str, org: str, at: datetime
) -> str:
    with database.unit_of_work() as uow:
        created = service.grant(
            uow,
            holder_id=holder,
            request=NewGrant(
                Audience(AudienceKind.ORGANISATION, org),
                Purpose(PurposeKind.VACANCY, "Warehouse assistant"),
                (
                    SharedItem(Kind.SKILL, world.forklift)
                    if holder == world.holder_id
                    else SharedItem(Kind.PERSONAL, "traits"),
                ),
                expires_at=at + timedelta(days=14),
            ),
            keys=keys,
            now=at,
            max_days=365,
            link_secret="unused",
        )
    return created.grant.id


def _setup(client: TestClient, database: Database, keys: KeyRing, state: str) -> tuple[World, str]:
    world = build_world(client)
    now = datetime.now(UTC)
    if state == "no_grant":
        return world, "00000000-0000-0000-0000-000000000000"
    if state == "expired":
        return world, _grant(
            database, keys, world, world.holder_id, world.employer_id, now - timedelta(days=20)
        )
    if state == "other_organisation":
        return world, _grant(database, keys, world, world.holder_id, world.other_employer_id, now)
    if state == "other_holder":
        other = client.get(f"{API}/accounts/me", headers=world.stranger).json()["id"]
        client.put(f"{API}/passport/personal", json={"traits": ["x"]}, headers=world.stranger)
        return world, _grant(database, keys, world, other, world.employer_id, now)
    share = _grant(database, keys, world, world.holder_id, world.employer_id, now)
    if state == "revoked":
        assert client.delete(f"{API}/shares/{share}", headers=world.holder).status_code == 200
    return world, share


def _headers(world: World, role: str) -> dict[str, str]:
    return {
        "recruiter": world.recruiter,
        "employer_admin": world.employer,
        "colleague": world.colleague,
        "other_employer": world.other_employer,
        "counsellor": world.counsellor,
        "stranger": world.stranger,
        "anonymous": {},
    }[role]


def _expected(role: str, state: str) -> int:
    employer = (
        ("other_employer",) if state == "other_organisation" else ("recruiter", "employer_admin")
    )
    audience = role in employer
    if role == "anonymous":
        return 401
    if audience and state in ("active", "other_holder", "other_organisation"):
        return 200  # other_holder: the audience sees that holder's grant, nothing of ours
    if audience and state in ("expired", "revoked"):
        return 403
    return 404


@pytest.mark.parametrize("state", STATES)
def test_share_view(client: TestClient, database: Database, keys: KeyRing, state: str) -> None:
    world, share = _setup(client, database, keys, state)
    views = 0
    for role in ROLES:
        answer = client.get(f"{API}/shares/{share}/view", headers=_headers(world, role))
        expected = _expected(role, state)
        assert answer.status_code == expected, (role, answer.text)
        assert SECRET not in answer.text
        assert "early mornings" not in answer.text
        if state not in ("active", "other_organisation"):
            assert world.forklift not in answer.text
        if expected == 200 and state in ("active", "other_organisation"):
            views += 1
            assert [s["id"] for s in answer.json()["skills"]] == [world.forklift]
        if expected != 200:
            assert answer.headers["content-type"].startswith("application/problem+json")
    log = client.get(f"{API}/passport/access-log", headers=world.holder).json()
    assert len(log["entries"]) == views


@pytest.mark.parametrize("role", ROLES)
def test_holder_only_routes(
    client: TestClient, database: Database, keys: KeyRing, role: str
) -> None:
    """With an active grant in place, no one but the holder reaches the holder's own routes:
    each answers about the caller's own (empty) passport, or refuses."""
    world, share = _setup(client, database, keys, "active")
    for who in ROLES:
        _holder_routes(client, world, share, _headers(world, who))
    _team_and_mandates(client, world)


def _holder_routes(client: TestClient, world: World, share: str, headers: dict[str, str]) -> None:
    for path in ["/passport", "/passport/history", "/passport/export", "/passport/access-log",
                 "/passport/proposals", "/shares", f"/shares/{share}"]:  # fmt: skip
        answer = client.get(f"{API}{path}", headers=headers)
        assert answer.status_code in (200, 401, 404, 405), (path, answer.status_code)
        assert SECRET not in answer.text, path
        assert world.forklift not in answer.text, path
    assert client.delete(f"{API}/shares/{share}", headers=headers).status_code in (401, 404)


def _team_and_mandates(client: TestClient, world: World) -> None:
    for role in ROLES:
        headers = _headers(world, role)
        team = client.get(f"{API}/organisations/{world.employer_id}/team-view", headers=headers)
        if role in ("recruiter", "employer_admin"):
            assert team.status_code == 200
            assert team.json()["groups"] == []  # a vacancy grant is not talent management
        else:
            assert team.status_code in (401, 404)
        mandate = client.get(
            f"{API}/mandates/00000000-0000-0000-0000-000000000000/passport", headers=headers
        )
        assert mandate.status_code in (401, 404)


WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"


def _colleague_sees(client: TestClient, world: World, share: str, vacancy: str) -> list[int]:
    """Status codes of every way into the share for the colleague (the stranger's answers
    are the same, body for body, when the colleague may not)."""
    codes = []
    for path in (
        f"{API}/shares/{share}/view",
        f"/shares/{share}",
        f"{API}/vacancies/{vacancy}/matches",
        f"{API}/organisations/{world.employer_id}/team-view",
    ):
        answer = client.get(path, headers=world.colleague)
        if answer.status_code == 404:
            stranger = client.get(path, headers=world.stranger)
            assert (answer.status_code, answer.text) == (stranger.status_code, stranger.text)
        codes.append(answer.status_code)
    received = client.get(f"{API}/shares/received", headers=world.colleague).json()
    codes.append(len(received))
    listed = client.get(f"/organisations/{world.employer_id}/vacancies", headers=world.colleague)
    codes.append(int(f"/vacancies/{vacancy}/candidates" in listed.text))  # linked or not
    return codes


def test_members_open_shares_only_when_they_handle_them(
    client: TestClient, database: Database, keys: KeyRing
) -> None:
    """Admins always, other members only with the function an admin gives and takes back;
    without it a member learns nothing from the page, the API, the candidates or the team
    overview, exactly like a stranger."""
    world, share = _setup(client, database, keys, "active")
    vacancy = client.post(
        f"{API}/vacancies",
        json={"organisation_id": world.employer_id, "title": "Orderpicker",
              "occupation_uri": WAREHOUSE},
        headers=world.employer,
    )  # fmt: skip
    assert vacancy.status_code == 201, vacancy.text
    vacancy_id = vacancy.json()["id"]
    assert _colleague_sees(client, world, share, vacancy_id) == [404, 404, 404, 404, 0, 0]
    members = client.get(
        f"{API}/organisations/{world.employer_id}/members", headers=world.colleague
    )
    handles = {m["display_name"]: m["handles_shares"] for m in members.json()}
    assert handles == {"Bart Bakker": False, "Jan Jansen": True, "Rita Recruiter": True}
    page = client.get(f"/organisations/{world.employer_id}/members", headers=world.colleague)
    assert page.status_code == 200
    assert "Bart Bakker" in page.text
    colleague_id = client.get(f"{API}/accounts/me", headers=world.colleague).json()["id"]
    functions = f"{API}/organisations/{world.employer_id}/members/{colleague_id}/functions"
    # Only an admin gives the function; a member asking gets a refusal and nothing changes.
    for who in (world.colleague, world.recruiter):
        refused = client.put(functions, json={"functions": ["handles_shares"]}, headers=who)
        assert refused.status_code == 403
    for who in (world.other_employer, world.stranger):
        refused = client.put(functions, json={"functions": ["handles_shares"]}, headers=who)
        assert refused.status_code == 404
    bad = client.put(functions, json={"functions": ["everything"]}, headers=world.employer)
    assert bad.status_code == 422
    assert bad.headers["content-type"].startswith("application/problem+json")
    given = client.put(functions, json={"functions": ["handles_shares"]}, headers=world.employer)
    assert given.json()["handles_shares"] is True
    assert _colleague_sees(client, world, share, vacancy_id) == [200, 200, 200, 200, 1, 1]
    client.put(functions, json={"functions": []}, headers=world.employer)
    assert _colleague_sees(client, world, share, vacancy_id) == [404, 404, 404, 404, 0, 0]
