"""The app keeps verified status lists in one cache for every verification (API, pages,
wallet, OpenID4VP), reuses a list only while the issuer serves the very same one, and sees a
revocation as soon as the issuer's list changes, on other hosts and on this instance."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from loopback import Route, StaticServer, Tls, make_tls, static_server
from passport_helpers import sign_up
from test_credentials_flow import LibraryWallet, certificate, organisation

from kunde.config import Settings
from kunde.credentials import generate_key, issue_data_integrity, issue_sd_jwt_vc
from kunde.credentials.bitstring import Bitstring, status_entry, status_list_credential
from kunde.credentials.did import did_web_document, did_web_from_url
from kunde.credentials.jsonld import VC_V2
from kunde.credentials.sd_jwt_vc import StatusReference
from kunde.credentials.status_list import INVALID, StatusList, issue_status_list_token
from kunde.db.session import Database
from kunde.passport import KeyRing
from kunde.web.app import create_app

NOW = datetime.now(UTC).replace(microsecond=0)
# The issuer asks verifiers not to keep its answers, so every verification fetches the
# list again and only the status list cache can spare the signature check.
NO_STORE = {"Cache-Control": "no-store"}


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def issuer_host(tls: Tls) -> Iterator[StaticServer]:
    with static_server(tls) as server:
        yield server


class OutsideIssuer:
    """An issuer on another host: did:web document, a token list and a bitstring list."""

    def __init__(self, server: StaticServer) -> None:
        self.server = server
        self.did = did_web_from_url(server.base)
        self.es256 = generate_key("ES256", kid=f"{self.did}#key-1")
        self.eddsa = generate_key("EdDSA", kid=f"{self.did}#key-2")
        server.routes["/.well-known/did.json"] = Route(
            json.dumps(did_web_document(self.did, [self.es256.public, self.eddsa.public])).encode()
        )
        self.token_list = StatusList.new(16, bits=2)
        self.bits = Bitstring.new(131072)
        self.serve_lists()

    def serve_lists(self) -> None:
        token = issue_status_list_token(
            self.token_list,
            uri=self.server.url("/status/1"),
            key=self.es256,
            now=NOW,
            issuer=self.did,
            ttl=timedelta(minutes=10),
        )
        self.server.routes["/status/1"] = Route(token.encode(), headers=NO_STORE)
        listed = status_list_credential(
            url=self.server.url("/status/bits"),
            issuer=self.did,
            purpose="revocation",
            bitstring=self.bits,
            valid_from=NOW,
        )
        signed = issue_data_integrity(
            listed,
            key=self.eddsa,
            cryptosuite="eddsa-jcs-2022",
            now=NOW,
            verification_method=self.eddsa.kid,
        )
        self.server.routes["/status/bits"] = Route(json.dumps(signed).encode(), headers=NO_STORE)

    def sd_jwt(self) -> str:
        return issue_sd_jwt_vc(
            {"title": "Forklift driving"},
            issuer=self.did,
            key=self.es256,
            vct="https://example.org/skills",
            now=NOW,
            status=StatusReference(self.server.url("/status/1"), 3),
        )

    def badge(self) -> dict[str, Any]:
        document = {
            "@context": [VC_V2],
            "type": ["VerifiableCredential"],
            "issuer": self.did,
            "validFrom": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "credentialSubject": {"id": "urn:uuid:3f1e0f0a-2b7c-4d1e-8f3a-6a2b9c0d1e22"},
            "credentialStatus": status_entry(
                list_url=self.server.url("/status/bits"), index=7, purpose="revocation"
            ),
        }
        return issue_data_integrity(
            document,
            key=self.eddsa,
            cryptosuite="eddsa-jcs-2022",
            now=NOW,
            verification_method=self.eddsa.kid,
        )

    def revoke(self) -> None:
        self.token_list.set(3, INVALID)
        self.bits.set(7, 1)
        self.serve_lists()


@pytest.fixture
def outside(issuer_host: StaticServer) -> OutsideIssuer:
    return OutsideIssuer(issuer_host)


@pytest.fixture
def fetching_client(
    tmp_path: Path,
    settings: Settings,
    database: Database,
    keys: KeyRing,
    issuer_host: StaticServer,
    outside: OutsideIssuer,
    tls: Tls,
) -> Iterator[TestClient]:
    trusted = tmp_path / "trust.json"
    trusted.write_text(json.dumps({"issuers": [{"id": outside.did, "name": "Outside"}]}))
    host = issuer_host.base.removeprefix("https://")
    configured = settings.model_copy(
        update={
            "fetch_allowed_hosts": [host],
            "fetch_ca_file": tls.ca_file,
            "trust_list_file": trusted,
        }
    )
    with TestClient(create_app(configured, database=database, keys=keys)) as client:
        yield client


def _status(report: dict[str, Any]) -> dict[str, Any]:
    return next(c for c in report["checks"] if c["name"] == "status")


def test_outside_status_lists_are_verified_once_and_a_revocation_is_seen(
    fetching_client: TestClient, issuer_host: StaticServer, outside: OutsideIssuer
) -> None:
    verify = "/api/v1/credentials/verify"
    sd_jwt, badge = outside.sd_jwt(), outside.badge()
    first = fetching_client.post(verify, content=sd_jwt).json()
    assert first["valid"] is True, first
    cache = fetching_client.app.state.status_list_cache
    assert (cache.hits, cache.misses) == (0, 1)
    assert fetching_client.post(verify, content=sd_jwt).json()["valid"] is True
    assert (cache.hits, cache.misses) == (1, 1)  # fetched again, same token: not re-verified
    assert fetching_client.post(verify, json=badge).json()["valid"] is True
    assert fetching_client.post(verify, json=badge).json()["valid"] is True
    assert (cache.hits, cache.misses) == (2, 2)
    assert issuer_host.hits["/status/1"] == issuer_host.hits["/status/bits"] == 2

    # The issuer revokes both: its lists change, so the cache is not used and both say so.
    outside.revoke()
    for body in ({"content": sd_jwt}, {"json": badge}):
        report = fetching_client.post(verify, **body).json()
        assert report["valid"] is False
        assert _status(report)["detail"].startswith("revoked (status list fetched from")
    assert (cache.hits, cache.misses) == (2, 4)


def test_the_wallet_rechecks_with_the_same_cache(
    fetching_client: TestClient, outside: OutsideIssuer
) -> None:
    holder = sign_up(fetching_client, "holder@example.org", "Holder")
    imported = fetching_client.post(
        "/api/v1/wallet/credentials", json=outside.badge(), headers=holder
    )
    assert imported.status_code == 201, imported.text
    assert imported.json()["verified"] is True
    cache = fetching_client.app.state.status_list_cache
    shown = f"/api/v1/wallet/credentials/{imported.json()['id']}"
    assert fetching_client.get(shown, headers=holder).json()["report"]["valid"] is True
    assert cache.hits == 1  # the import's verification of the list is reused
    outside.revoke()
    again = fetching_client.get(shown, headers=holder).json()["report"]
    assert again["valid"] is False
    assert _status(again)["detail"].startswith("revoked")


def test_this_instances_own_lists_show_a_revocation_at_once(client: TestClient) -> None:
    employer = sign_up(client, "boss@acme.example", "Acme HR")
    acme = organisation(client, employer, "Acme Logistics", "employer")
    offer = client.post(
        f"/api/v1/organisations/{acme}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    )
    sd_jwt = LibraryWallet(client).receive(offer.json()["link"])
    for _ in range(3):
        report = client.post("/api/v1/credentials/verify", content=sd_jwt).json()
        assert report["valid"] is True, report
    issued = client.get(f"/api/v1/organisations/{acme}/credentials", headers=employer).json()
    client.post(f"/api/v1/credentials/{issued[0]['id']}/revoke", headers=employer)
    report = client.post("/api/v1/credentials/verify", content=sd_jwt).json()
    assert _status(report) == {
        "name": "status",
        "ok": False,
        "detail": "revoked (status list served by this Kunde instance)",
    }
