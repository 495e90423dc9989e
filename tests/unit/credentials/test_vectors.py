# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Published test vectors (tests/vectors/<case>/, the test id is the folder name)."""

import copy
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

from kunde.credentials import (
    DidResolver,
    IssuerKeys,
    SdJwtVcPolicy,
    generate_key,
    issue_data_integrity,
    public_key_from_jwk,
    verify_data_integrity,
    verify_sd_jwt_vc,
)
from kunde.credentials._encoding import multibase_decode
from kunde.credentials.bitstring import Bitstring
from kunde.credentials.data_integrity import add_proof, verify_proof
from kunde.credentials.did import did_key, multikey_decode
from kunde.credentials.jsonld import canonize
from kunde.credentials.keys import ed25519_private_from_seed
from kunde.credentials.vcdm import credential_problems, presentation_problems

VECTORS = Path(__file__).parents[2] / "vectors"
NOW = datetime(2026, 3, 1, tzinfo=UTC)


def cases(prefix):
    return sorted(p for p in VECTORS.glob(f"{prefix}*") if p.is_dir())


def ids(paths):
    return [p.name for p in paths]


# --- W3C vc-di-eddsa -----------------------------------------------------------------

DI = cases("di-eddsa-")


def _di_files(case):
    suffix = "JCS" if "jcs" in case.name else "DataInt"
    return suffix, {p.name: p for p in case.iterdir()}


@pytest.mark.parametrize("case", DI, ids=ids(DI))
def test_di_eddsa_vector_steps_and_signature(case):
    suffix, files = _di_files(case)
    unsigned = json.loads(files["unsigned.json"].read_text())
    signed = json.loads(files[f"signed{suffix}.json"].read_text())
    config = json.loads(files[f"proofConfig{suffix}.json"].read_text())
    suite = config["cryptosuite"]
    if suite == "eddsa-rdfc-2022":
        assert canonize(unsigned) == files["canonDocDataInt.txt"].read_text()
        assert canonize(config) == files["proofCanonDataInt.txt"].read_text()
    doc_hash = files[f"docHash{suffix}.txt"].read_text().strip()
    canon = (
        canonize(unsigned) if suite == "eddsa-rdfc-2022" else files["canonDocJCS.txt"].read_text()
    )
    assert hashlib.sha256(canon.encode()).hexdigest() == doc_hash
    # Signing the unsigned document with the vector's key reproduces the signed document.
    key_pair = json.loads(files["keyPair.json"].read_text())
    key = ed25519_private_from_seed(multibase_decode(key_pair["privateKeyMultibase"])[2:])
    created = datetime.fromisoformat(config["created"])
    ours = add_proof(
        unsigned,
        key=key,
        verification_method=config["verificationMethod"],
        cryptosuite=suite,
        created=created,
    )
    assert ours["proof"]["proofValue"] == signed["proof"]["proofValue"]
    assert (
        multibase_decode(signed["proof"]["proofValue"]).hex()
        == files[f"sigHex{suffix}.txt"].read_text().strip()
    )
    assert verify_proof(signed, signed["proof"], dids=DidResolver()).ok
    tampered = copy.deepcopy(signed)
    tampered["credentialSubject"]["alumniOf"] = "Another School"
    assert not verify_proof(tampered, tampered["proof"], dids=DidResolver()).ok


# --- VC Data Model 2.0 test suite ----------------------------------------------------

VCDM = cases("vcdm2-")
ISSUER_KEY = generate_key("EdDSA")
ISSUER = did_key(ISSUER_KEY.public)


def _as_harness_issues(document):
    """Fill in what the suite's harness supplies: the issuer and real dates; an existing
    proof is replaced by the issuer's own."""
    document = json.loads(
        json.dumps(document)
        .replace("PAST DATE", "2020-01-01T00:00:00Z")
        .replace("FUTURE DATE", "2099-01-01T00:00:00Z")
    )
    if "issuer" not in document:
        document["issuer"] = ISSUER
    elif isinstance(document["issuer"], dict) and "id" not in document["issuer"]:
        document["issuer"]["id"] = ISSUER
    return document


@pytest.mark.parametrize("case", VCDM, ids=ids(VCDM))
def test_vcdm2_inputs(case):
    document = json.loads((case / "input.json").read_text())
    expect_ok = case.name.endswith("-ok")
    if case.name.startswith("vcdm2-presentation"):
        assert (not presentation_problems(document)) is expect_ok
        return
    document = _as_harness_issues(document)
    if expect_ok and isinstance(document.get("proof"), dict) and "type" in document["proof"]:
        document.pop("proof")  # the harness signs with the implementation's own proof
    problems = credential_problems(document)
    if not expect_ok and problems:
        return  # rejected before signing, as the suite expects
    assert not problems or not expect_ok, problems
    try:
        signed = issue_data_integrity(
            document, key=ISSUER_KEY, cryptosuite="eddsa-rdfc-2022", now=NOW
        )
    except Exception:  # noqa: BLE001 - an issuer refusing a -fail input is the expected outcome
        assert not expect_ok
        return
    # Verify at a moment inside the input's own validity period.
    start, end = document.get("validFrom"), document.get("validUntil")
    now = NOW
    if start:
        now = datetime.fromisoformat(start) + timedelta(seconds=1)
    elif end:
        now = datetime.fromisoformat(end) - timedelta(days=1)
    report = verify_data_integrity(signed, dids=DidResolver(), now=now)
    assert report.valid is expect_ok, report.to_json()


