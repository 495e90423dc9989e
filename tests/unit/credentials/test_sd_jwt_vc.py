# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
import json
from datetime import UTC, datetime, timedelta

import pytest

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    Assessment,
    CredentialKind,
    Disclosable,
    InMemoryNonces,
    IssuerKeys,
    SdJwtVcPolicy,
    Skill,
    SkillsCredential,
    StatusList,
    StatusReference,
    TrustList,
    did_key,
    generate_key,
    issue_sd_jwt_vc,
    issue_status_list_token,
    present,
    skills_claims,
    verify_sd_jwt_vc,
)
from kunde.credentials._encoding import b64url_decode, b64url_encode, compact_json
from kunde.credentials.sdjwt import make_disclosure, parse_sd_jwt
from kunde.credentials.status_list import INVALID, SUSPENDED
from kunde.credentials.testing import seeded_random
from kunde.credentials.vct_schemas import json_schema

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)

STATUS_URI = "https://issuer.test/status/1"
CONTENT = SkillsCredential(
    kind=CredentialKind.SKILLS_CERTIFICATE,
    title="Forklift operation",
    skills=(
        Skill("http://data.europa.eu/esco/skill/a", "operate forklift", "proficient"),
        Skill("http://data.europa.eu/esco/skill/b", "load goods", None),
    ),
    assessment=Assessment("Acme", "workplace observation", "Acme safety 2024", "employment"),
    subject={"given_name": "Sanne", "family_name": "de Vries"},
)


def issue(key, holder, **kwargs):
    options = {
        "issuer": did_key(key.public),
        "key": key,
        "vct": KUNDE_SKILLS_VCT,
        "now": NOW,
        "expires": NOW + timedelta(days=365),
        "holder": holder.public,
        "random": seeded_random(1),
    }
    options.update(kwargs)
    return issue_sd_jwt_vc(skills_claims(CONTENT), **options)


def kb_present(token, holder, disclose=("*",), nonce="n-1", aud="https://verifier.test"):
    return present(token, disclose=disclose, holder_key=holder, nonce=nonce, audience=aud, now=NOW)


def check(token, **kwargs):
    kwargs.setdefault("keys", IssuerKeys())
    kwargs.setdefault("now", NOW)
    kwargs.setdefault("policy", SdJwtVcPolicy(nonce="n-1", audience="https://verifier.test"))
    return verify_sd_jwt_vc(token, **kwargs)


def failed(report):
    return {c.name for c in report.failures()}


@pytest.mark.parametrize("alg", ["ES256", "EdDSA"])
def test_issue_present_verify(alg, holder_key):
    key = generate_key(alg)
    token = issue(key, holder_key, decoys=2)
    report = check(kb_present(token, holder_key, disclose=["skills.0", "given_name"]))
    assert report.valid, report.to_json()
    assert report.claims is not None
    assert report.claims["given_name"] == "Sanne"
    assert "family_name" not in report.claims
    assert report.claims["skills"] == [
        {
            "uri": "http://data.europa.eu/esco/skill/a",
            "label": "operate forklift",
            "level": "proficient",
        }
    ]
    assert report.claims["assessment"]["method"] == "workplace observation"
    assert {c.name for c in report.checks} >= {
        "signature", "issuer_key", "trust_list", "validity", "status", "holder_binding", "type",
        "disclosures",
    }  # fmt: skip
    assert json.loads(report.to_json())["valid"] is True


def test_every_skill_and_personal_field_is_disclosable(es256_key, holder_key):
    payload = json.loads(b64url_decode(issue(es256_key, holder_key).split(".")[1]))
    assert "given_name" not in payload
    assert "family_name" not in payload
    assert all(set(item) == {"..."} for item in payload["skills"])


def test_salts_come_from_the_injected_random_source(es256_key, holder_key):
    # ECDSA signatures are randomised; the disclosures (and the signed payload) are not.
    def disclosures(token):
        return token.partition("~")[2]

    def payload(token):
        return token.split(".")[1]

    first, second = issue(es256_key, holder_key), issue(es256_key, holder_key)
    assert disclosures(first) == disclosures(second)
    assert payload(first) == payload(second)
    assert disclosures(first) != disclosures(issue(es256_key, holder_key, random=seeded_random(2)))


def _resign(token, key, header=None, payload_change=None):
    jwt, _, rest = token.partition("~")
    head, body, _ = jwt.split(".")
    header_obj = header if header is not None else json.loads(b64url_decode(head))
    payload = json.loads(b64url_decode(body))
    if payload_change:
        payload.update(payload_change)
    signing_input = (
        b64url_encode(compact_json(header_obj)) + "." + b64url_encode(compact_json(payload))
    )
    signature = key.sign(signing_input.encode()) if key else b""
    return f"{signing_input}.{b64url_encode(signature)}~{rest}"


