# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Kunde against npm @sd-jwt/sd-jwt-vc 0.19.0 and @digitalbazaar/vc 7.3.0 (both ways).

Run ``make interop-deps`` first (npm ci in tests/interop/node).
"""

import json
import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    DidResolver,
    Disclosable,
    IssuerKeys,
    SdJwtVcPolicy,
    did_key,
    generate_key,
    issue_data_integrity,
    issue_sd_jwt_vc,
    present,
    verify_data_integrity,
    verify_sd_jwt_vc,
)
from kunde.credentials.keys import ed25519_private_from_seed

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
