# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Kunde against npm @sd-jwt/sd-jwt-vc 0.19.0 and @digitalbazaar/vc 7.3.0 (both ways).

Run ``make interop-deps`` first (npm ci in tests/interop/node).
"""

import json
import os
import shutil
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    DidResolver,
    Disclosable,
    IssuerKeys,
    SdJwtVcPolicy,
    SkillsCredential,
    build_achievement_credential,
    did_key,
    generate_key,
    issue_data_integrity,
    issue_sd_jwt_vc,
    present,
    verify_credential,
    verify_data_integrity,
    verify_sd_jwt_vc,
)
from kunde.credentials.keys import ed25519_private_from_seed
from kunde.credentials.presentation import present_data_integrity
from kunde.web.app import create_app

NODE_DIR = Path(__file__).parent / "node"
pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.skipif(
        not (NODE_DIR / "node_modules").exists(),
        reason="run `make interop-deps` to install the npm packages",
    ),
]


def node(script, command, payload):
    result = subprocess.run(  # noqa: S603 - fixed script paths, JSON on stdin
        ["node", str(NODE_DIR / script), command],  # noqa: S607 - node from PATH on purpose
        input=json.dumps(payload),
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return json.loads(result.stdout)


def test_kunde_sd_jwt_vc_verifies_with_sd_jwt_js():
    issuer, holder = generate_key("ES256"), generate_key("ES256")
    now = datetime.now(UTC)
    token = issue_sd_jwt_vc(
        {"given_name": Disclosable("Sanne")},
        issuer=did_key(issuer.public),
        key=issuer,
        vct=KUNDE_SKILLS_VCT,
        now=now,
        holder=holder.public,
    )
    shown = present(
        token, disclose=["*"], holder_key=holder, nonce="n-1", audience="https://v.test", now=now
    )
    out = node(
        "sd-jwt-vc.mjs",
        "verify",
        {"token": shown, "issuerJwk": issuer.public.jwk, "nonce": "n-1", "aud": "https://v.test"},
    )
    assert out["verified"], out
    assert out["claims"]["given_name"] == "Sanne"


def test_sd_jwt_js_credential_verifies_with_kunde():
    issuer, holder = generate_key("ES256"), generate_key("ES256")
    out = node(
        "sd-jwt-vc.mjs",
        "issue",
        {
            "issuerJwk": issuer.private_jwk,
            "holderJwk": holder.private_jwk,
            "nonce": "n-1",
            "aud": "https://v.test",
            "iss": "https://issuer.test",
            "vct": KUNDE_SKILLS_VCT,
        },
    )
    report = verify_sd_jwt_vc(
        out["token"],
        keys=IssuerKeys(static={"https://issuer.test": [issuer.public]}),
        now=datetime.now(UTC),
        policy=SdJwtVcPolicy(nonce="n-1", audience="https://v.test"),
    )
    assert report.valid, report.to_json()
    assert report.claims["skills"] == [{"uri": "http://data.europa.eu/esco/skill/a"}]


CREDENTIAL = {
    "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://www.w3.org/ns/credentials/examples/v2",
    ],
    "type": ["VerifiableCredential"],
    "validFrom": "2025-01-01T00:00:00Z",
    "credentialSubject": {"id": "did:example:holder", "name": "Sanne"},
}


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_data_integrity_both_ways_with_digitalbazaar_vc(suite):
    seed = os.urandom(32)
    key = ed25519_private_from_seed(seed)
    now = datetime.now(UTC).replace(microsecond=0)
    ours = issue_data_integrity(
        {**CREDENTIAL, "issuer": did_key(key.public)}, key=key, cryptosuite=suite, now=now
    )
    assert node("di.mjs", "verify", {"credential": ours})["verified"]
    tampered = {**ours, "credentialSubject": {"id": "did:example:holder", "name": "Mallory"}}
    assert not node("di.mjs", "verify", {"credential": tampered})["verified"]
    theirs = node("di.mjs", "issue", {"credential": CREDENTIAL, "seed": seed.hex(), "suite": suite})
    report = verify_data_integrity(theirs, dids=DidResolver(), now=now)
    assert report.valid, report.to_json()


DOMAIN = "https://kunde.example/wallet"
SKILL = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"  # assist customers


def _badge_for(holder_did, suite, issuer=None):
    issuer = issuer or generate_key("EdDSA")
    content = SkillsCredential.from_dict(
        {
            "kind": "microcredential",
            "title": "Customer service basics",
            "skills": [{"uri": SKILL, "label": "assist customers", "level": "independent"}],
            "assessment": {"assessor": "ROC Example", "method": "exam"},
            "subject_id": holder_did,
        }
    )
    now = datetime.now(UTC).replace(microsecond=0)
    document = build_achievement_credential(
        content,
        credential_id=f"urn:uuid:{uuid.uuid4()}",
        issuer=did_key(issuer.public),
        issuer_name="ROC Example",
        valid_from=now,
    )
    return issue_data_integrity(document, key=issuer, cryptosuite=suite, now=now)


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_kunde_presentation_verifies_with_digitalbazaar_vc(suite):
    holder = ed25519_private_from_seed(os.urandom(32))
    credential = _badge_for(did_key(holder.public), suite)
    vp = present_data_integrity(
        credential,
        holder_key=holder,
        challenge="n-1",
        domain=DOMAIN,
        now=datetime.now(UTC).replace(microsecond=0),
        cryptosuite=suite,
    )
    payload = {"presentation": vp, "challenge": "n-1", "domain": DOMAIN}
    out = node("di.mjs", "verify-presentation", payload)
    assert out["verified"], out
    assert out["credentials"] == [True]
    wrong = node("di.mjs", "verify-presentation", {**payload, "challenge": "n-2"})
    assert not wrong["verified"]
    assert "challenge" in wrong["error"]
    other_domain = node("di.mjs", "verify-presentation", {**payload, "domain": "https://x.test"})
    assert not other_domain["verified"]


@pytest.mark.parametrize("suite", ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
def test_digitalbazaar_presentation_verifies_with_kunde(suite):
    seed = os.urandom(32)
    holder = ed25519_private_from_seed(seed)
    credential = _badge_for(did_key(holder.public), suite)
    payload = {"credential": credential, "seed": seed.hex(), "suite": suite}
    theirs = node("di.mjs", "present", {**payload, "challenge": "n-1", "domain": DOMAIN})
    now = datetime.now(UTC)
    report = verify_credential(theirs, now=now, nonce="n-1", audience=DOMAIN)
    assert report.valid, report.to_json()
    assert report.check("holder_binding").ok is True
    wrong = verify_credential(theirs, now=now, nonce="n-2", audience=DOMAIN)
    assert wrong.check("holder_binding").ok is False
    # Signed by someone else's DID: the credential is not theirs to show.
    stranger = node("di.mjs", "present", {**payload, "seed": os.urandom(32).hex(),
                                          "challenge": "n-1", "domain": DOMAIN})  # fmt: skip
    refused = verify_credential(stranger, now=now, nonce="n-1", audience=DOMAIN)
    assert "not by the credential's holder" in refused.check("holder_binding").detail


def test_digitalbazaar_presentation_imports_into_kunde_as_bound(
    settings, database, taxonomy, keys, tmp_path
):
    issuer = generate_key("EdDSA")
    trusted = tmp_path / "trust.json"
    trusted.write_text(json.dumps({"issuers": [{"id": did_key(issuer.public), "name": "ROC"}]}))
    app = create_app(
        settings.model_copy(update={"trust_list_file": trusted}),
        database=database,
        taxonomy=taxonomy,
        keys=keys,
    )
    with TestClient(app) as client:
        password = "correct horse battery staple"
        made = client.post(
            "/api/v1/accounts",
            json={"email": "anna@example.org", "password": password, "display_name": "Anna"},
        )
        assert made.status_code == 201, made.text
        login = {"grant_type": "password", "username": "anna@example.org", "password": password}
        token = client.post("/api/v1/auth/token", data=login).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        seed = os.urandom(32)
        holder_did = did_key(ed25519_private_from_seed(seed).public)
        credential = _badge_for(holder_did, "eddsa-rdfc-2022", issuer)
        challenge = client.post("/api/v1/wallet/binding-nonce", headers=headers).json()
        theirs = node(
            "di.mjs",
            "present",
            {
                "credential": credential,
                "seed": seed.hex(),
                "suite": "eddsa-jcs-2022",
                "challenge": challenge["nonce"],
                "domain": challenge["audience"],
            },
        )
        body = {"credential": theirs, "nonce": challenge["nonce"]}
        answer = client.post("/api/v1/wallet/credentials", json=body, headers=headers)
        assert answer.status_code == 201, answer.text
        assert answer.json()["bound"] is True
        assert answer.json()["format"] == "ob3-rdfc"
        checks = {c["name"]: c["ok"] for c in answer.json()["report"]["checks"]}
        assert checks["holder_binding"] is True
        assert checks["trust_list"] is True
        kept = client.get(f"/api/v1/wallet/credentials/{answer.json()['id']}", headers=headers)
        assert kept.json()["credential"] == credential  # kept without the presentation
