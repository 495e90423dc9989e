"""Kunde's wallet answering an OpenID4VP request from another host, end to end on loopback.

Two Kunde instances run as real servers: the first (https, a test CA) hosts the employer
that issues a skills certificate and the holder's wallet; the second (plain http on
loopback) is the verifier. The verifier fetches the issuer's did:web document and status
list from the first instance; the wallet fetches the verifier's request object and posts
the answer to it. Small static servers play verifiers that sign their requests
(x509_san_dns:, decentralized_identifier:) or misbehave.
"""

from __future__ import annotations

import base64
import json
import ssl
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import parse_qs

import httpx
import pytest
from cryptography.hazmat.primitives.serialization import Encoding
from loopback import (
    Route,
    StaticServer,
    Tls,
    free_socket,
    leaf_certificate,
    live_kunde,
    make_tls,
    static_server,
)
from passport_helpers import sign_up
from test_credentials_flow import certificate, organisation

from kunde.credentials import generate_key
from kunde.credentials._jws import parse_compact, sign_compact
from kunde.credentials.did import did_key_verification_method
from kunde.credentials.sd_jwt_vc import KUNDE_SKILLS_VCT
from kunde.credentials.sdjwt import parse_sd_jwt
from kunde.sharing import oid4vp

API = "/api/v1/oid4vp"


@dataclass
class World:
    wallet: httpx.Client  # the first instance: issuer and the holder's wallet
    verifier: httpx.Client  # the second instance
    holder: dict[str, str]
    entry_id: str
    employer: dict[str, str]
    org: str
    plain: StaticServer  # http on loopback, named by the wallet's operator
    secure: StaticServer  # https (test CA) as localhost, named by the wallet's operator
    tls: Tls


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    folder = tmp_path_factory.mktemp("two-instances")
    tls = make_tls(folder)
    first, second = free_socket(), free_socket()
    p1, p2 = first.getsockname()[1], second.getsockname()[1]
    with static_server() as plain, static_server(tls) as secure:
        secure.base = secure.base.replace("127.0.0.1", "localhost")
        ps, pt = plain.base.rpartition(":")[2], secure.base.rpartition(":")[2]
        with (
            live_kunde(
                folder / "wallet",
                tls=tls,
                sock=first,
                fetch_allowed_hosts=[f"127.0.0.1:{p2}", f"127.0.0.1:{ps}", f"localhost:{pt}"],
                fetch_ca_file=tls.ca_file,
            ) as (wallet_url, _),
            live_kunde(
                folder / "verifier",
                sock=second,
                fetch_allowed_hosts=[f"127.0.0.1:{p1}"],
                fetch_ca_file=tls.ca_file,
            ) as (verifier_url, _),
        ):
            context = ssl.create_default_context(cafile=str(tls.ca_file))
            with (
                httpx.Client(base_url=wallet_url, verify=context, timeout=30) as wallet,
                httpx.Client(base_url=verifier_url, timeout=30) as verifier,
            ):
                employer = sign_up(wallet, "boss@acme.example", "Acme HR")
                org = organisation(wallet, employer, "Acme Logistics", "employer")
                holder = sign_up(wallet, "sanne@example.org", "Sanne")
                yield World(
                    wallet, verifier, holder, _receive(wallet, employer, org, holder),
                    employer, org, plain, secure, tls,
                )  # fmt: skip


