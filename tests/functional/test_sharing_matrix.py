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
ROLES = ["recruiter", "employer_admin", "other_employer", "counsellor", "stranger", "anonymous"]


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

