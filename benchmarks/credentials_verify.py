# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Credential verification throughput per core, Kunde beside the reference implementations.

Run: .venv/bin/python benchmarks/credentials_verify.py [seconds-per-case]
"""

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime

from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    Algorithm,
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
from kunde.credentials.data_integrity import Cryptosuite, hash_data

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
NOW = datetime.now(UTC).replace(microsecond=0)
Case = Callable[[], None]


class BenchmarkError(RuntimeError):
    """A benchmarked verification did not succeed, so its figure would mean nothing."""


def _require_valid(valid: bool, what: str) -> None:
    if not valid:
        raise BenchmarkError(f"{what} did not verify")


def rate(func: Case) -> float:
    func()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        func()
        count += 1
    return count / (time.perf_counter() - start)


def sd_jwt_cases(alg: Algorithm) -> tuple[Case, Case, Case]:
    # The reference library signs and checks key-binding JWTs with ES256 only.
    issuer, holder = generate_key(alg), generate_key("ES256")
    claims = {
        "given_name": Disclosable("Sanne"),
        "family_name": Disclosable("de Vries"),
        "skills": [Disclosable({"uri": f"http://data.europa.eu/esco/skill/{i}"}) for i in range(5)],
    }
    token = issue_sd_jwt_vc(
        claims,
        issuer=did_key(issuer.public),
        key=issuer,
        vct=KUNDE_SKILLS_VCT,
        now=NOW,
        holder=holder.public,
    )
    shown = present(
        token, disclose=["*"], holder_key=holder, nonce="n", audience="https://v", now=NOW
    )
    keys = IssuerKeys()
    policy = SdJwtVcPolicy(nonce="n", audience="https://v")

    def kunde() -> None:
        report = verify_sd_jwt_vc(shown, keys=keys, now=NOW, policy=policy)
        _require_valid(report.valid, f"SD-JWT VC {alg}")

    issuer_jwk = JWK.from_json(json.dumps(issuer.public.jwk))

    def reference() -> None:
        SDJWTVerifier(shown, lambda _i, _h: issuer_jwk, "https://v", "n").get_verified_payload()

    signing_input = token.split("~")[0].rsplit(".", 1)[0].encode()
    signature = issuer.sign(signing_input)
    kb_input = shown.rsplit("~", 1)[1].rsplit(".", 1)[0].encode()
    kb_signature = holder.sign(kb_input)

    def floor() -> None:
        # The two signature checks every presentation needs (issuer JWT and KB-JWT).
        _require_valid(issuer.public.verify(alg, signing_input, signature), "raw signature")
        _require_valid(holder.public.verify("ES256", kb_input, kb_signature), "raw signature")

    return kunde, reference, floor


def di_case(suite: Cryptosuite) -> tuple[Case, Case]:
    key = generate_key("EdDSA")
    document = {
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2",
        ],
        "type": ["VerifiableCredential"],
        "issuer": did_key(key.public),
        "validFrom": "2025-01-01T00:00:00Z",
        "credentialSubject": {"id": "did:example:holder", "skills": "welding"},
    }
    signed = issue_data_integrity(document, key=key, cryptosuite=suite, now=NOW)
    dids = DidResolver()
    proof = signed["proof"]
    config = {k: v for k, v in proof.items() if k != "proofValue"}
    unsecured = {k: v for k, v in signed.items() if k != "proof"}

    def kunde() -> None:
        report = verify_data_integrity(signed, dids=dids, now=NOW)
        _require_valid(report.valid, f"Data Integrity {suite}")

    def canonical_only() -> None:
        hash_data(unsecured, config, suite)

    return kunde, canonical_only


def main() -> None:
    print(f"Credential verification, one core, {SECONDS:.0f} s per case (verifications/s)")
    algs: tuple[Algorithm, ...] = ("ES256", "EdDSA")
    for alg in algs:
        kunde, reference, floor = sd_jwt_cases(alg)
        k, r, f = rate(kunde), rate(reference), rate(floor)
        print(
            f"SD-JWT VC {alg:5}  kunde {k:8.0f}   reference sd-jwt {r:8.0f}   ratio {k / r:4.1f}x"
            f"   signatures only {f:6.0f} (kunde at {k / f:.0%} of it)"
        )
    suites: tuple[Cryptosuite, ...] = ("eddsa-jcs-2022", "eddsa-rdfc-2022")
    for suite in suites:
        kunde, canonical = di_case(suite)
        k, c = rate(kunde), rate(canonical)
        print(f"DI {suite:16} kunde (all checks) {k:7.0f}   canonicalise+hash only {c:7.0f}")


if __name__ == "__main__":
    main()