def _receive(wallet: httpx.Client, employer: dict, org: str, holder: dict) -> str:
    offer = wallet.post(
        f"/api/v1/organisations/{org}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    )
    assert offer.status_code == 201, offer.text
    stored = wallet.post(
        "/api/v1/wallet/offers", json={"offer": offer.json()["link"]}, headers=holder
    )
    assert stored.status_code in (200, 201), stored.text
    body = stored.json()
    return str(body["entry"]["id"] if "entry" in body else body["id"])


def _verifier_request(world: World, claims: list[str]) -> tuple[dict, dict[str, str]]:
    staff = sign_up(world.verifier, f"hr-{uuid.uuid4().hex[:8]}@bakkerij.example", "HR")
    org = organisation(world.verifier, staff, "Bakkerij Jansen", "employer")
    made = world.verifier.post(
        f"{API}/requests",
        json={
            "organisation_id": org,
            "claims": claims,
            "purpose": {"kind": "vacancy", "detail": "Warehouse assistant"},
        },
        headers=staff,
    )
    assert made.status_code == 201, made.text
    return made.json(), staff


def _consent(world: World, link: str) -> httpx.Response:
    return world.wallet.get(f"{API}/consent", params={"link": link}, headers=world.holder)


def _send(world: World, link: str) -> httpx.Response:
    return world.wallet.post(
        f"{API}/presentations",
        json={"link": link, "credential_id": world.entry_id},
        headers=world.holder,
    )


def _check(result: dict, name: str) -> dict:
    return next(c for c in result["checks"] if c["name"] == name)


def test_wallet_answers_a_kunde_verifier_on_another_host(world: World) -> None:
    request, staff = _verifier_request(world, ["skills", "title"])
    asked = _consent(world, request["link"])
    assert asked.status_code == 200, asked.text
    facts = asked.json()
    assert facts["verifier"] == "Bakkerij Jansen"
    assert facts["host"] == "127.0.0.1"
    assert facts["checked_as"] == "redirect_uri"
    assert facts["claims"] == ["skills", "title"]
    assert facts["purpose"] == {"kind": "vacancy", "detail": "Warehouse assistant"}
    assert facts["purpose_words"] == "Warehouse assistant"
    assert [c["id"] for c in facts["credentials"]] == [world.entry_id]

    sent = _send(world, request["link"])
    assert sent.status_code == 200, sent.text

    # The verifier checked it: the issuer's key and status list came from the first instance.
    seen = world.verifier.get(f"{API}/requests/{request['id']}", headers=staff).json()
    result = seen["result"]
    assert result["valid"] is True, result
    assert result["claims"]["title"] == "Forklift driving at Acme"
    assert "given_name" not in result["claims"]
    wallet_base = str(world.wallet.base_url).rstrip("/")
    assert (
        f"key document fetched from {wallet_base}/orgs/" in _check(result, "issuer_key")["detail"]
    )
    assert (
        f"status list fetched from {wallet_base}/status/token/"
        in _check(result, "status")["detail"]
    )

    # The holder's log names who received what, and why.
    log = world.wallet.get("/api/v1/passport/access-log", headers=world.holder).json()
    latest = log["entries"][0]
    assert latest["action"] == "present"
    assert latest["organisation"] == "Bakkerij Jansen (127.0.0.1)"
    assert log["chain"]["intact"] is True

    # The verifier no longer serves an answered request; the wallet says so plainly.
    again = _send(world, request["link"])
    assert again.status_code == 422
    assert "no longer offers this request" in again.json()["detail"]


def _serve_request(
    server: StaticServer, path: str, claims: dict, header: dict | None = None, key=None
) -> str:
    """Serve a request object at ``path``; unsigned unless a key is given. Returns the link."""
    if key is None:
        jwt = oid4vp.unsigned_jwt(claims)
    else:
        jwt = sign_compact({"typ": oid4vp.REQUEST_TYP, **(header or {})}, claims, key)
    server.routes[path] = Route(
        jwt.encode(), headers={"Content-Type": "application/oauth-authz-req+jwt"}
    )
    return oid4vp.link(claims["client_id"], server.url(path))


def _claims(client_id: str, response_uri: str, nonce: str = "n-0123456789") -> dict:
    now = int(datetime.now(UTC).timestamp())
    return {
        "client_id": client_id,
        "response_type": "vp_token",
        "response_mode": "direct_post",
        "response_uri": response_uri,
        "nonce": nonce,
        "state": "s-1",
        "dcql_query": oid4vp.dcql_query(["skills"], KUNDE_SKILLS_VCT),
        "client_metadata": {"client_name": "Elsewhere BV"},
        "iat": now,
        "exp": now + 600,
    }


def _posted_token(server: StaticServer, path: str) -> str:
    form = parse_qs(server.posted[-1][1].decode())
    assert server.posted[-1][0] == path
    return json.loads(form["vp_token"][0])[oid4vp.QUERY_ID][0]


def test_a_stolen_presentation_does_not_work_elsewhere(world: World) -> None:
    """A verifier that passes the holder's answer on to another verifier gets nowhere: the
    key binding names the first verifier's client id and nonce."""
    plain = world.plain
    client_id = "redirect_uri:" + plain.url("/cb")
    plain.routes["/cb"] = Route(b'{"redirect_uri": "https://elsewhere.example/thanks"}')
    link = _serve_request(plain, "/req-stolen", _claims(client_id, plain.url("/cb"), "n-stolen-01"))
    sent = _send(world, link)
    assert sent.status_code == 200, sent.text
    assert sent.json()["redirect_uri"] == "https://elsewhere.example/thanks"
    # The wallet answers a request once, even when the verifier still serves it.
    replay = _send(world, link)
    assert replay.status_code == 422
    assert "already answered" in replay.json()["detail"]
    assert len(plain.posted) == 1
    presentation = _posted_token(plain, "/cb")
    kb = parse_compact(parse_sd_jwt(presentation).kb_jwt or "", "kb")
    assert kb.payload["aud"] == client_id
    assert kb.payload["nonce"] == "n-stolen-01"

    request, _staff = _verifier_request(world, ["skills"])
    claims = oid4vp.read_request_object(
        world.verifier.get(
            request["request_uri"].removeprefix(str(world.verifier.base_url).rstrip("/"))
        ).text
    )
    relayed = world.verifier.post(
        request["client_id"]
        .removeprefix("redirect_uri:")
        .removeprefix(str(world.verifier.base_url).rstrip("/")),
        data={"vp_token": json.dumps(oid4vp.vp_token(presentation)), "state": claims["state"]},
    )
    assert relayed.status_code == 422
    assert "holder_binding" in relayed.json()["detail"]


@pytest.mark.parametrize(
    ("case", "reason"),
    [
        ("other_host", "does not match the verifier's identifier"),
        ("oversize", "too large"),
        ("garbage", "not a presentation request"),
        ("signed_redirect_uri", "must not be signed"),
        ("expired", "expired"),
        ("encrypted", "direct_post only"),
        ("no_nonce", "no usable nonce"),
        ("link_mismatch", "does not match its link"),
    ],
)
def test_wallet_refuses_bad_requests(world: World, case: str, reason: str) -> None:
    plain = world.plain
    client_id = "redirect_uri:" + plain.url("/cb")
    claims = _claims(client_id, plain.url("/cb"), f"n-{case}")
    path = f"/req-{case}"
    if case == "other_host":
        claims["response_uri"] = plain.url("/cb").replace("127.0.0.1", "localhost")
    elif case == "expired":
        claims["exp"] = claims["iat"] - 3600
    elif case == "encrypted":
        claims["response_mode"] = "direct_post.jwt"
    elif case == "no_nonce":
        claims["nonce"] = ""
    elif case == "link_mismatch":
        claims["client_id"] = "redirect_uri:" + plain.url("/other")
    link = _serve_request(plain, path, claims)
    if case == "link_mismatch":
        link = oid4vp.link(client_id, plain.url(path))
    if case == "oversize":
        plain.routes[path] = Route(b"e30." + b"A" * 60_000 + b".")
    elif case == "garbage":
        plain.routes[path] = Route(b"<html>hello</html>")
    elif case == "signed_redirect_uri":
        link = _serve_request(plain, path, claims, key=generate_key("ES256"))
    before = len(plain.posted)
    answer = _consent(world, link)
    assert answer.status_code == 422, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    assert reason in answer.json()["detail"]
    assert _send(world, link).status_code == 422
    assert len(plain.posted) == before  # nothing was sent


def test_wallet_refuses_hosts_outside_the_rules(world: World) -> None:
    # A private-network host the operator did not name, and plain http to a public name.
    for request_uri in ("https://10.1.2.3/req", "http://verifier.example/req"):
        link = oid4vp.link("redirect_uri:https://10.1.2.3/cb", request_uri)
        answer = _consent(world, link)
        assert answer.status_code == 422
        assert answer.headers["content-type"].startswith("application/problem+json")
    private = _consent(world, oid4vp.link("redirect_uri:https://10.1.2.3/cb", "https://10.1.2.3/r"))
    assert "private network" in private.json()["detail"]


def test_x509_san_dns_verifier(world: World) -> None:
    secure = world.secure
    key = generate_key("ES256")
    certificate_der = leaf_certificate(world.tls, key.public.native, "localhost").public_bytes(
        Encoding.DER
    )
    x5c = {"x5c": [base64.b64encode(certificate_der).decode()]}
    claims = _claims("x509_san_dns:localhost", secure.url("/cb"), "n-x509-000001")
    secure.routes["/cb"] = Route(b"{}")
    link = _serve_request(secure, "/req-x509", claims, x5c, key)
    facts = _consent(world, link)
    assert facts.status_code == 200, facts.text
    assert facts.json()["checked_as"] == "x509_san_dns"
    assert facts.json()["verifier"] == "Elsewhere BV"
    assert _send(world, link).status_code == 200
    kb = parse_compact(parse_sd_jwt(_posted_token(secure, "/cb")).kb_jwt or "", "kb")
    assert kb.payload["aud"] == "x509_san_dns:localhost"

    # A certificate for another name, or a signature by another key, is refused.
    other = leaf_certificate(world.tls, key.public.native, "elsewhere.example")
    wrong = {"x5c": [base64.b64encode(other.public_bytes(Encoding.DER)).decode()]}
    claims = _claims("x509_san_dns:localhost", secure.url("/cb"), "n-x509-000002")
    refused = _consent(world, _serve_request(secure, "/req-x509-name", claims, wrong, key))
    assert "not trusted for localhost" in refused.json()["detail"]
    forged = _serve_request(secure, "/req-x509-key", claims, x5c, generate_key("ES256"))
    assert "signature is not valid" in _consent(world, forged).json()["detail"]


def test_decentralized_identifier_verifier(world: World) -> None:
    plain = world.plain
    key = generate_key("ES256")
    kid = did_key_verification_method(key.public)
    client_id = "decentralized_identifier:" + kid.partition("#")[0]
    plain.routes["/cb-did"] = Route(b"{}")
    claims = _claims(client_id, plain.url("/cb-did"), "n-did-0000001")
    link = _serve_request(plain, "/req-did", claims, {"kid": kid}, key)
    facts = _consent(world, link)
    assert facts.status_code == 200, facts.text
    assert facts.json()["checked_as"] == "decentralized_identifier"
    assert _send(world, link).status_code == 200
    # The answer must go to the host the request came from.
    away = {**claims, "nonce": "n-did-0000002", "response_uri": world.secure.url("/cb")}
    refused = _consent(world, _serve_request(plain, "/req-did-away", away, {"kid": kid}, key))
    assert "does not match the verifier's identifier" in refused.json()["detail"]


def test_consent_page_names_the_outside_verifier(world: World) -> None:
    request, _staff = _verifier_request(world, ["skills", "given_name"])
    page = world.wallet.get(
        "/wallet/present",
        params={"link": request["link"]},
        headers={**world.holder, "Accept-Language": "nl"},
    )
    assert page.status_code == 200, page.text
    assert "Bakkerij Jansen" in page.text
    assert "De naam is niet gecontroleerd: het antwoord gaat naar 127.0.0.1." in page.text
    assert "voor de vacature Warehouse assistant" in page.text
