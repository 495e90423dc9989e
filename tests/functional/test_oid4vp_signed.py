"""Kunde as verifier signs its OpenID4VP request objects, end to end on loopback.

Two Kunde instances run on https (a test CA): the first hosts an employer that issues a
skills certificate and the holder's wallet; the second is the verifier. The verifier's
organisation is identified as ``decentralized_identifier:`` with its did:web, and the
request object is a JWT signed with the organisation's key. The wallet fetches the request,
resolves the key from the DID document the verifier serves, checks the signature, and
answers with a key binding to that client id. A request that claims the verifier's DID but
is signed by another key, or sends the answer elsewhere, is refused.
"""

from __future__ import annotations

import json
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from loopback import Route, StaticServer, Tls, free_socket, live_kunde, make_tls, static_server
from passport_helpers import sign_up
from test_credentials_flow import certificate, organisation

from kunde.credentials import generate_key
from kunde.credentials._jws import parse_compact
from kunde.credentials.did import DidResolver
from kunde.credentials.sd_jwt_vc import KUNDE_SKILLS_VCT
from kunde.sharing import oid4vp

API = "/api/v1/oid4vp"


@dataclass
class World:
    wallet: httpx.Client  # the first instance: issuer and the holder's wallet
    verifier: httpx.Client  # the second instance
    holder: dict[str, str]
    entry_id: str
    other: StaticServer  # https as localhost: plays a verifier impersonating the second
    tls: Tls