# --- Bitstring Status List -----------------------------------------------------------

BITSTRING = cases("bitstring-")


@pytest.mark.parametrize("case", BITSTRING, ids=ids(BITSTRING))
def test_bitstring_examples(case):
    example = json.loads((case / "example.json").read_text())
    subject = example.get("credentialSubject", {})
    if "encodedList" in subject:
        bitstring = Bitstring.decode(subject["encodedList"])
        assert len(bitstring) == 131072
        assert not any(bitstring.data)
        assert Bitstring.decode(bitstring.encode()).data == bitstring.data
    statuses = example.get("credentialStatus", [])
    for entry in statuses if isinstance(statuses, list) else [statuses]:
        assert entry["type"] == "BitstringStatusListEntry"
        assert int(entry["statusListIndex"]) >= 0
        assert entry["statusPurpose"] in {"revocation", "suspension", "refresh", "message"}


# --- SD-JWT reference test cases -----------------------------------------------------

SD_JWT = cases("sd-jwt-")


def _without_sd_wrappers(loader_tag_yaml):
    class Loader(yaml.SafeLoader):
        pass

    def sd(loader, node):
        if isinstance(node, yaml.MappingNode):
            return loader.construct_mapping(node, deep=True)
        if isinstance(node, yaml.SequenceNode):
            return loader.construct_sequence(node, deep=True)
        return loader.construct_scalar(node)

    Loader.add_constructor("!sd", sd)
    return yaml.load(loader_tag_yaml, Loader=Loader)  # noqa: S506 - SafeLoader subclass


@pytest.mark.parametrize("case", SD_JWT, ids=ids(SD_JWT))
def test_sd_jwt_reference_cases(case):
    spec = _without_sd_wrappers((case / "specification.yml").read_text())
    settings = yaml.safe_load((case / "settings.yml").read_text())
    issuer_jwk = settings["key_settings"]["issuer_keys"][0]
    issuer = json.loads((case / "sd_jwt_payload.json").read_text()).get("iss", "")
    key = public_key_from_jwk(issuer_jwk)
    presentation = (case / "sd_jwt_presentation.txt").read_text()
    kb = spec.get("key_binding", False)
    now = NOW
    if kb:
        kb_payload = json.loads((case / "kb_jwt_payload.json").read_text())
        now = datetime.fromtimestamp(kb_payload["iat"], UTC)
    policy = SdJwtVcPolicy(
        nonce=settings["key_binding_nonce"] if kb else None,
        audience=settings["identifiers"]["verifier"] if kb else None,
    )
    report = verify_sd_jwt_vc(
        presentation, keys=IssuerKeys(static={issuer: [key]}), now=now, policy=policy
    )
    for name in ("issuer_key", "signature", "disclosures", "validity", "holder_binding"):
        assert report.check(name).ok is not False, report.to_json()
    # The reference verifier's output for the same presentation.
    assert report.claims == json.loads((case / "verified_contents.json").read_text())
    if "expect_verified_user_claims" in spec:
        expected = spec["expect_verified_user_claims"]
        assert {k: v for k, v in report.claims.items() if k in expected} == expected


# --- OpenID4VP 1.0: SD-JWT VC with key binding ---------------------------------------

OPENID4VP = cases("openid4vp-")


@pytest.mark.parametrize("case", OPENID4VP, ids=ids(OPENID4VP))
def test_openid4vp_sd_jwt_vc_key_binding_example(case):
    settings = yaml.safe_load((case / "settings.yml").read_text())
    kb_payload = json.loads((case / "kb_jwt_payload.json").read_text())
    issuer = settings["identifiers"]["issuer"]
    keys = IssuerKeys(
        static={issuer: [public_key_from_jwk(settings["key_settings"]["issuer_keys"][0])]}
    )
    policy = SdJwtVcPolicy(
        nonce=settings["key_binding_nonce"], audience=settings["identifiers"]["verifier"]
    )
    now = datetime.fromtimestamp(kb_payload["iat"], UTC)
    presentation = (case / "sd_jwt_presentation.txt").read_text()
    report = verify_sd_jwt_vc(presentation, keys=keys, now=now, policy=policy)
    assert report.valid, report.to_json()
    verified = json.loads((case / "verified_contents.json").read_text())
    assert report.claims["ld"]["credentialSubject"] == verified["ld"]["credentialSubject"]
    wrong = verify_sd_jwt_vc(
        presentation,
        keys=keys,
        now=now,
        policy=SdJwtVcPolicy(nonce="other", audience=policy.audience),
    )
    assert wrong.check("holder_binding").ok is False


