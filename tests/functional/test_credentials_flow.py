"""Issue, hold, verify and revoke skills credentials end to end through the app.

An employer issues a skills certificate (SD-JWT VC) and a school a microcredential (Open
Badges 3.0, Data Integrity) by OpenID4VCI; the holder receives one with a wallet written
here on top of the credentials library, the other with Kunde's own wallet; the passport
shows the raised levels; a verifier checks both; the employer revokes, and verification
says so.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from urllib.parse import unquote

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, FORKLIFT, sign_up

from kunde.credentials import generate_key, present, verify_credential
from kunde.credentials.oid4vci import (
    PRE_AUTHORIZED_GRANT,
    parse_offer_link,
    pre_authorized_code,
    proof_jwt,
)

BASE = "http://127.0.0.1:8000"


def _path(url: str) -> str:
    assert url.startswith(BASE), url
    return url.removeprefix(BASE)


def organisation(client: TestClient, headers: dict[str, str], name: str, role: str) -> str:
    answer = client.post(
        "/api/v1/organisations", json={"name": name, "roles": [role]}, headers=headers
    )
    assert answer.status_code == 201, answer.text
    return str(answer.json()["organisation_id"])


def certificate(configuration: str, **extra: Any) -> dict[str, Any]:
    return {
        "kind": "skills-certificate",
        "title": "Forklift driving at Acme",
        "skills": [{"uri": FORKLIFT, "label": "operate forklift", "level": "experienced"}],
        "assessment": {
            "assessor": "Jan Jansen, team lead",
            "method": "workplace observation",
            "purpose": "career step",
            "date": "2025-05-01",
        },
        "subject": {"given_name": "Sanne", "family_name": "de Vries"},
        "configuration_id": configuration,
        **extra,
    }


def microcredential(**extra: Any) -> dict[str, Any]:
    return {
        "kind": "microcredential",
        "title": "Customer service basics",
        "skills": [{"uri": CUSTOMERS, "label": "assist customers", "level": "independent"}],
        "assessment": {
            "assessor": "ROC Example",
            "method": "exam",
            "standard": "Crebo 25001",
            "purpose": "education",
            "date": "2025-06-01",
        },
        "learning": {"eqf_level": 4, "credits": 3, "awarding_body": "ROC Example"},
        "configuration_id": "kunde_skills_ob3",
        **extra,
    }


class LibraryWallet:
    """A wallet built only on the credentials library, speaking HTTP to the app."""

    def __init__(self, client: TestClient) -> None:
        self.client = client
        self.key = generate_key("ES256")

    def receive(self, link: str, tx_code: str | None = None) -> Any:
        reference = parse_offer_link(link)
        assert reference.offer_uri is not None
        offer = self.client.get(_path(reference.offer_uri)).json()
        issuer = offer["credential_issuer"]
        metadata = self.client.get("/.well-known/openid-credential-issuer").json()
        server = self.client.get("/.well-known/oauth-authorization-server").json()
        code, needs_tx = pre_authorized_code(offer)
        form = {"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": code}
        if needs_tx:
            form["tx_code"] = tx_code or ""
        token = self.client.post(_path(server["token_endpoint"]), data=form)
        assert token.status_code == 200, token.text
        nonce = self.client.post(_path(metadata["nonce_endpoint"])).json()["c_nonce"]
        proof = proof_jwt(self.key, audience=issuer, nonce=nonce, now=datetime.now(UTC))
        answer = self.client.post(
            _path(metadata["credential_endpoint"]),
            json={
                "credential_configuration_id": offer["credential_configuration_ids"][0],
                "proofs": {"jwt": [proof]},
            },
            headers={"Authorization": f"Bearer {token.json()['access_token']}"},
        )
        assert answer.status_code == 200, answer.text
        return answer.json()["credentials"][0]["credential"]

    def import_into_kunde(
        self, client: TestClient, credential: str, headers: dict[str, str], key: Any = None
    ) -> Any:
        """Import into Kunde's wallet with a key-binding JWT over a fresh import nonce."""
        challenge = client.post("/api/v1/wallet/binding-nonce", headers=headers)
        assert challenge.status_code == 201, challenge.text
        nonce, audience = challenge.json()["nonce"], challenge.json()["audience"]
        shown = present(
            credential,
            disclose=["*"],
            holder_key=key or self.key,
            nonce=nonce,
            audience=audience,
            now=datetime.now(UTC),
        )
        return client.post(
            "/api/v1/wallet/credentials",
            json={"credential": shown, "nonce": nonce},
            headers=headers,
        )