def _receive(client: httpx.Client, employer: dict, org: str, holder: dict) -> str:
    offer = client.post(
        f"/api/v1/organisations/{org}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    )
    assert offer.status_code == 201, offer.text
    stored = client.post(
        "/api/v1/wallet/offers", json={"offer": offer.json()["link"]}, headers=holder
    )
    assert stored.status_code == 201, stored.text
    return str(stored.json()["id"])


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("signed-requests")
    tls = make_tls(folder)
    first, second = free_socket(), free_socket()
    p1, p2 = first.getsockname()[1], second.getsockname()[1]
    with static_server(tls) as other:
        other.base = other.base.replace("127.0.0.1", "localhost")
        po = other.base.rpartition(":")[2]
        with (
            live_kunde(
                folder / "wallet",
                tls=tls,
                sock=first,
                fetch_allowed_hosts=[f"127.0.0.1:{p2}", f"localhost:{po}"],
                fetch_ca_file=tls.ca_file,
            ) as (wallet_url, _),
            live_kunde(
                folder / "verifier",
                tls=tls,
                sock=second,
                fetch_allowed_hosts=[f"127.0.0.1:{p1}"],
                fetch_ca_file=tls.ca_file,
            ) as (verifier_url, _),
        ):
            context = ssl.create_default_context(cafile=str(tls.ca_file))
            with (
                httpx.Client(base_url=wallet_url, verify=context, timeout=30) as wallet,
                httpx.Client(base_url=verifier_url, verify=context, timeout=30) as verifier,
            ):
                employer = sign_up(wallet, "boss@acme.example", "Acme HR")
                org = organisation(wallet, employer, "Acme Logistics", "employer")
                holder = sign_up(wallet, "sanne@example.org", "Sanne")
                entry_id = _receive(wallet, employer, org, holder)
                yield World(wallet, verifier, holder, entry_id, other, tls)


def _verifier_request(
    client: httpx.Client, role: str = "employer"
) -> tuple[dict, dict[str, str], str]:
    staff = sign_up(client, f"hr-{uuid.uuid4().hex[:8]}@bakkerij.example", "HR")
    org = organisation(client, staff, "Bakkerij Jansen", role)
    made = client.post(
        f"{API}/requests",
        json={
            "organisation_id": org,
            "claims": ["skills", "title"],
            "purpose": {"kind": "vacancy", "detail": "Warehouse assistant"},
        },
        headers=staff,
    )
    assert made.status_code == 201, made.text
    return made.json(), staff, org


def _path(client: httpx.Client, url: str) -> str:
    base = str(client.base_url).rstrip("/")
    assert url.startswith(base), url
    return url.removeprefix(base)


def test_the_wallet_checks_a_signed_request_of_a_kunde_verifier(world: World) -> None:
    # A counselling desk issues nothing, but gets keys and a DID document to sign requests.
    request, staff, org = _verifier_request(world.verifier, "counselling")
    verifier_base = str(world.verifier.base_url).rstrip("/")
    port = verifier_base.rpartition(":")[2]
    did = f"did:web:127.0.0.1%3A{port}:orgs:{org}"
    assert request["client_id"] == f"decentralized_identifier:{did}"
    assert parse_qs(urlsplit(request["link"]).query)["client_id"] == [request["client_id"]]

    served = world.verifier.get(_path(world.verifier, request["request_uri"]))
    assert served.status_code == 200, served.text
    assert served.headers["content-type"].startswith("application/oauth-authz-req+jwt")
    jws = parse_compact(served.text, "request object")
    assert jws.header["typ"] == "oauth-authz-req+jwt"
    assert jws.alg == "ES256"
    assert jws.header["kid"].startswith(did + "#")
    assert jws.payload["client_id"] == request["client_id"]
    document = world.verifier.get(f"/orgs/{org}/did.json").json()
    resolver = DidResolver(fetch=lambda _url: json.dumps(document).encode())
    assert jws.verify(resolver.resolve_key(jws.header["kid"]))

    asked = world.wallet.get(
        f"{API}/consent", params={"link": request["link"]}, headers=world.holder
    )
    assert asked.status_code == 200, asked.text
    assert asked.json()["checked_as"] == "decentralized_identifier"
    assert asked.json()["verifier"] == "Bakkerij Jansen"
    sent = world.wallet.post(
        f"{API}/presentations",
        json={"link": request["link"], "credential_id": world.entry_id},
        headers=world.holder,
    )
    assert sent.status_code == 200, sent.text

    seen = world.verifier.get(f"{API}/requests/{request['id']}", headers=staff).json()
    result = seen["result"]
    assert result["valid"] is True, result
    binding = next(c for c in result["checks"] if c["name"] == "holder_binding")
    assert binding["ok"] is True
    assert result["claims"]["title"] == "Forklift driving at Acme"


def _forged(world: World, request: dict, jwt: str) -> str:
    """Serve the request object ``jwt`` from the impersonating host; returns the link."""
    path = f"/req-{uuid.uuid4().hex[:8]}"
    world.other.routes[path] = Route(
        jwt.encode(), headers={"Content-Type": "application/oauth-authz-req+jwt"}
    )
    return oid4vp.link(request["client_id"], world.other.url(path))


def test_a_request_claiming_the_verifiers_did_is_checked_against_its_key(world: World) -> None:
    request, _staff, _org = _verifier_request(world.verifier)
    served = world.verifier.get(_path(world.verifier, request["request_uri"])).text
    jws = parse_compact(served, "request object")
    # Names the verifier's key, but is signed with another.
    stranger = generate_key("ES256", kid=jws.header["kid"])
    # Signed with a key of another DID than the client id names.
    other_did = generate_key("ES256", kid="did:web:localhost:someone#key-1")
    for jwt, reason in [
        (oid4vp.signed_jwt(jws.payload, stranger), "signature is not valid"),
        (oid4vp.signed_jwt(jws.payload, other_did), "not signed with a key of the verifier's DID"),
        # The genuine request, served by another host: the answer would not go back to it.
        (served, "does not match the verifier's identifier"),
    ]:
        link = _forged(world, request, jwt)
        refused = world.wallet.get(f"{API}/consent", params={"link": link}, headers=world.holder)
        assert refused.status_code == 422, refused.text
        assert reason in refused.json()["detail"]
    assert world.other.posted == []


def test_a_holder_on_the_verifiers_own_instance_answers_a_signed_request(world: World) -> None:
    """On the verifier's instance the wallet reads the request from its own database; the
    key binding still names the DID client id, and the verifier checks it."""
    verifier = world.verifier
    employer = sign_up(verifier, f"boss-{uuid.uuid4().hex[:6]}@acme.example", "Acme HR")
    acme = organisation(verifier, employer, "Acme Local", "employer")
    holder = sign_up(verifier, f"anna-{uuid.uuid4().hex[:6]}@example.org", "Anna")
    entry_id = _receive(verifier, employer, acme, holder)
    request, staff, _org = _verifier_request(verifier)
    asked = verifier.get(f"{API}/consent", params={"link": request["link"]}, headers=holder)
    assert asked.status_code == 200, asked.text
    assert asked.json()["checked_as"] == "local"
    sent = verifier.post(
        f"{API}/presentations",
        json={"link": request["link"], "credential_id": entry_id},
        headers=holder,
    )
    assert sent.status_code == 200, sent.text
    result = verifier.get(f"{API}/requests/{request['id']}", headers=staff).json()["result"]
    assert result["valid"] is True, result
    # A link that names another client id for an open request is refused.
    request, _staff, _org = _verifier_request(verifier)
    query = parse_qs(urlsplit(request["link"]).query)
    wrong = oid4vp.link("redirect_uri:https://elsewhere.example/cb", query["request_uri"][0])
    refused = verifier.get(f"{API}/consent", params={"link": wrong}, headers=holder)
    assert refused.status_code == 422
    assert "does not match its request" in refused.json()["detail"]


def test_request_objects_are_dated_and_name_the_query(world: World) -> None:
    request, _staff, _org = _verifier_request(world.verifier)
    served = world.verifier.get(_path(world.verifier, request["request_uri"])).text
    claims = parse_compact(served, "request object").payload
    now = datetime.now(UTC).timestamp()
    assert claims["iat"] <= now + 5
    assert claims["exp"] > now
    assert claims["dcql_query"]["credentials"][0]["meta"]["vct_values"] == [KUNDE_SKILLS_VCT]
    assert claims["response_uri"].startswith(str(world.verifier.base_url).rstrip("/"))