# --- Open Badges 3.0 -----------------------------------------------------------------

OB3 = cases("ob3-")
# Which check rejects each negative example (the reason the 1EdTech validator gives).
OB3_NEGATIVE = {
    "ob3-simple-err-context": "structure",
    "ob3-simple-err-expired": "validity",
    "ob3-simple-err-issuer": "structure",
    "ob3-simple-err-proof-method": "issuer_key",
    "ob3-simple-err-proof-method-no-scheme": "issuer_key",
    "ob3-simple-err-proof-method-unknown-did-method": "issuer_key",
    "ob3-simple-err-proof-method-unknown-scheme": "issuer_key",
    "ob3-simple-err-proof-value": "issuer_key",
    "ob3-simple-err-issued": "schema",
    "ob3-simple-err-type": "structure",
    "ob3-simple-multiple-proofs": "issuer_key",  # its second proof is of an unknown type
    "ob3-simple-err-issuer-type": "schema",
    "ob3-simple-err-issuer-parentorg-type": "schema",
    "ob3-simple-err-issuer-otheridentifier-type": "schema",
    "ob3-simple-err-evidence-type": "schema",
    "ob3-simple-err-credential-subject-type": "schema",
    "ob3-simple-err-credential-subject-result-type": "schema",
    "ob3-simple-err-credential-subject-profile-type": "schema",
    "ob3-simple-err-credential-subject-identifier-type": "schema",
    "ob3-simple-err-credential-subject-achievement-result-description-type": "schema",
}
# VCDM 1.1 examples (issuanceDate, credentials/v1) and non-OB documents: Kunde issues and
# reads VCDM 2.0 only, so these must be refused by the structure check.
OB3_NOT_V2 = {
    "ob3-complete_v1",
    "ob3-simple_v1",
    "ob3-simple-noproof",
    "ob3-simple-eddsa-2022",
    "ob3-credential-status-revoked",  # credentials/v1 and an Ed25519Signature2020 proof
    "ob3-endorsement-err-schema-status-refresh",  # the same
}
# Examples signed by a key named by an https URL (the issuer's profile) whose fragment is the
# key's multikey. Kunde takes issuer keys from DIDs only and fetches nothing else, so the full
# verifier rejects them at issuer_key; their signatures verify with the key from the fragment
# (which shows the canonical form over the bundled contexts matches the issuer's).
OB3_HTTPS_KEY_SIGNED = {
    "ob3-bit-string-list-credential-status-revoked",
    "ob3-bit-string-list-credential-status-revoked-blank-nodes",
    "ob3-complete",
    "ob3-endorsement-valid",
    "ob3-simple",
    "ob3-simple-context-alias",
    "ob3-simple-context-version",
    "ob3-simple-did-web-method",
    "ob3-simple-err-expired",
    "ob3-simple-err-issued",
    "ob3-simple-err-issuer",
}
# Signed with a did:key whose signature is valid, but the issuer (a urn:uuid) does not control
# that key, so the proof does not show the issuer made the credential.
OB3_FOREIGN_DID_KEY = "ob3-simple-did-key-method"


@pytest.mark.parametrize("case", OB3, ids=ids(OB3))
def test_open_badges_examples(case):
    document = json.loads((case / "credential.json").read_text())
    report = verify_data_integrity(document, dids=DidResolver(), now=NOW)
    assert not report.valid  # the example keys live at https://example.com/... (unresolvable)
    assert report.check("context").ok, report.to_json()  # every context is bundled
    if case.name in OB3_NEGATIVE:
        failed = {c.name for c in report.failures()}
        assert OB3_NEGATIVE[case.name] in failed, report.to_json()
    elif case.name in OB3_NOT_V2:
        assert report.check("structure").ok is False or report.check("context").ok is False
    else:
        assert report.check("structure").ok, report.to_json()
        schema = report.check("schema")  # OB 3.0 AchievementCredentials only
        assert schema is None or schema.ok, report.to_json()
        assert report.check("validity").ok
    if case.name in OB3_HTTPS_KEY_SIGNED:
        assert "unsupported DID method: ['https'" in report.check("issuer_key").detail
    if case.name == OB3_FOREIGN_DID_KEY:
        assert "is not controlled by the issuer" in report.check("issuer_key").detail
        assert verify_proof(document, document["proof"][0], dids=DidResolver()).ok


@pytest.mark.parametrize("name", sorted(OB3_HTTPS_KEY_SIGNED))
def test_open_badges_signatures_verify_with_the_key_in_the_method_fragment(name):
    document = json.loads((VECTORS / name / "credential.json").read_text())
    proofs = document["proof"] if isinstance(document["proof"], list) else [document["proof"]]
    for proof in proofs:
        method = proof["verificationMethod"]
        assert method.startswith("https://")
        key = multikey_decode(method.rpartition("#")[2])
        assert verify_proof(document, proof, dids=DidResolver(), key=key).ok, method
