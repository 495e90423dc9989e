"""Verifying credentials whose issuer lives on another host: the did:web document and the
Token Status List come from a real TLS server on loopback, through the guarded fetcher,
only when the operator (or the CLI user) allows that host. Refusals say why."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from loopback import Route, StaticServer, Tls, make_tls, static_server
from typer.testing import CliRunner

from kunde.cli.main import app as cli
from kunde.config import Settings
from kunde.credentials import generate_key, issue_data_integrity, issue_sd_jwt_vc
from kunde.credentials.bitstring import Bitstring, status_entry, status_list_credential
from kunde.credentials.did import did_web_document, did_web_from_url
from kunde.credentials.jsonld import VC_V2
from kunde.credentials.sd_jwt_vc import StatusReference
from kunde.credentials.status_list import INVALID, StatusList, issue_status_list_token
from kunde.db.session import Database
from kunde.fetching import Fetcher, FetchFailed, FetchPolicy, FetchRefused
from kunde.web.app import create_app

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Tls:
    return make_tls(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def issuer_host(tls: Tls) -> Iterator[StaticServer]:
    with static_server(tls) as server:
        yield server


def _host(server: StaticServer) -> str:
    return server.base.removeprefix("https://").removeprefix("http://")


def publish(server: StaticServer, *, revoked: bool = False, ttl: int = 600) -> str:
    """An issuer on ``server``: its did:web document, a status list, and one credential."""
    did = did_web_from_url(server.base)
    key = generate_key("ES256", kid=f"{did}#key-1")
    server.routes["/.well-known/did.json"] = Route(
        json.dumps(did_web_document(did, [key.public])).encode(),
        headers={"Content-Type": "application/did+json", "Cache-Control": "max-age=120"},
    )
    status_list = StatusList.new(16, bits=2)
    if revoked:
        status_list.set(3, INVALID)
    uri = server.url("/status/1")
    token = issue_status_list_token(
        status_list, uri=uri, key=key, now=NOW, issuer=did, ttl=timedelta(seconds=ttl)
    )
    server.routes["/status/1"] = Route(
        token.encode(), headers={"Content-Type": "application/statuslist+jwt"}
    )
    return issue_sd_jwt_vc(
        {"title": "Forklift driving"},
        issuer=did,
        key=key,
        vct="https://example.org/skills",
        now=NOW,
        status=StatusReference(uri, 3),
    )


def _check(report: dict, name: str) -> dict:
    return next(c for c in report["checks"] if c["name"] == name)


def test_cli_fetches_only_from_allowed_hosts(
    issuer_host: StaticServer, tls: Tls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credential = tmp_path / "credential.sd-jwt"
    credential.write_text(publish(issuer_host))
    monkeypatch.setenv("KUNDE_FETCH_CA_FILE", str(tls.ca_file))
    monkeypatch.delenv("KUNDE_FETCH_ALLOWED_HOSTS", raising=False)
    runner = CliRunner()

    offline = runner.invoke(cli, ["credential", "verify", str(credential), "--json"])
    assert offline.exit_code == 1, offline.output
    key = _check(json.loads(offline.stdout), "issuer_key")
    assert key["ok"] is False
    assert "does not fetch from other hosts" in key["detail"]
    assert issuer_host.hits == {}

    fetched = runner.invoke(
        cli,
        ["credential", "verify", str(credential), "--json", "--allow-host", _host(issuer_host)],
    )
    assert fetched.exit_code == 0, fetched.output
    report = json.loads(fetched.stdout)
    assert report["valid"] is True
    did_url = issuer_host.url("/.well-known/did.json")
    assert f"key document fetched from {did_url}" in _check(report, "issuer_key")["detail"]
    status = _check(report, "status")
    assert status["ok"] is True
    assert f"status list fetched from {issuer_host.url('/status/1')}" in status["detail"]

    # --fetch without any host is unusable input; another host is refused in plain words.
    assert runner.invoke(cli, ["credential", "verify", str(credential), "--fetch"]).exit_code == 2
    other = runner.invoke(
        cli,
        ["credential", "verify", str(credential), "--json", "--allow-host", "issuer.example"],
    )
    assert other.exit_code == 1
    detail = _check(json.loads(other.stdout), "issuer_key")["detail"]
    assert "127.0.0.1 is not in the hosts this instance may fetch from" in detail


def test_cli_local_status_copy_is_named(
    issuer_host: StaticServer, tls: Tls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    credential = tmp_path / "credential.sd-jwt"
    credential.write_text(publish(issuer_host, revoked=True))
    copy = tmp_path / "status.jwt"
    copy.write_bytes(issuer_host.routes["/status/1"].body)
    monkeypatch.setenv("KUNDE_FETCH_CA_FILE", str(tls.ca_file))
    answer = CliRunner().invoke(
        cli,
        [
            "credential", "verify", str(credential), "--json", "--status-list", str(copy),
            "--allow-host", _host(issuer_host),
        ],
    )  # fmt: skip
    assert answer.exit_code == 1, answer.output
    status = _check(json.loads(answer.stdout), "status")
    assert status["ok"] is False
    assert "revoked" in status["detail"]
    assert "the local copy you gave" in status["detail"]
    assert "/status/1" not in issuer_host.hits  # the local copy was used, nothing fetched


@pytest.fixture
def fetching_client(
    tmp_path: Path,
    database: Database,
    issuer_host: StaticServer,
    tls: Tls,
) -> Iterator[TestClient]:
    settings = Settings(
        data_dir=tmp_path,
        secret_key="test-secret-key-not-for-production",
        fetch_allowed_hosts=[_host(issuer_host)],
        fetch_ca_file=tls.ca_file,
    )
    with TestClient(create_app(settings, database=database)) as client:
        yield client


def test_api_verifies_with_fetched_keys_and_caches(
    fetching_client: TestClient, issuer_host: StaticServer
) -> None:
    credential = publish(issuer_host, revoked=False)
    first = fetching_client.post("/api/v1/credentials/verify", content=credential).json()
    failed = [c["name"] for c in first["checks"] if c["ok"] is False]
    assert failed == ["trust_list"], first  # not on this instance's trust list
    assert "key document fetched from https://127.0.0.1" in _check(first, "issuer_key")["detail"]
    second = fetching_client.post("/api/v1/credentials/verify", content=credential).json()
    assert _check(second, "status")["ok"] is True
    assert "kept from an earlier fetch" in _check(second, "issuer_key")["detail"]
    assert issuer_host.hits == {"/.well-known/did.json": 1, "/status/1": 1}


def test_api_refuses_hosts_the_operator_did_not_allow(
    bare_client: TestClient, issuer_host: StaticServer
) -> None:
    report = bare_client.post("/api/v1/credentials/verify", content=publish(issuer_host)).json()
    assert report["valid"] is False
    assert "does not fetch from other hosts" in _check(report, "issuer_key")["detail"]
    assert issuer_host.hits == {}


# --- the fetcher's limits against a real server --------------------------------------------
def _fetcher(server: StaticServer, tls: Tls | None, **limits: object) -> Fetcher:
    policy = FetchPolicy(allowed_hosts=(_host(server),), ca_file=tls.ca_file if tls else None)
    return Fetcher(FetchPolicy(**{**policy.__dict__, **limits}))


def test_limits(issuer_host: StaticServer, tls: Tls) -> None:
    server = issuer_host
    server.routes["/big"] = Route(b"x" * 5000)
    server.routes["/slow"] = Route(b"late", delay=1.5)
    server.routes["/here"] = Route(status=302, headers={"Location": "/there"})
    server.routes["/there"] = Route(b"arrived", headers={"Cache-Control": "no-store"})
    server.routes["/away"] = Route(status=302, headers={"Location": "https://example.org/x"})
    server.routes["/gone"] = Route(b"no", status=404)
    fetcher = _fetcher(server, tls, max_bytes=4096, timeout=0.5)
    with pytest.raises(FetchFailed, match="larger than 4096 bytes"):
        fetcher.get(server.url("/big"))
    with pytest.raises(FetchFailed, match="did not answer within the time limit"):
        fetcher.get(server.url("/slow"))
    assert fetcher.get(server.url("/here")).body == b"arrived"
    fetcher.get(server.url("/here"))
    assert server.hits["/there"] == 2  # no-store: fetched each time
    with pytest.raises(FetchRefused, match="redirects to another host"):
        fetcher.get(server.url("/away"))
    with pytest.raises(FetchFailed, match="answered HTTP 404"):
        fetcher.get(server.url("/gone"))
    untrusted = _fetcher(server, None)
    with pytest.raises(FetchFailed, match=r"cannot reach 127\.0\.0\.1"):
        untrusted.get(server.url("/there"))


def test_cache_follows_max_age_and_status_ttl(issuer_host: StaticServer, tls: Tls) -> None:
    clock = [NOW]
    fetcher = _fetcher(issuer_host, tls, max_ttl=300)
    fetcher.clock = lambda: clock[0]
    issuer_host.routes["/doc"] = Route(b"{}", headers={"Cache-Control": "max-age=100000"})
    fetcher.get(issuer_host.url("/doc"))
    clock[0] += timedelta(seconds=299)
    assert fetcher.get(issuer_host.url("/doc")).from_cache
    clock[0] += timedelta(seconds=2)  # max-age is capped at max_ttl (300 s)
    assert not fetcher.get(issuer_host.url("/doc")).from_cache
    fetcher.keep(issuer_host.url("/doc"), 10)  # a status list's ttl
    clock[0] += timedelta(seconds=11)
    assert not fetcher.get(issuer_host.url("/doc")).from_cache
    assert issuer_host.hits["/doc"] == 3


def test_plain_http_only_for_explicit_loopback() -> None:
    with static_server() as server:
        server.routes["/x"] = Route(b"plain")
        assert _fetcher(server, None).get(server.url("/x")).body == b"plain"
        wildcard = Fetcher(FetchPolicy(allowed_hosts=("*.0.0.1",)))
        with pytest.raises(FetchRefused, match="not https"):
            wildcard.get(server.url("/x"))
        # The holder's own link: any host, but still no private address unless named.
        anyone = Fetcher(FetchPolicy(allowed_hosts=("issuer.example",)))
        with pytest.raises(FetchRefused):
            anyone.get(server.url("/x"), consent=True)


def test_cli_fetches_a_bitstring_status_list(
    issuer_host: StaticServer, tls: Tls, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A Data Integrity credential: the did:web key and the W3C status list credential come
    from the issuer's host; a revoked entry is reported as such, with its source."""
    did = did_web_from_url(issuer_host.base)
    key = generate_key("EdDSA", kid=f"{did}#key-1")
    issuer_host.routes["/.well-known/did.json"] = Route(
        json.dumps(did_web_document(did, [key.public])).encode()
    )
    bits = Bitstring.new(131072)
    bits.set(7, 1)
    list_url = issuer_host.url("/status/revocation")
    listed = status_list_credential(
        url=list_url, issuer=did, purpose="revocation", bitstring=bits, valid_from=NOW
    )
    issuer_host.routes["/status/revocation"] = Route(
        json.dumps(
            issue_data_integrity(
                listed, key=key, cryptosuite="eddsa-jcs-2022", now=NOW, verification_method=key.kid
            )
        ).encode()
    )
    document = {
        "@context": [VC_V2],
        "type": ["VerifiableCredential"],
        "issuer": did,
        "validFrom": NOW.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "credentialSubject": {
            "id": "urn:uuid:0c7a7a4e-5d2b-4c1e-9d7e-2f0f7c1b8a11",
            "name": "Sanne",
        },
        "credentialStatus": status_entry(list_url=list_url, index=7, purpose="revocation"),
    }
    signed = issue_data_integrity(
        document, key=key, cryptosuite="eddsa-jcs-2022", now=NOW, verification_method=key.kid
    )
    credential = tmp_path / "credential.json"
    credential.write_text(json.dumps(signed))
    monkeypatch.setenv("KUNDE_FETCH_CA_FILE", str(tls.ca_file))
    answer = CliRunner().invoke(
        cli,
        ["credential", "verify", str(credential), "--json", "--allow-host", _host(issuer_host)],
    )
    assert answer.exit_code == 1, answer.output
    report = json.loads(answer.stdout)
    assert [c["name"] for c in report["checks"] if c["ok"] is False] == ["status"], report
    status = _check(report, "status")
    assert status["detail"].startswith("revoked (status list fetched from")
    assert "key document fetched from" in _check(report, "issuer_key")["detail"]