def test_alg_none_and_symmetric_algorithms_are_rejected(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    for alg in ("none", "HS256"):
        forged = _resign(token, None, header={"alg": alg, "typ": "dc+sd-jwt"})
        report = check(forged, policy=SdJwtVcPolicy())
        assert not report.valid
        assert "signature" in failed(report)


def test_algorithm_key_confusion_is_rejected(ed_key, holder_key):
    token = issue(ed_key, holder_key)
    kid = json.loads(b64url_decode(token.split(".")[0]))["kid"]
    forged = _resign(token, ed_key, header={"alg": "ES256", "typ": "dc+sd-jwt", "kid": kid})
    report = check(forged, policy=SdJwtVcPolicy())
    assert "issuer_key" in failed(report)


def test_a_signature_by_another_key_fails(es256_key, holder_key):
    forged = _resign(issue(es256_key, holder_key), generate_key("ES256"))
    assert "signature" in failed(check(forged, policy=SdJwtVcPolicy()))


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"exp": int((NOW - timedelta(hours=1)).timestamp())}, "expired"),
        ({"nbf": int((NOW + timedelta(hours=1)).timestamp())}, "not yet valid"),
        ({"iat": int((NOW + timedelta(hours=1)).timestamp())}, "future"),
    ],
)
def test_validity_period(es256_key, holder_key, change, reason):
    token = _resign(issue(es256_key, holder_key), es256_key, payload_change=change)
    report = check(token, policy=SdJwtVcPolicy())
    assert report.check("validity").ok is False
    assert reason in report.check("validity").detail


def test_leeway_tolerates_small_clock_skew(es256_key, holder_key):
    change = {"iat": int((NOW + timedelta(seconds=30)).timestamp())}
    token = _resign(issue(es256_key, holder_key), es256_key, payload_change=change)
    assert check(token, policy=SdJwtVcPolicy()).check("validity").ok


