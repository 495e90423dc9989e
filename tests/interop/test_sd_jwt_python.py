# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Kunde's SD-JWT VCs against the OpenWallet reference implementation (PyPI sd-jwt 0.10.4)."""

import json
import time
from datetime import UTC, datetime, timedelta

from jwcrypto.jwk import JWK
from sd_jwt.common import SDObj
from sd_jwt.holder import SDJWTHolder
from sd_jwt.issuer import SDJWTIssuer
from sd_jwt.verifier import SDJWTVerifier

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    Disclosable,
    IssuerKeys,
    SdJwtVcPolicy,
    did_key,
    generate_key,
    issue_sd_jwt_vc,
    present,
    public_key_from_jwk,
    verify_sd_jwt_vc,
)

AUD = "https://verifier.test"
NONCE = "interop-nonce"


def test_kunde_credentials_verify_with_the_reference_library():
    issuer_key, holder_key = generate_key("ES256"), generate_key("ES256")
    now = datetime.now(UTC)
    claims = {
        "given_name": Disclosable("Sanne"),
        "skills": [Disclosable({"uri": "http://data.europa.eu/esco/skill/a", "label": "weld"})],
    }
    issuer = did_key(issuer_key.public)
    token = issue_sd_jwt_vc(
        claims,
        issuer=issuer,
        key=issuer_key,
        vct=KUNDE_SKILLS_VCT,
        now=now,
        expires=now + timedelta(days=1),
        holder=holder_key.public,
    )
    presentation = present(
        token, disclose=["*"], holder_key=holder_key, nonce=NONCE, audience=AUD, now=now
    )
    issuer_jwk = JWK.from_json(json.dumps(issuer_key.public.jwk))

    def issuer_key_for(iss, _header):
        assert iss == issuer
        return issuer_jwk

    verified = SDJWTVerifier(presentation, issuer_key_for, AUD, NONCE).get_verified_payload()
    assert verified["given_name"] == "Sanne"
    assert verified["skills"][0]["label"] == "weld"


def test_reference_credentials_verify_with_kunde():
    issuer_key = JWK.generate(kty="EC", crv="P-256")
    holder_key = JWK.generate(kty="EC", crv="P-256")
    iat = int(time.time())
    claims = {
        "iss": "https://issuer.test",
        "iat": iat,
        "exp": iat + 3600,
        "vct": KUNDE_SKILLS_VCT,
        SDObj("given_name"): "Sanne",
        "skills": [
            SDObj({"uri": "http://data.europa.eu/esco/skill/a"}),
            {"uri": "http://data.europa.eu/esco/skill/b"},
        ],
    }
    issued = SDJWTIssuer(
        claims, issuer_key, holder_key, extra_header_parameters={"typ": "dc+sd-jwt"}
    )
    holder = SDJWTHolder(issued.sd_jwt_issuance)
    holder.create_presentation({"given_name": True, "skills": [True, True]}, NONCE, AUD, holder_key)
    public = json.loads(issuer_key.export_public())
    keys = IssuerKeys(static={"https://issuer.test": [public_key_from_jwk(public)]})
    report = verify_sd_jwt_vc(
        holder.sd_jwt_presentation,
        keys=keys,
        now=datetime.now(UTC),
        policy=SdJwtVcPolicy(nonce=NONCE, audience=AUD),
    )
    assert report.valid, report.to_json()
    assert report.claims["given_name"] == "Sanne"
    assert report.claims["skills"] == [
        {"uri": "http://data.europa.eu/esco/skill/a"},
        {"uri": "http://data.europa.eu/esco/skill/b"},
    ]