def _levels(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    passport = client.get("/api/v1/passport", headers=headers).json()
    return {s["concept_uri"]: s["assurance"]["level"] for s in passport["skills"]}


def _check(report: dict[str, Any], name: str) -> Any:
    return next(c["ok"] for c in report["checks"] if c["name"] == name)


def test_employer_and_school_issue_holder_keeps_verifier_checks_issuer_revokes(  # noqa: PLR0915 - one story
    client: TestClient,
) -> None:
    employer = sign_up(client, "boss@acme.example", "Acme HR")
    school = sign_up(client, "office@roc.example", "ROC office")
    holder = sign_up(client, "sanne@example.org", "Sanne")
    acme = organisation(client, employer, "Acme Logistics", "employer")
    roc = organisation(client, school, "ROC Example", "education_provider")

    # The employer offers a skills certificate; a wallet app (built on the library) takes it.
    offer = client.post(
        f"/api/v1/organisations/{acme}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    )
    assert offer.status_code == 201, offer.text
    assert offer.json()["link"].startswith("openid-credential-offer://?credential_offer_uri=")
    qr = client.get(_path(offer.json()["qr_svg"]))
    assert qr.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in qr.text
    app_wallet = LibraryWallet(client)
    sd_jwt = app_wallet.receive(offer.json()["link"])
    assert isinstance(sd_jwt, str)
    assert sd_jwt.count("~") >= 3

    # The DID document is served; the library alone (offline) resolves the key through it.
    did = f"did:web:127.0.0.1%3A8000:orgs:{acme}"
    document = client.get(f"/orgs/{acme}/did.json").json()
    assert document["id"] == did
    offline = verify_credential(sd_jwt, now=datetime.now(UTC))
    assert _check(offline.to_dict(), "issuer_key") is False  # did:web needs a fetch

    # A verifier checks it through the API: every check passes, status read locally.
    report = client.post("/api/v1/credentials/verify", content=sd_jwt).json()
    assert report["valid"] is True, report
    assert report["issuer"] == did
    assert _check(report, "status") is True
    assert _check(report, "trust_list") is True

    # The holder imports it into Kunde's wallet, showing with the wallet app's key that it is
    # theirs: the skill becomes a certificate (2).
    imported = app_wallet.import_into_kunde(client, sd_jwt, holder)
    assert imported.status_code == 201, imported.text
    assert imported.json()["verified"] is True
    assert imported.json()["bound"] is True
    assert _levels(client, holder)[FORKLIFT] == 2

    # The school offers a microcredential with a transaction code; Kunde's wallet redeems it.
    offer = client.post(
        f"/api/v1/organisations/{roc}/offers", json=microcredential(tx_code=True), headers=school
    )
    assert offer.status_code == 201, offer.text
    tx_code = offer.json()["tx_code"]
    assert tx_code is not None
    assert len(tx_code) == 6
    wrong = client.post(
        "/api/v1/wallet/offers",
        json={"offer": offer.json()["link"], "tx_code": "000000" if tx_code != "000000" else "1"},
        headers=holder,
    )
    assert wrong.status_code == 422, wrong.text
    received = client.post(
        "/api/v1/wallet/offers",
        json={"offer": offer.json()["link"], "tx_code": tx_code},
        headers=holder,
    )
    assert received.status_code == 201, received.text
    assert received.json()["format"] == "ob3-rdfc"
    assert received.json()["verified"] is True
    assert _levels(client, holder)[CUSTOMERS] == 3

    # The wallet lists both; each shows what it proves and that it is valid.
    listed = client.get("/api/v1/wallet", headers=holder).json()
    assert {e["title"] for e in listed} == {"Forklift driving at Acme", "Customer service basics"}
    badge_id = received.json()["id"]
    shown = client.get(f"/api/v1/wallet/credentials/{badge_id}", headers=holder).json()
    assert shown["report"]["valid"] is True
    badge = shown["credential"]
    assert client.post("/api/v1/credentials/verify", json=badge).json()["valid"] is True

    # The employer revokes its certificate: the served list and the verifier say so at once.
    issued = client.get(f"/api/v1/organisations/{acme}/credentials", headers=employer).json()
    assert len(issued) == 1
    assert issued[0]["status"] == "active"
    outsider = client.post(f"/api/v1/credentials/{issued[0]['id']}/revoke", headers=school)
    assert outsider.status_code == 404
    revoked = client.post(f"/api/v1/credentials/{issued[0]['id']}/revoke", headers=employer)
    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    report = client.post("/api/v1/credentials/verify", content=sd_jwt).json()
    assert report["valid"] is False
    status = next(c for c in report["checks"] if c["name"] == "status")
    assert status["ok"] is False
    assert status["detail"] == "revoked (status list served by this Kunde instance)"
    again = client.post(f"/api/v1/credentials/{issued[0]['id']}/unsuspend", headers=employer)
    assert again.status_code == 422

    # The school revokes its badge (Open Badges have one status entry: revocation).
    school_issued = client.get(f"/api/v1/organisations/{roc}/credentials", headers=school).json()
    badge_record = school_issued[0]["id"]
    refused = client.post(f"/api/v1/credentials/{badge_record}/suspend", headers=school)
    assert refused.status_code == 422
    client.post(f"/api/v1/credentials/{badge_record}/revoke", headers=school)
    report = client.post("/api/v1/credentials/verify", json=badge).json()
    assert report["valid"] is False
    assert any(c["detail"].startswith("revoked") for c in report["checks"] if c["name"] == "status")
    shown = client.get(f"/api/v1/wallet/credentials/{badge_id}", headers=holder).json()
    assert shown["report"]["valid"] is False


def test_token_nonce_and_offer_rules(client: TestClient) -> None:
    employer = sign_up(client, "boss2@acme.example", "Acme HR")
    acme = organisation(client, employer, "Acme", "employer")
    offer = client.post(
        f"/api/v1/organisations/{acme}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=employer,
    ).json()
    uri = unquote(offer["link"].split("credential_offer_uri=")[1])
    code, _ = pre_authorized_code(client.get(_path(uri)).json())
    bad = client.post(
        "/api/v1/oid4vci/token",
        data={"grant_type": "authorization_code", "pre-authorized_code": code},
    )
    assert bad.json()["error"] == "unsupported_grant_type"
    form = {"grant_type": PRE_AUTHORIZED_GRANT, "pre-authorized_code": code}
    access = client.post("/api/v1/oid4vci/token", data=form).json()["access_token"]
    reused = client.post("/api/v1/oid4vci/token", data=form)
    assert reused.status_code == 400
    assert reused.json()["error"] == "invalid_grant"

    key = generate_key("EdDSA")
    now = datetime.now(UTC)
    body = {"credential_configuration_id": "kunde_skills_sd_jwt"}
    bearer = {"Authorization": f"Bearer {access}"}
    made_up = proof_jwt(key, audience=BASE, nonce="made-up", now=now)
    answer = client.post(
        "/api/v1/oid4vci/credential", json={**body, "proofs": {"jwt": [made_up]}}, headers=bearer
    )
    assert answer.json()["error"] == "invalid_nonce"
    nonce = client.post("/api/v1/oid4vci/nonce").json()["c_nonce"]
    elsewhere = proof_jwt(key, audience="https://other.example", nonce=nonce, now=now)
    answer = client.post(
        "/api/v1/oid4vci/credential", json={**body, "proofs": {"jwt": [elsewhere]}}, headers=bearer
    )
    assert answer.json()["error"] == "invalid_proof"
    good = proof_jwt(key, audience=BASE, nonce=nonce, now=now)
    answer = client.post(
        "/api/v1/oid4vci/credential", json={**body, "proofs": {"jwt": [good]}}, headers=bearer
    )
    assert answer.status_code == 200, answer.text
    replay = client.post(
        "/api/v1/oid4vci/credential", json={**body, "proofs": {"jwt": [good]}}, headers=bearer
    )
    assert replay.status_code == 401
    no_token = client.post("/api/v1/oid4vci/credential", json=body)
    assert no_token.json()["error"] == "invalid_token"

    # Key rotation keeps the credential issued before it verifiable.
    credential = answer.json()["credentials"][0]["credential"]
    rotated = client.post(f"/api/v1/organisations/{acme}/keys/rotate", headers=employer)
    assert rotated.status_code == 200, rotated.text
    assert len(rotated.json()["keys"]) == 4
    assert client.post("/api/v1/credentials/verify", content=credential).json()["valid"] is True


def test_metadata_and_refusals(client: TestClient) -> None:
    metadata = client.get("/.well-known/openid-credential-issuer").json()
    assert metadata["credential_issuer"] == BASE
    assert set(metadata["credential_configurations_supported"]) == {
        "kunde_skills_sd_jwt",
        "kunde_skills_ob3",
    }
    person = sign_up(client, "someone@example.org")
    counsel = organisation(client, person, "Advice Desk", "counselling")
    refused = client.post(
        f"/api/v1/organisations/{counsel}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=person,
    )
    assert refused.status_code == 403
    assert client.get(f"/orgs/{counsel}/did.json").status_code == 404
    garbage = client.post("/api/v1/credentials/verify", content="not a credential")
    assert garbage.status_code == 422
    assert garbage.headers["content-type"] == "application/problem+json"
    foreign = client.post(
        "/api/v1/wallet/offers",
        json={
            "offer": "openid-credential-offer://?credential_offer_uri=https%3A%2F%2Fx.example%2Fo"
        },
        headers=person,
    )
    assert foreign.status_code == 422
    assert "another issuer" in foreign.json()["detail"]


def _reason(client: TestClient, headers: dict[str, str], concept: str) -> str:
    passport = client.get("/api/v1/passport", headers=headers).json()
    skill = next(s for s in passport["skills"] if s["concept_uri"] == concept)
    return str(skill["assurance"]["reason_code"])


def test_an_imported_credential_counts_only_for_the_holder_of_its_key(client: TestClient) -> None:
    school = sign_up(client, "office@school.example", "School office")
    roc = organisation(client, school, "ROC Binding", "education_provider")
    offer = client.post(
        f"/api/v1/organisations/{roc}/offers",
        json=microcredential(configuration_id="kunde_skills_sd_jwt"),
        headers=school,
    )
    assert offer.status_code == 201, offer.text
    app_wallet = LibraryWallet(client)
    sd_jwt = app_wallet.receive(offer.json()["link"])

    # Someone with only the file: kept as "not bound to you", the skill stays a statement (1).
    finder = sign_up(client, "finder@example.org", "Finder")
    plain = client.post("/api/v1/wallet/credentials", content=sd_jwt, headers=finder)
    assert plain.status_code == 201, plain.text
    assert plain.json()["verified"] is True
    assert plain.json()["bound"] is False
    assert _levels(client, finder)[CUSTOMERS] == 1
    assert _reason(client, finder, CUSTOMERS) == "credential_unbound"
    assert client.get("/api/v1/wallet", headers=finder).json()[0]["bound"] is False
    # A key-binding JWT by another key than the credential's does not make it theirs.
    stranger = generate_key("ES256")
    wrong_key = app_wallet.import_into_kunde(client, sd_jwt, finder, key=stranger)
    assert wrong_key.status_code == 422
    assert "holder_binding" in wrong_key.json()["detail"]

    # The holder of the key shows it: the credential proves the skill (3).
    holder = sign_up(client, "learner@example.org", "Learner")
    bound = app_wallet.import_into_kunde(client, sd_jwt, holder)
    assert bound.status_code == 201, bound.text
    assert bound.json()["bound"] is True
    assert _levels(client, holder)[CUSTOMERS] == 3
    kept = client.get(f"/api/v1/wallet/credentials/{bound.json()['id']}", headers=holder).json()
    assert kept["credential"].endswith("~")  # kept without the one-time key-binding JWT
    assert kept["report"]["valid"] is True

    # A nonce is single-use and belongs to the account that asked for it.
    challenge = client.post("/api/v1/wallet/binding-nonce", headers=holder).json()
    shown = present(
        sd_jwt,
        disclose=["*"],
        holder_key=app_wallet.key,
        nonce=challenge["nonce"],
        audience=challenge["audience"],
        now=datetime.now(UTC),
    )
    body = {"credential": shown, "nonce": challenge["nonce"]}
    other = client.post("/api/v1/wallet/credentials", json=body, headers=finder)
    assert other.status_code == 422
    assert "unknown, used or expired" in other.json()["detail"]
    first = client.post("/api/v1/wallet/credentials", json=body, headers=holder)
    assert first.status_code == 201, first.text
    replay = client.post("/api/v1/wallet/credentials", json=body, headers=holder)
    assert replay.status_code == 422

    # Received by Kunde's own wallet (OpenID4VCI to its own key): bound without more ado.
    again = client.post(
        f"/api/v1/organisations/{roc}/offers",
        json=microcredential(configuration_id="kunde_skills_sd_jwt"),
        headers=school,
    )
    own = sign_up(client, "own@example.org", "Own wallet")
    received = client.post(
        "/api/v1/wallet/offers", json={"offer": again.json()["link"]}, headers=own
    )
    assert received.status_code == 201, received.text
    assert received.json()["bound"] is True
    assert _levels(client, own)[CUSTOMERS] == 3