def test_tampered_disclosure_is_rejected(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    parsed = parse_sd_jwt(token)
    victim = next(d for d in parsed.disclosures if d.name == "given_name")
    fake = make_disclosure(victim.salt, "given_name", "Mallory")
    report = check(token.replace(victim.encoded, fake.encoded), policy=SdJwtVcPolicy())
    assert "disclosures" in failed(report)
    assert "not referenced" in report.check("disclosures").detail


def test_unreferenced_and_duplicate_disclosures_are_rejected(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    extra = make_disclosure("c2FsdA", "admin", value=True)
    report = check(token + extra.encoded + "~", policy=SdJwtVcPolicy())
    assert "disclosures" in failed(report)
    first = parse_sd_jwt(token).disclosures[0].encoded
    report = check(token + first + "~", policy=SdJwtVcPolicy())
    assert "twice" in report.check("disclosures").detail


def test_duplicate_digests_in_the_payload_are_rejected(es256_key):
    claims = {"a": Disclosable(1)}
    token = issue_sd_jwt_vc(
        claims, issuer=did_key(es256_key.public), key=es256_key, vct="x", now=NOW
    )
    payload = json.loads(b64url_decode(token.split(".")[1]))
    digest = payload["_sd"][0]
    forged = _resign(token, es256_key, payload_change={"_sd": [digest], "b": {"_sd": [digest]}})
    report = check(forged, policy=SdJwtVcPolicy())
    assert "more than once" in report.check("disclosures").detail


def test_a_disclosure_may_not_overwrite_a_plain_claim(es256_key):
    token = issue_sd_jwt_vc(
        {"title": Disclosable("fake")},
        issuer=did_key(es256_key.public),
        key=es256_key,
        vct="x",
        now=NOW,
    )
    forged = _resign(token, es256_key, payload_change={"title": "real"})
    assert "overwrite" in check(forged, policy=SdJwtVcPolicy()).check("disclosures").detail


def test_holder_binding_nonce_audience_freshness_and_replay(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    good = kb_present(token, holder_key)
    assert check(good).valid
    assert "holder_binding" in failed(check(kb_present(token, holder_key, nonce="other")))
    assert "holder_binding" in failed(check(kb_present(token, holder_key, aud="https://evil.test")))
    later = NOW + timedelta(minutes=10)
    assert "too old" in check(good, now=later).check("holder_binding").detail
    nonces = InMemoryNonces()
    assert check(good, nonces=nonces).valid
    assert "replay" in check(good, nonces=nonces).check("holder_binding").detail


def test_key_binding_by_another_key_or_missing_fails(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    assert "holder_binding" in failed(check(kb_present(token, generate_key("ES256"))))
    assert "holder_binding" in failed(check(present(token, disclose=["*"])))
    # without a verifier policy, key binding is optional and not checked
    assert check(present(token, disclose=["*"]), policy=SdJwtVcPolicy()).valid


def test_dropping_a_disclosure_after_key_binding_breaks_sd_hash(es256_key, holder_key):
    presented = kb_present(issue(es256_key, holder_key), holder_key)
    parts = presented.split("~")
    shortened = "~".join(parts[:1] + parts[2:])
    assert "sd_hash" in check(shortened).check("holder_binding").detail


@pytest.mark.parametrize(
    ("value", "ok", "word"),
    [(0, True, "valid"), (INVALID, False, "revoked"), (SUSPENDED, False, "suspended")],
)
def test_status_list(es256_key, holder_key, value, ok, word):
    status_list = StatusList.new(1000, bits=2)
    status_list.set(42, value)
    list_token = issue_status_list_token(status_list, uri=STATUS_URI, key=es256_key, now=NOW)
    token = issue(es256_key, holder_key, status=StatusReference(STATUS_URI, 42))
    report = check(kb_present(token, holder_key), status_lists=lambda _uri: list_token)
    assert report.check("status").ok is ok
    assert report.check("status").detail == word


def test_status_list_signed_by_someone_else_is_rejected(es256_key, holder_key):
    list_token = issue_status_list_token(
        StatusList.new(16), uri=STATUS_URI, key=generate_key("ES256"), now=NOW
    )
    token = issue(es256_key, holder_key, status=StatusReference(STATUS_URI, 3))
    report = check(kb_present(token, holder_key), status_lists=lambda _uri: list_token)
    assert report.check("status").ok is False


def test_status_without_a_list_is_reported_as_unchecked(es256_key, holder_key):
    token = issue(es256_key, holder_key, status=StatusReference(STATUS_URI, 3))
    assert check(kb_present(token, holder_key)).check("status").ok is None


def test_a_typ_that_is_not_text_fails_the_format_check(es256_key, holder_key):
    token = issue(es256_key, holder_key)
    kid = json.loads(b64url_decode(token.split(".")[0]))["kid"]
    forged = _resign(token, es256_key, header={"alg": "ES256", "typ": ["dc+sd-jwt"], "kid": kid})
    report = check(forged, policy=SdJwtVcPolicy())
    assert report.check("format").ok is False
    assert report.check("signature").ok is True


@pytest.mark.parametrize(("status", "ok"), [("revoked?", False), (None, None), ({}, None)])
def test_a_status_claim_that_is_not_an_object_is_reported(es256_key, holder_key, status, ok):
    token = _resign(issue(es256_key, holder_key), es256_key, payload_change={"status": status})
    report = check(token, policy=SdJwtVcPolicy())
    assert report.check("status").ok is ok


def test_trust_list_and_vct(es256_key, holder_key):
    token = kb_present(issue(es256_key, holder_key), holder_key)
    issuer = did_key(es256_key.public)
    trusted = TrustList.from_dict({"issuers": [{"id": issuer, "name": "Acme"}]})
    assert check(token, trust_list=trusted).check("trust_list").ok is True
    other = TrustList.from_dict({"issuers": [{"id": "did:web:other.test"}]})
    assert check(token, trust_list=other).check("trust_list").ok is False
    policy = SdJwtVcPolicy(
        nonce="n-1", audience="https://verifier.test", expected_vct={"urn:other"}
    )
    assert "type" in failed(check(token, policy=policy))


def test_status_list_compression_matches_the_specification_examples():
    one_bit = StatusList.new(16, bits=1)
    for index, value in enumerate([1, 0, 0, 1, 1, 1, 0, 1, 1, 1, 0, 0, 0, 1, 0, 1]):
        one_bit.set(index, value)
    assert one_bit.encode() == {"bits": 1, "lst": "eNrbuRgAAhcBXQ"}
    two_bits = StatusList.decode({"bits": 2, "lst": "eNo76fITAAPfAgc"})
    assert [two_bits.get(i) for i in range(12)] == [1, 2, 0, 3, 0, 1, 0, 1, 1, 2, 3, 3]


def test_a_kunde_skills_credential_is_checked_against_its_schema(es256_key, holder_key):
    good = check(kb_present(issue(es256_key, holder_key), holder_key))
    assert good.check("schema").ok is True
    broken = {**skills_claims(CONTENT), "kind": "poem"}
    del broken["assessment"]["method"]
    token = issue_sd_jwt_vc(
        broken, issuer=did_key(es256_key.public), key=es256_key, vct=KUNDE_SKILLS_VCT, now=NOW,
        holder=holder_key.public,
    )  # fmt: skip
    report = check(kb_present(token, holder_key))
    assert not report.valid
    assert report.check("schema").ok is False
    assert "assessment" in report.check("schema").detail
    assert "kind" in report.check("schema").detail


def test_another_type_is_not_schema_checked(es256_key, holder_key):
    token = issue(es256_key, holder_key, vct="https://credentials.example/identity_credential")
    report = check(kb_present(token, holder_key))
    assert report.check("schema").ok is None
    assert report.valid


def test_the_skills_schema_is_published_as_json_schema():
    schema = json_schema(KUNDE_SKILLS_VCT)
    assert set(schema["required"]) == {"iss", "vct"}
    assert schema["properties"]["vct"]["const"] == KUNDE_SKILLS_VCT
