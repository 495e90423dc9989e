"""Talent for employers over HTTP: who among staff who shared for talent management is
closest to a next role, and which training closes the team's gaps. Consent decides: a
colleague who did not share, or whose grant was revoked or has ended, never appears; another
organisation learns nothing; aggregates over small groups stay hidden."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT_OPERATOR, PASSWORD, sign_up
from sharing_helpers import API, organisation

from kunde.config import Settings
from kunde.db.session import Database
from kunde.matching import advice
from kunde.matching.learning import LearningOffer
from kunde.passport import KeyRing
from kunde.sharing import service
from kunde.sharing.model import Audience, AudienceKind, NewGrant, Purpose, PurposeKind, SharedItem
from kunde.sharing.model import ItemKind as Kind

Headers = dict[str, str]
UNKNOWN_OCCUPATION = "http://data.europa.eu/esco/occupation/00000000-0000-0000-0000-000000000000"


@dataclass
class Firm:
    boss: Headers
    org: str
    other_boss: Headers
    other_org: str
    skills: list[str]  # essential skills of a forklift operator
    staff: dict[str, Headers]
    ids: dict[str, str]


def _skills(client: TestClient) -> list[str]:
    found = client.get(f"{API}/taxonomy/occupations/{FORKLIFT_OPERATOR}/skills").json()
    return [s["uri"] for s in found if s["relation"] == "essential_skill"]


def _staff(client: TestClient, firm: Firm, name: str, uris: list[str]) -> list[str]:
    headers = sign_up(client, f"{name.lower()}@depot.example", f"{name} Staff")
    firm.staff[name] = headers
    firm.ids[name] = client.get(f"{API}/accounts/me", headers=headers).json()["id"]
    added = client.post(f"{API}/passport/skills/confirm", json={"uris": uris}, headers=headers)
    assert added.status_code == 201, added.text
    return [item["id"] for item in added.json()["added"]]


def _share(client: TestClient, headers: Headers, org: str, claims: list[str], team: str) -> str:
    made = client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "skill", "id": c} for c in claims],
            "audience": {"kind": "organisation", "organisation_id": org},
            "purpose": {"kind": "talent_management", "detail": team},
        },
        headers=headers,
    )
    assert made.status_code == 201, made.text
    share: str = made.json()["id"]
    return share


def _ended_grant(
    database: Database, keys: KeyRing, holder: str, org: str, claims: list[str]
) -> None:
    """A talent grant that ran from 40 to 10 days ago."""
    at = datetime.now(UTC) - timedelta(days=40)
    with database.unit_of_work() as uow:
        service.grant(
            uow,
            holder_id=holder,
            request=NewGrant(
                Audience(AudienceKind.ORGANISATION, org),
                Purpose(PurposeKind.TALENT_MANAGEMENT, "Magazijn"),
                tuple(SharedItem(Kind.SKILL, c) for c in claims),
                expires_at=at + timedelta(days=30),
            ),
            keys=keys,
            now=at,
            max_days=365,
            link_secret="unused",
        )


@pytest.fixture
def firm(client: TestClient, database: Database, keys: KeyRing) -> Firm:
    boss = sign_up(client, "boss@depot.example", "Bea Boss")
    other_boss = sign_up(client, "boss@other.example", "Olga Other")
    skills = _skills(client)
    assert len(skills) >= 8
    found = Firm(
        boss,
        organisation(client, boss, "Depot B.V.", ["employer"]),
        other_boss,
        organisation(client, other_boss, "Other Logistics", ["employer"]),
        skills,
        {},
        {},
    )
    near = _staff(client, found, "Near", skills[:6])
    _share(client, found.staff["Near"], found.org, near, "Magazijn")
    far = _staff(client, found, "Far", skills[:2])
    _share(client, found.staff["Far"], found.org, far, "Magazijn")
    _staff(client, found, "Quiet", skills)  # never shares
    revoked = _staff(client, found, "Revoked", skills)
    share = _share(client, found.staff["Revoked"], found.org, revoked, "Magazijn")
    assert client.delete(f"{API}/shares/{share}", headers=found.staff["Revoked"]).status_code == 200
    expired = _staff(client, found, "Expired", skills)
    _ended_grant(database, keys, found.ids["Expired"], found.org, expired)
    elsewhere = _staff(client, found, "Elsewhere", skills)  # shares with the other firm only
    _share(client, found.staff["Elsewhere"], found.other_org, elsewhere, "Magazijn")
    with database.unit_of_work() as uow:
        advice.import_offers(
            uow,
            [
                LearningOffer(
                    ref="test:forklift-basics",
                    provider="Test Academie",
                    title="Forklift basics",
                    skills=tuple(skills[2:8]),
                    hours=16,
                    credential=True,
                ),
                LearningOffer(
                    ref="test:one-skill",
                    provider="Test Academie",
                    title="One skill",
                    skills=(skills[6],),
                    hours=2,
                ),
            ],
        )
    return found


def _next_role(client: TestClient, firm: Firm, headers: Headers, **params: str) -> object:
    return client.get(
        f"{API}/organisations/{firm.org}/team-view/next-role",
        params={"profile": FORKLIFT_OPERATOR, **params},
        headers=headers,
    )


def test_closest_to_a_next_role_are_only_consenting_staff(client: TestClient, firm: Firm) -> None:
    answer = client.get(
        f"{API}/organisations/{firm.org}/team-view/next-role",
        params={"profile": FORKLIFT_OPERATOR, "language": "nl"},
        headers=firm.boss,
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["profile"]["occupation_uri"] == FORKLIFT_OPERATOR
    people = body["people"]
    assert [p["name"] for p in people] == ["Near Staff", "Far Staff"]
    assert people[0]["score"] > people[1]["score"] > 0
    assert {p["team"] for p in people} == {"Magazijn"}
    near = {s["uri"]: s for s in people[0]["skills"]}
    assert near[firm.skills[0]]["how"] == "exact"
    assert near[firm.skills[0]]["gap"] is None
    assert near[firm.skills[6]]["gap"] == "missing"
    far_route = people[1]["route"]
    assert far_route["steps"][0]["offer"]["ref"] == "test:forklift-basics"
    assert far_route["hours"] >= 16
    for name in ("Quiet", "Revoked", "Expired", "Elsewhere"):
        assert f"{name} Staff" not in answer.text
        assert firm.ids[name] not in answer.text
    # Each person compared is in their own log, with the grant and its purpose.
    log = client.get(f"{API}/passport/access-log", headers=firm.staff["Near"]).json()
    [entry] = log["entries"]
    assert entry["action"] == "talent"
    assert entry["grant_id"] == people[0]["grant_id"]
    assert entry["purpose"] == "talent_management"
    assert entry["purpose_detail"] == "Magazijn"
    assert entry["summary"].startswith("Depot B.V.")
    for name in ("Quiet", "Revoked", "Expired", "Elsewhere"):
        seen = client.get(f"{API}/passport/access-log", headers=firm.staff[name]).json()
        assert seen["entries"] == [], name


def test_next_role_for_a_team_and_for_an_own_vacancy(client: TestClient, firm: Firm) -> None:
    vacancy = client.post(
        f"{API}/vacancies",
        json={
            "organisation_id": firm.org,
            "title": "Heftruck",
            "occupation_uri": FORKLIFT_OPERATOR,
        },
        headers=firm.boss,
    ).json()["id"]
    answer = client.get(
        f"{API}/organisations/{firm.org}/team-view/next-role",
        params={"profile": vacancy},
        headers=firm.boss,
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["profile"]["title"] == "Heftruck"
    assert [p["name"] for p in answer.json()["people"]] == ["Near Staff", "Far Staff"]
    nobody = client.get(
        f"{API}/organisations/{firm.org}/team-view/next-role",
        params={"profile": FORKLIFT_OPERATOR, "team": "Kantoor"},
        headers=firm.boss,
    )
    assert nobody.json()["people"] == []


def test_next_role_refusals_are_clear_and_give_no_hint(client: TestClient, firm: Firm) -> None:
    url = f"{API}/organisations/{firm.org}/team-view/next-role"
    unknown = client.get(url, params={"profile": UNKNOWN_OCCUPATION}, headers=firm.boss)
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    assert "not an ESCO occupation" in unknown.json()["detail"]
    theirs = client.post(
        f"{API}/vacancies",
        json={
            "organisation_id": firm.other_org,
            "title": "Their job",
            "occupation_uri": FORKLIFT_OPERATOR,
        },
        headers=firm.other_boss,
    ).json()["id"]
    foreign = client.get(url, params={"profile": theirs}, headers=firm.boss)
    assert foreign.status_code == 404
    assert "Their job" not in foreign.text
    missing = client.get(url, params={"profile": "no-such-vacancy"}, headers=firm.boss)
    assert missing.status_code == 404
    assert foreign.json()["detail"] == missing.json()["detail"]
    outsider = client.get(url, params={"profile": FORKLIFT_OPERATOR}, headers=firm.other_boss)
    assert outsider.status_code == 404
    assert outsider.headers["content-type"].startswith("application/problem+json")
    nowhere = client.get(
        f"{API}/organisations/00000000-0000-0000-0000-000000000000/team-view/next-role",
        params={"profile": FORKLIFT_OPERATOR},
        headers=firm.other_boss,
    )
    assert nowhere.json()["detail"] == outsider.json()["detail"]
    assert "Near Staff" not in outsider.text
    assert client.get(url, params={"profile": FORKLIFT_OPERATOR}).status_code == 401
    assert client.get(url, headers=firm.boss).status_code == 422  # no profile
    log = client.get(f"{API}/passport/access-log", headers=firm.staff["Near"]).json()
    assert log["entries"] == []  # refused asks read nobody


def test_training_for_the_team_hides_small_groups(
    client: TestClient, firm: Firm, settings: Settings
) -> None:
    url = f"{API}/organisations/{firm.org}/team-view/training"
    params = {"profile": FORKLIFT_OPERATOR, "team": "Magazijn"}
    small = client.get(url, params=params, headers=firm.boss)
    assert small.status_code == 200, small.text
    assert small.json()["hidden"] is True
    assert small.json()["people"] is None
    assert small.json()["gaps"] == []
    assert small.json()["plan"] is None
    log = client.get(f"{API}/passport/access-log", headers=firm.staff["Near"]).json()
    assert log["entries"] == []  # a hidden group is not read
    settings.team_min_group = 2
    answer = client.get(url, params=params, headers=firm.boss)
    body = answer.json()
    assert body["hidden"] is False
    assert body["people"] == 2  # Quiet, Revoked, Expired and Elsewhere are not counted
    gaps = {(g["uri"], g["need"]): g for g in body["gaps"]}
    assert gaps[firm.skills[6], "learn"]["people"] == 2
    assert gaps[firm.skills[3], "learn"]["people"] == 1  # Near has it, Far does not
    assert firm.skills[0] not in {uri for uri, _need in gaps}  # both have it
    weights = [g["weight"] for g in body["gaps"]]
    assert weights == sorted(weights, reverse=True)
    plan = body["plan"]
    first = plan["steps"][0]
    assert first["offer"]["ref"] == "test:forklift-basics"
    assert first["people"] == 2
    assert {c["uri"] for c in first["closes"]} <= set(firm.skills[2:8])
    assert "test:one-skill" not in [s["offer"]["ref"] for s in plan["steps"]]  # nothing left
    assert plan["hours"] == 16
    assert plan["person_hours"] == 32
    assert plan["closed_weight"] <= plan["gap_weight"]
    assert "Near Staff" not in answer.text  # counts, never names
    assert firm.ids["Near"] not in answer.text
    log = client.get(f"{API}/passport/access-log", headers=firm.staff["Far"]).json()
    assert [e["action"] for e in log["entries"]] == ["team"]
    whole = client.get(url, params={"profile": FORKLIFT_OPERATOR}, headers=firm.boss).json()
    assert whole["team"] is None
    assert whole["people"] == 2
    empty = client.get(url, params={**params, "team": "Kantoor"}, headers=firm.boss).json()
    assert empty["hidden"] is True


def test_training_refusals(client: TestClient, firm: Firm, settings: Settings) -> None:
    settings.team_min_group = 2
    url = f"{API}/organisations/{firm.org}/team-view/training"
    outsider = client.get(url, params={"profile": FORKLIFT_OPERATOR}, headers=firm.other_boss)
    assert outsider.status_code == 404
    unknown = client.get(url, params={"profile": UNKNOWN_OCCUPATION}, headers=firm.boss)
    assert unknown.status_code == 422
    assert unknown.headers["content-type"].startswith("application/problem+json")
    many = client.get(url, params={"profile": [FORKLIFT_OPERATOR] * 11}, headers=firm.boss)
    assert many.status_code == 422
    for name in ("Near", "Far"):
        log = client.get(f"{API}/passport/access-log", headers=firm.staff[name]).json()
        assert log["entries"] == []


HTML = {"Accept": "text/html"}


def _sign_in(client: TestClient, email: str) -> None:
    form = client.get("/sign-in", headers=HTML)
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert token
    answer = client.post(
        "/sign-in",
        headers=HTML,
        data={"email": email, "password": PASSWORD, "csrf_token": token.group(1)},
    )
    assert answer.status_code == 200, answer.text


def test_pages_name_consenting_staff_and_count_for_training(
    client: TestClient, firm: Firm, settings: Settings
) -> None:
    client.cookies.clear()
    _sign_in(client, "boss@depot.example")
    overview = client.get(f"/organisations/{firm.org}/team?lang=nl", headers=HTML)
    assert f'href="/organisations/{firm.org}/team/next-role"' in overview.text
    assert f'href="/organisations/{firm.org}/team/training"' in overview.text
    form = client.get(f"/organisations/{firm.org}/team/next-role?lang=nl&q=heftruck", headers=HTML)
    assert form.status_code == 200
    assert FORKLIFT_OPERATOR in form.text  # found by the search, to pick
    shown = client.get(
        f"/organisations/{firm.org}/team/next-role",
        params={"lang": "nl", "profile": FORKLIFT_OPERATOR},
        headers=HTML,
    )
    assert shown.status_code == 200
    assert shown.text.index("Near Staff") < shown.text.index("Far Staff")
    assert "Wie komt het dichtst bij een volgende functie?" in shown.text
    assert "Forklift basics" in shown.text  # the route
    assert "Quiet Staff" not in shown.text
    bad = client.get(
        f"/organisations/{firm.org}/team/next-role",
        params={"lang": "en", "profile": "no-such-vacancy"},
        headers=HTML,
    )
    assert bad.status_code == 422
    assert "Your organisation has no vacancy with this id." in bad.text
    settings.team_min_group = 2
    training = client.get(
        f"/organisations/{firm.org}/team/training",
        params={"lang": "en", "profile": FORKLIFT_OPERATOR, "team": "Magazijn"},
        headers=HTML,
    )
    assert training.status_code == 200
    assert "2 people counted." in training.text
    assert "Forklift basics" in training.text
    assert "Near Staff" not in training.text
    settings.team_min_group = 3
    hidden = client.get(
        f"/organisations/{firm.org}/team/training",
        params={"lang": "en", "profile": FORKLIFT_OPERATOR},
        headers=HTML,
    )
    assert "To protect their privacy, we show nothing." in hidden.text
    assert "Forklift basics" not in hidden.text
    client.cookies.clear()
    _sign_in(client, "boss@other.example")
    outsider = client.get(f"/organisations/{firm.org}/team/next-role", headers=HTML)
    assert outsider.status_code == 404
    assert "Near Staff" not in outsider.text
