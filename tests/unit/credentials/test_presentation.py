# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Verifiable Presentations of Data Integrity credentials: the holder's proof (challenge,
domain, signer = subject DID, freshness) and the checks of the credential inside."""

import json
from datetime import UTC, datetime, timedelta

import pytest

from kunde.credentials import (
    DidResolver,
    InMemoryNonces,
    SkillsCredential,
    add_proof,
    build_achievement_credential,
    detect_format,
    did_key,
    did_key_verification_method,
    did_web_document,
    generate_key,
    issue_data_integrity,
    verify_credential,
)
from kunde.credentials.errors import MalformedCredentialError
from kunde.credentials.presentation import (
    VpPolicy,
    present_data_integrity,
    subject_dids,
    verify_presentation,
)

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
DOMAIN = "https://kunde.example/wallet"
SKILL = "http://data.europa.eu/esco/skill/ccd0a1d9-afda-43d9-b901-96344886e14d"


def badge(issuer, subject_id, suite="eddsa-jcs-2022"):
    content = SkillsCredential.from_dict(
        {
            "kind": "microcredential",
            "title": "Customer service basics",
            "skills": [{"uri": SKILL, "label": "assist customers", "level": "independent"}],
            "assessment": {"assessor": "ROC Example", "method": "exam"},
            **({"subject_id": subject_id} if subject_id else {}),
        }
    )
    document = build_achievement_credential(
        content,
        credential_id="urn:uuid:5d0e4a3c-3f0e-4f43-8a3a-0f6a3a6f5b11",
        issuer=did_key(issuer.public),
        issuer_name="ROC Example",
        valid_from=NOW - timedelta(days=1),
    )
    return issue_data_integrity(document, key=issuer, cryptosuite=suite, now=NOW)


@pytest.fixture(scope="module")
def issuer():
    return generate_key("EdDSA")


@pytest.fixture(scope="module")
def holder():
    return generate_key("EdDSA")


def checks(report):
    return {c.name: (c.ok, c.detail) for c in report.checks}


@pytest.mark.parametrize("suite", ["eddsa-jcs-2022", "eddsa-rdfc-2022"])
def test_a_presentation_by_the_subject_for_this_challenge_and_domain_verifies(
    issuer, holder, suite
):
    credential = badge(issuer, did_key(holder.public), suite)
    vp = present_data_integrity(
        credential, holder_key=holder, challenge="n-1", domain=DOMAIN, now=NOW, cryptosuite=suite
    )
    assert vp["proof"]["proofPurpose"] == "authentication"
    assert vp["holder"] == did_key(holder.public)
    assert detect_format(vp) == detect_format(json.dumps(vp)) == "vp-di"
    report = verify_credential(json.dumps(vp), now=NOW, nonce="n-1", audience=DOMAIN)
    assert report.valid, report.to_json()
    assert report.format == ("ob3-jcs" if suite == "eddsa-jcs-2022" else "ob3-rdfc")
    assert report.issuer == did_key(issuer.public)
    found = checks(report)
    assert found["presentation"][0] is True
    assert found["signature"] == (True, suite)  # the credential's own proof
    assert found["holder_binding"][0] is True
    assert "challenge and domain match" in found["holder_binding"][1]
    assert report.claims["credentialSubject"]["id"] == did_key(holder.public)


def _binding(report):
    return checks(report)["holder_binding"]


def test_wrong_challenge_or_domain_is_refused(issuer, holder):
    vp = present_data_integrity(
        badge(issuer, did_key(holder.public)),
        holder_key=holder,
        challenge="n-1",
        domain=DOMAIN,
        now=NOW,
    )
    other_nonce = verify_credential(vp, now=NOW, nonce="n-2", audience=DOMAIN)
    assert not other_nonce.valid
    assert _binding(other_nonce) == (False, "wrong challenge (not the nonce asked for)")
    other_domain = verify_credential(vp, now=NOW, nonce="n-1", audience="https://elsewhere/x")
    assert _binding(other_domain) == (False, "wrong domain (must be https://elsewhere/x)")
    # Changing the challenge after signing breaks the proof.
    edited = {**vp, "proof": {**vp["proof"], "challenge": "n-2"}}
    assert "not valid" in _binding(verify_credential(edited, now=NOW, nonce="n-2"))[1]


def test_a_presentation_signed_by_another_did_is_refused(issuer, holder):
    credential = badge(issuer, did_key(holder.public))
    thief = generate_key("EdDSA")
    vp = present_data_integrity(
        credential, holder_key=thief, challenge="n-1", domain=DOMAIN, now=NOW
    )
    report = verify_credential(vp, now=NOW, nonce="n-1", audience=DOMAIN)
    ok, detail = _binding(report)
    assert ok is False
    assert detail.startswith(f"the presentation is signed by {did_key(thief.public)}")
    assert did_key(holder.public) in detail
    # The credential itself is still fine: only the binding fails.
    assert [c.name for c in report.failures()] == ["holder_binding"]


def test_a_credential_without_a_did_subject_cannot_be_bound(issuer, holder):
    vp = present_data_integrity(
        badge(issuer, None), holder_key=holder, challenge="n-1", domain=DOMAIN, now=NOW
    )
    ok, detail = _binding(verify_credential(vp, now=NOW, nonce="n-1", audience=DOMAIN))
    assert ok is False
    assert "names no DID of its holder" in detail
    assert subject_dids(badge(issuer, "mailto:anna@example.org")) == []


def test_the_holder_field_must_be_the_signer(issuer, holder):
    credential = badge(issuer, did_key(holder.public))
    vp = present_data_integrity(
        credential, holder_key=holder, challenge="n-1", domain=DOMAIN, now=NOW
    )
    unsigned = {k: v for k, v in vp.items() if k != "proof"}
    other = {**unsigned, "holder": did_key(generate_key("EdDSA").public)}
    resigned = add_proof(
        other,
        key=holder,
        verification_method=did_key_verification_method(holder.public),
        cryptosuite="eddsa-jcs-2022",
        created=NOW,
        proof_purpose="authentication",
        challenge="n-1",
        domain=DOMAIN,
    )
    ok, detail = _binding(verify_credential(resigned, now=NOW, nonce="n-1", audience=DOMAIN))
    assert ok is False
    assert detail.endswith("did not sign it")


def test_an_assertion_proof_is_not_a_presentation_proof(issuer, holder):
    credential = badge(issuer, did_key(holder.public))
    vp = present_data_integrity(
        credential, holder_key=holder, challenge="n-1", domain=DOMAIN, now=NOW
    )
    asserted = add_proof(
        vp,
        key=holder,
        verification_method=did_key_verification_method(holder.public),
        cryptosuite="eddsa-jcs-2022",
        created=NOW,
        challenge="n-1",
        domain=DOMAIN,
    )
    ok, detail = _binding(verify_credential(asserted, now=NOW, nonce="n-1", audience=DOMAIN))
    assert ok is False
    assert "proof purpose must be authentication" in detail


def test_a_tampered_credential_inside_fails_both_proofs(issuer, holder):
    vp = present_data_integrity(
        badge(issuer, did_key(holder.public)),
        holder_key=holder,
        challenge="n-1",
        domain=DOMAIN,
        now=NOW,
    )
    inner = vp["verifiableCredential"][0]
    tampered = {**inner, "name": "Brain surgery"}
    report = verify_credential(
        {**vp, "verifiableCredential": [tampered]}, now=NOW, nonce="n-1", audience=DOMAIN
    )
    failed = {c.name for c in report.failures()}
    assert {"signature", "holder_binding"} <= failed


@pytest.mark.parametrize(
    ("created", "problem"),
    [
        (NOW - timedelta(minutes=10), "too old"),
        (NOW + timedelta(minutes=5), "in the future"),
    ],
)
def test_an_old_or_future_presentation_is_refused(issuer, holder, created, problem):
    vp = present_data_integrity(
        badge(issuer, did_key(holder.public)),
        holder_key=holder,
        challenge="n-1",
        domain=DOMAIN,
        now=created,
    )
    ok, detail = _binding(verify_credential(vp, now=NOW, nonce="n-1", audience=DOMAIN))
    assert ok is False
    assert problem in detail


def test_a_challenge_is_accepted_once_with_a_nonce_registry(issuer, holder):
    vp = present_data_integrity(
        badge(issuer, did_key(holder.public)),
        holder_key=holder,
        challenge="n-1",
        domain=DOMAIN,
        now=NOW,
    )
    seen = InMemoryNonces()
    first = verify_credential(vp, now=NOW, nonce="n-1", audience=DOMAIN, nonces=seen)
    again = verify_credential(vp, now=NOW, nonce="n-1", audience=DOMAIN, nonces=seen)
    assert first.valid
    assert _binding(again) == (False, "the challenge was already used (replay)")


def test_presentations_of_none_two_or_enveloped_credentials_are_refused(issuer, holder):
    credential = badge(issuer, did_key(holder.public))
    vp = present_data_integrity(
        credential, holder_key=holder, challenge="n-1", domain=DOMAIN, now=NOW
    )
    for inner, words in [
        ([], "exactly one credential, not 0"),
        ([credential, credential], "exactly one credential, not 2"),
        (
            [{"type": ["EnvelopedVerifiableCredential"], "id": "data:application/dc+sd-jwt,x"}],
            "enveloped credentials are not read here",
        ),
    ]:
        report = verify_credential({**vp, "verifiableCredential": inner}, now=NOW)
        assert not report.valid
        assert words in checks(report)["presentation"][1]
    with pytest.raises(MalformedCredentialError):
        present_data_integrity(
            {**credential, "type": ["Nothing"]},
            holder_key=holder,
            challenge="n",
            domain=DOMAIN,
            now=NOW,
        )


def test_a_did_web_holder_signs_with_a_key_of_its_document(issuer):
    key = generate_key("EdDSA", kid="key-1")
    did = "did:web:people.example:anna"
    documents = {
        "https://people.example/anna/did.json": json.dumps(did_web_document(did, [key.public]))
    }
    resolver = DidResolver(fetch=lambda url: documents[url].encode())
    vp = present_data_integrity(
        badge(issuer, did),
        holder_key=key,
        challenge="n-1",
        domain=DOMAIN,
        now=NOW,
        verification_method=f"{did}#key-1",
    )
    report = verify_presentation(
        vp, dids=resolver, now=NOW, policy=VpPolicy(challenge="n-1", domain=DOMAIN)
    )
    assert report.valid, report.to_json()
    assert vp["holder"] == did
