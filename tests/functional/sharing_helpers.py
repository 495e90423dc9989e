"""People, organisations and a small passport for the sharing tests."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, FORKLIFT, sign_up

API = "/api/v1"
Headers = dict[str, str]


def organisation(client: TestClient, admin: Headers, name: str, roles: list[str]) -> str:
    answer = client.post(f"{API}/organisations", json={"name": name, "roles": roles}, headers=admin)
    assert answer.status_code == 201, answer.text
    org_id: str = answer.json()["organisation_id"]
    return org_id


def join(
    client: TestClient,
    admin: Headers,
    org_id: str,
    email: str,
    member: Headers,
    *,
    handles_shares: bool = True,
) -> None:
    """``member`` joins the organisation; with ``handles_shares`` the admin also lets them
    open passports shared with it."""
    invite = client.post(
        f"{API}/organisations/{org_id}/invitations", json={"email": email}, headers=admin
    )
    assert invite.status_code == 201, invite.text
    accepted = client.post(f"{API}/invitations/{invite.json()['token']}/accept", headers=member)
    assert accepted.status_code == 200, accepted.text
    assert accepted.json()["handles_shares"] is False  # a member's default
    if handles_shares:
        me = client.get(f"{API}/accounts/me", headers=member).json()["id"]
        given = client.put(
            f"{API}/organisations/{org_id}/members/{me}/functions",
            json={"functions": ["handles_shares"]},
            headers=admin,
        )
        assert given.status_code == 200, given.text
        assert given.json()["handles_shares"] is True


@dataclass
class World:
    """A holder with a passport, an employer (Bakkerij Jansen) with a recruiter, a second
    employer, a counselling service with a counsellor, and a stranger."""

    holder: Headers
    holder_id: str
    forklift: str  # skill claim id
    customers: str  # skill claim id
    job: str  # experience id
    employer: Headers  # admin of Bakkerij Jansen
    employer_id: str
    recruiter: Headers  # member of Bakkerij Jansen who handles shared passports
    other_employer: Headers
    other_employer_id: str
    counsellor: Headers
    counselling_id: str
    stranger: Headers
    colleague: Headers  # member of Bakkerij Jansen without that function


def build_world(client: TestClient) -> World:
    holder = sign_up(client, "holder@example.org", "Sam Holder")
    holder_id = client.get(f"{API}/accounts/me", headers=holder).json()["id"]
    forklift = client.post(
        f"{API}/passport/skills", json={"concept_uri": FORKLIFT, "proficiency": 3}, headers=holder
    ).json()["id"]
    customers = client.post(
        f"{API}/passport/skills", json={"concept_uri": CUSTOMERS}, headers=holder
    ).json()["id"]
    job = client.post(
        f"{API}/passport/experiences",
        json={"kind": "work", "role": "Order picker", "start": "2020-01-01"},
        headers=holder,
    )
    assert job.status_code == 201, job.text
    personal = client.put(
        f"{API}/passport/personal",
        json={"traits": ["precise"], "motivation": "I like early mornings."},
        headers=holder,
    )
    assert personal.status_code in (200, 201), personal.text
    employer = sign_up(client, "boss@jansen.example", "Jan Jansen")
    employer_id = organisation(client, employer, "Bakkerij Jansen", ["employer"])
    recruiter = sign_up(client, "hr@jansen.example", "Rita Recruiter")
    join(client, employer, employer_id, "hr@jansen.example", recruiter)
    other = sign_up(client, "boss@other.example", "Olga Other")
    other_id = organisation(client, other, "Other Logistics", ["employer"])
    counsel_admin = sign_up(client, "admin@werkplein.example", "Wim Werkplein")
    counselling_id = organisation(client, counsel_admin, "Werkplein", ["counselling"])
    counsellor = sign_up(client, "coach@werkplein.example", "Cora Coach")
    join(client, counsel_admin, counselling_id, "coach@werkplein.example", counsellor)
    stranger = sign_up(client, "stranger@example.org", "Stan Stranger")
    colleague = sign_up(client, "bakker@jansen.example", "Bart Bakker")
    join(client, employer, employer_id, "bakker@jansen.example", colleague, handles_shares=False)
    return World(
        holder, holder_id, forklift, customers, job.json()["id"], employer, employer_id,
        recruiter, other, other_id, counsellor, counselling_id, stranger, colleague,
    )  # fmt: skip


def share_with_employer(client: TestClient, world: World, **extra: object) -> dict[str, object]:
    body = {
        "items": [{"kind": "skill", "id": world.forklift}],
        "audience": {"kind": "organisation", "organisation_id": world.employer_id},
        "purpose": {"kind": "vacancy", "detail": "Warehouse assistant"},
        **extra,
    }
    answer = client.post(f"{API}/shares", json=body, headers=world.holder)
    assert answer.status_code == 201, answer.text
    result: dict[str, object] = answer.json()
    return result
