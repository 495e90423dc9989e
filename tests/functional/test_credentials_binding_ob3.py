"""An Open Badge counts for the importer only when it is theirs: issued to the DID of the
wallet's own key, or imported inside a Verifiable Presentation signed by the badge's
subject DID over a fresh import nonce (challenge) for this wallet (domain)."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, sign_up
from test_credentials_flow import LibraryWallet, microcredential, organisation
from test_credentials_pages import csrf
from test_credentials_pages import sign_up as page_sign_up

from kunde.config import Settings
from kunde.credentials import (
    SkillsCredential,
    build_achievement_credential,
    did_key,
    generate_key,
    issue_data_integrity,
)
from kunde.credentials.presentation import present_data_integrity
from kunde.db.session import Database
from kunde.passport import KeyRing
from kunde.taxonomy.service import TaxonomyService
from kunde.web.app import create_app

HTML = {"Accept": "text/html"}


def _levels(client: TestClient, headers: dict[str, str]) -> dict[str, int]:
    passport = client.get("/api/v1/passport", headers=headers).json()
    return {s["concept_uri"]: s["assurance"]["level"] for s in passport["skills"]}


def _challenge(client: TestClient, headers: dict[str, str]) -> dict[str, Any]:
    answer = client.post("/api/v1/wallet/binding-nonce", headers=headers)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def _present(badge: dict[str, Any], key: Any, nonce: str, domain: str) -> dict[str, Any]:
    return present_data_integrity(
        badge,
        holder_key=key,
        challenge=nonce,
        domain=domain,
        now=datetime.now(UTC).replace(microsecond=0),
        cryptosuite="eddsa-rdfc-2022",
    )


def _import(client: TestClient, headers: dict[str, str], body: Any) -> Any:
    return client.post("/api/v1/wallet/credentials", json=body, headers=headers)


def test_an_open_badge_counts_only_for_the_holder_of_its_did(client: TestClient) -> None:  # noqa: PLR0915 - one story
    school = sign_up(client, "office@school.example", "School office")
    roc = organisation(client, school, "ROC Badges", "education_provider")
    offer = client.post(
        f"/api/v1/organisations/{roc}/offers", json=microcredential(), headers=school
    )
    assert offer.status_code == 201, offer.text
    app_wallet = LibraryWallet(client)
    app_wallet.key = generate_key("EdDSA")
    badge = app_wallet.receive(offer.json()["link"])
    # Kunde's issuer puts the did:key of the key proven over OpenID4VCI into the badge.
    assert badge["credentialSubject"]["id"] == did_key(app_wallet.key.public)

    # Someone with only the file: kept as "not bound to you", the skill stays a statement (1).
    finder = sign_up(client, "finder@example.org", "Finder")
    plain = _import(client, finder, badge)
    assert plain.status_code == 201, plain.text
    assert plain.json()["verified"] is True
    assert plain.json()["bound"] is False
    assert _levels(client, finder)[CUSTOMERS] == 1

    # A presentation signed by another DID, or for another challenge or domain, is refused.
    challenge = _challenge(client, finder)
    stranger = generate_key("EdDSA")
    signed_by_other = _present(badge, stranger, challenge["nonce"], challenge["audience"])
    refused = _import(client, finder, {"credential": signed_by_other, "nonce": challenge["nonce"]})
    assert refused.status_code == 422
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert "holder_binding: the presentation is signed by" in refused.json()["detail"]
    assert "not by the credential's holder" in refused.json()["detail"]
    binding = next(c for c in refused.json()["report"]["checks"] if c["name"] == "holder_binding")
    assert binding["ok"] is False

    holder = sign_up(client, "learner@example.org", "Learner")
    challenge = _challenge(client, holder)
    for nonce, domain, words in [
        ("not-the-nonce", challenge["audience"], "wrong challenge"),
        (challenge["nonce"], "https://elsewhere.example/wallet", "wrong domain"),
    ]:
        vp = _present(badge, app_wallet.key, nonce, domain)
        wrong = _import(client, holder, {"credential": vp, "nonce": challenge["nonce"]})
        assert wrong.status_code == 422, wrong.text
        assert words in wrong.json()["detail"]
    assert client.get("/api/v1/wallet", headers=holder).json() == []  # nothing half-written

    # The holder of the DID shows it: the badge proves the skill (3), kept without the VP.
    vp = _present(badge, app_wallet.key, challenge["nonce"], challenge["audience"])
    body = {"credential": vp, "nonce": challenge["nonce"]}
    other_account = _import(client, finder, body)
    assert other_account.status_code == 422
    assert "unknown, used or expired" in other_account.json()["detail"]
    bound = _import(client, holder, body)
    assert bound.status_code == 201, bound.text
    assert bound.json()["bound"] is True
    assert bound.json()["verified"] is True
    assert _levels(client, holder)[CUSTOMERS] == 3
    kept = client.get(f"/api/v1/wallet/credentials/{bound.json()['id']}", headers=holder).json()
    assert kept["credential"] == badge
    assert kept["report"]["valid"] is True
    replay = _import(client, holder, body)
    assert replay.status_code == 422
    assert "unknown, used or expired" in replay.json()["detail"]

    # A presentation as a plain import (no nonce) is unwrapped and kept as not bound.
    third = sign_up(client, "third@example.org", "Third")
    unwrapped = _import(client, third, vp)
    assert unwrapped.status_code == 201, unwrapped.text
    assert unwrapped.json()["bound"] is False

    # Received by Kunde's own wallet (OpenID4VCI to its own key's did:key): bound.
    again = client.post(
        f"/api/v1/organisations/{roc}/offers", json=microcredential(), headers=school
    )
    own = sign_up(client, "own@example.org", "Own wallet")
    received = client.post(
        "/api/v1/wallet/offers", json={"offer": again.json()["link"]}, headers=own
    )
    assert received.status_code == 201, received.text
    assert received.json()["bound"] is True
    assert _levels(client, own)[CUSTOMERS] == 3


def _badge_without_did(issuer: Any) -> dict[str, Any]:
    now = datetime.now(UTC).replace(microsecond=0)
    content = SkillsCredential.from_dict(
        {
            "kind": "microcredential",
            "title": "Customer service basics",
            "skills": [{"uri": CUSTOMERS, "label": "assist customers", "level": "independent"}],
            "assessment": {"assessor": "ROC Example", "method": "exam"},
        }
    )
    document = build_achievement_credential(
        content,
        credential_id="urn:uuid:0b8a1f8e-7d0e-4a8e-9b1c-2f7e6a1d3c44",
        issuer=did_key(issuer.public),
        issuer_name="ROC Example",
        valid_from=now - timedelta(days=1),
    )
    return issue_data_integrity(document, key=issuer, cryptosuite="eddsa-jcs-2022", now=now)


def test_a_badge_without_a_did_subject_stays_not_bound(
    settings: Settings,
    database: Database,
    taxonomy: TaxonomyService,
    keys: KeyRing,
    tmp_path: Path,
) -> None:
    issuer = generate_key("EdDSA")
    trusted = tmp_path / "trust.json"
    trusted.write_text(json.dumps({"issuers": [{"id": did_key(issuer.public)}]}))
    app = create_app(
        settings.model_copy(update={"trust_list_file": trusted}),
        database=database,
        taxonomy=taxonomy,
        keys=keys,
    )
    badge = _badge_without_did(issuer)
    with TestClient(app) as client:
        holder = sign_up(client, "anna@example.org", "Anna")
        plain = _import(client, holder, badge)
        assert plain.status_code == 201, plain.text
        assert plain.json()["bound"] is False
        assert plain.json()["names_holder"] is False
        assert _levels(client, holder)[CUSTOMERS] == 1

        challenge = _challenge(client, holder)
        vp = _present(badge, generate_key("EdDSA"), challenge["nonce"], challenge["audience"])
        refused = _import(client, holder, {"credential": vp, "nonce": challenge["nonce"]})
        assert refused.status_code == 422
        assert "names no DID of its holder" in refused.json()["detail"]

        page_sign_up(client, "page-anna@example.org")
        wallet = client.get("/wallet?lang=en", headers=HTML)
        added = client.post(
            "/wallet/import?lang=en",
            headers=HTML,
            data={"csrf_token": csrf(wallet.text), "text": json.dumps(badge)},
            files={"upload": ("", b"", "application/octet-stream")},
        )
        assert added.status_code == 200, added.text
        assert "does not say who it was given to" in added.text


def test_the_wallet_page_takes_a_presentation_of_a_badge(client: TestClient) -> None:
    school = sign_up(client, "office@school.example", "School office")
    roc = organisation(client, school, "ROC Page", "education_provider")
    offer = client.post(
        f"/api/v1/organisations/{roc}/offers", json=microcredential(), headers=school
    )
    app_wallet = LibraryWallet(client)
    app_wallet.key = generate_key("EdDSA")
    badge = app_wallet.receive(offer.json()["link"])
    empty_file = {"upload": ("", b"", "application/octet-stream")}

    page_sign_up(client, "page-learner@example.org")
    wallet = client.get("/wallet?lang=en", headers=HTML)
    asked = client.post(
        "/wallet/import/nonce?lang=en", headers=HTML, data={"csrf_token": csrf(wallet.text)}
    )
    assert "For an Open Badge" in asked.text
    nonce = re.search(r'<code id="binding-nonce">([^<]+)</code>', asked.text)
    audience = re.search(r'<code id="binding-audience">([^<]+)</code>', asked.text)
    assert nonce
    assert audience

    # Signed for another challenge: the page says why, and keeps the code for a new try.
    form = {"csrf_token": csrf(asked.text), "nonce": nonce.group(1)}
    wrong = _present(badge, app_wallet.key, "other", audience.group(1))
    refused = client.post(
        "/wallet/import?lang=en",
        headers=HTML,
        data={**form, "text": json.dumps(wrong)},
        files=empty_file,
    )
    assert refused.status_code == 422
    assert "wrong challenge" in refused.text
    assert f'name="nonce" value="{nonce.group(1)}"' in refused.text

    vp = _present(badge, app_wallet.key, nonce.group(1), audience.group(1))
    proved = client.post(
        "/wallet/import?lang=en",
        headers=HTML,
        data={**form, "text": json.dumps(vp)},
        files=empty_file,
    )
    assert proved.status_code == 200, proved.text
    assert "Not bound to you" not in proved.text
    assert "This credential is valid" in proved.text
    levels = client.get("/api/v1/passport", headers={"X-CSRF-Token": csrf(proved.text)}).json()
    assert {s["concept_uri"]: s["assurance"]["level"] for s in levels["skills"]}[CUSTOMERS] == 3
