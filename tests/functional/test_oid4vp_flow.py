"""OpenID4VP end to end through the app: an employer asks for a skills credential (DCQL,
SD-JWT VC with key binding); Kunde's wallet answers after consent and the holder's log
shows it; a wallet built on the credentials library answers too; replays, answers made
for another request, a wrong state and extra claims are refused."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient
from passport_helpers import sign_up
from test_credentials_flow import BASE, LibraryWallet, _path, certificate, organisation

from kunde.credentials import present
from kunde.sharing import oid4vp

API = "/api/v1/oid4vp"


def _request(client: TestClient, headers: dict[str, str], org: str, claims: list[str]) -> dict:
    answer = client.post(
        f"{API}/requests",
        json={
            "organisation_id": org,
            "claims": claims,
            "purpose": {"kind": "vacancy", "detail": "Warehouse assistant"},
        },
        headers=headers,
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


def _object(client: TestClient, request: dict) -> dict:
    query = parse_qs(urlsplit(request["link"]).query)
    assert request["link"].startswith("openid4vp://?")
    assert query["client_id"] == [request["client_id"]]
    served = client.get(_path(query["request_uri"][0]))
    assert served.status_code == 200
    assert served.headers["content-type"].startswith("application/oauth-authz-req+jwt")
    claims = oid4vp.read_request_object(served.text)
    assert served.text.endswith(".")  # unsigned: redirect_uri: requests must not be signed
    return claims


def test_verifier_and_wallets(client: TestClient) -> None:  # noqa: PLR0915 - one story
    employer = sign_up(client, "boss@acme.example", "Acme HR")
    holder = sign_up(client, "sanne@example.org", "Sanne")
    acme = organisation(client, employer, "Acme Logistics", "employer")
    offer = client.post(
        f"/api/v1/organisations/{acme}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    ).json()
    stored = client.post("/api/v1/wallet/offers", json={"offer": offer["link"]}, headers=holder)
    assert stored.status_code in (200, 201), stored.text
    entry_id = stored.json()["entry"]["id"] if "entry" in stored.json() else stored.json()["id"]

    # The employer asks for the skills and the title only.
    request = _request(client, employer, acme, ["skills", "title"])
    assert request["client_id"] == f"redirect_uri:{BASE}{API}/responses/{request['id']}"
    claims = _object(client, request)
    assert claims["response_mode"] == "direct_post"
    assert claims["response_type"] == "vp_token"
    assert claims["response_uri"] == request["client_id"].removeprefix("redirect_uri:")
    assert claims["dcql_query"]["credentials"][0]["format"] == "dc+sd-jwt"
    assert claims["dcql_query"]["credentials"][0]["claims"] == [
        {"path": ["skills"]},
        {"path": ["title"]},
    ]

    # Kunde's wallet: the consent screen's facts, then the answer.
    asked = client.get(f"{API}/consent", params={"link": request["link"]}, headers=holder).json()
    assert asked["verifier"] == "Acme Logistics"
    assert asked["claims"] == ["skills", "title"]
    assert [c["id"] for c in asked["credentials"]] == [entry_id]
    sent = client.post(
        f"{API}/presentations",
        json={"link": request["link"], "credential_id": entry_id},
        headers=holder,
    )
    assert sent.status_code == 200, sent.text
    result = client.get(f"{API}/requests/{request['id']}", headers=employer).json()["result"]
    assert result["valid"] is True
    assert result["claims"]["skills"][0]["uri"].startswith("http://data.europa.eu/esco/skill/")
    assert "given_name" not in result["claims"]  # not asked, not disclosed
    log = client.get("/api/v1/passport/access-log", headers=holder).json()
    assert log["entries"][0]["action"] == "present"
    assert log["entries"][0]["organisation"] == "Acme Logistics"
    assert log["chain"]["intact"] is True

    # Answering the same request again is refused.
    again = client.post(
        f"{API}/presentations",
        json={"link": request["link"], "credential_id": entry_id},
        headers=holder,
    )
    assert again.status_code == 422
    assert again.headers["content-type"].startswith("application/problem+json")

    # A wallet built on the library answers by direct_post.
    library = LibraryWallet(client)
    credential = library.receive(
        client.post(
            f"/api/v1/organisations/{acme}/offers",
            json=certificate("kunde_skills_sd_jwt"),
            headers=employer,
        ).json()["link"]
    )
    first = _request(client, employer, acme, ["skills"])
    second = _request(client, employer, acme, ["skills"])
    one, two = _object(client, first), _object(client, second)
    now = datetime.now(UTC)

    def token(claims: dict, disclose: list[str]) -> str:
        made = present(
            credential, disclose=disclose, holder_key=library.key,
            nonce=claims["nonce"], audience=claims["client_id"], now=now,
        )  # fmt: skip
        return json.dumps(oid4vp.vp_token(made))

    def post(request: dict, vp_token: str, state: str) -> int:
        path = _path(request["client_id"].removeprefix("redirect_uri:"))
        return client.post(path, data={"vp_token": vp_token, "state": state}).status_code

    for_first = token(one, ["skills"])
    assert post(second, for_first, two["state"]) == 422  # made for another request
    assert post(first, for_first, two["state"]) == 422  # wrong state
    assert post(first, token(one, ["skills", "given_name"]), one["state"]) == 422  # too much
    assert post(first, '{"other": []}', one["state"]) == 422
    assert post(first, for_first, one["state"]) == 200
    assert post(first, for_first, one["state"]) == 422  # replay
    assert (
        client.get(
            _path(one["response_uri"].replace("responses", "requests") + "/object")
        ).status_code
        == 422
    )
    assert post(second, token(two, ["skills"]), two["state"]) == 200
    # Outsiders see nothing of a request.
    assert client.get(f"{API}/requests/{first['id']}", headers=holder).status_code == 404


def test_other_hosts_are_said_plainly(client: TestClient) -> None:
    holder = sign_up(client, "sanne@example.org", "Sanne")
    # A request on another host is fetched only within the network rules: an address inside
    # a private network that the operator did not name is refused before any connection.
    link = oid4vp.link("redirect_uri:https://10.20.30.40/cb", "https://10.20.30.40/r/1")
    answer = client.get(f"{API}/consent", params={"link": link}, headers=holder)
    assert answer.status_code == 422
    assert "private network" in answer.json()["detail"]
