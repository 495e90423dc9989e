# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Credential verification throughput per core, Kunde beside the reference implementations.

Run: .venv/bin/python benchmarks/credentials_verify.py [seconds-per-case]

Every SD-JWT VC verification gets a different credential (own salts, own holder key, own
status index) presented with a fresh key-binding JWT over a fresh nonce, so nothing a
verifier could cache about the signed data pays off. What may be cached is what a real
verifier caches too: the issuer's resolved key and the verified status list.
"""

import json
import os
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from jwcrypto.jwk import JWK
from sd_jwt.verifier import SDJWTVerifier

from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    Algorithm,
    DidResolver,
    Disclosable,
    InMemoryNonces,
    IssuerKeys,
    KeyPair,
    LocalStatusLists,
    SdJwtVcPolicy,
    StatusList,
    StatusReference,
    TrustedIssuer,
    TrustList,
    did_key,
    generate_key,
    issue_data_integrity,
    issue_sd_jwt_vc,
    issue_status_list_token,
    present,
    verify_data_integrity,
    verify_sd_jwt_vc,
)
from kunde.credentials._encoding import b64url_decode
from kunde.credentials.data_integrity import Cryptosuite, hash_data
from kunde.credentials.status_list import StatusListCache

SECONDS = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
POOL = int(os.environ.get("KUNDE_BENCH_POOL", "0")) or int(SECONDS * 2000) + 200
NOW = datetime.now(UTC).replace(microsecond=0)
AUDIENCE = "https://verifier.example"
STATUS_URI = "https://issuer.example/status/1"


class BenchmarkError(RuntimeError):
    """A benchmarked verification did not succeed, so its figure would mean nothing."""


def _require(valid: bool, what: str) -> None:
    if not valid:
        raise BenchmarkError(f"{what} did not verify")


@dataclass(frozen=True)
class Shown:
    """One presentation as a verifier receives it, with the nonce it asked for."""

    text: str
    nonce: str
    issuer_signing_input: bytes
    issuer_signature: bytes
    holder: KeyPair
    kb_signing_input: bytes
    kb_signature: bytes


Case = Callable[[Shown], None]


CHUNK = 50


def rates(cases: dict[str, Case], items: Sequence[Shown]) -> dict[str, float]:
    """Verifications per second of each case, every item at most once per case.

    The cases take turns in chunks of CHUNK items, so a change in the machine's load
    during the run affects all of them alike and the ratios stay fair.
    """
    spent = dict.fromkeys(cases, 0.0)
    for case in cases.values():
        case(items[0])  # warm-up; the timed items start after it
    done = 0
    for begin in range(1, len(items) - CHUNK, CHUNK):
        chunk = items[begin : begin + CHUNK]
        for name, case in cases.items():
            start = time.perf_counter()
            for item in chunk:
                case(item)
            spent[name] += time.perf_counter() - start
        done += len(chunk)
        if sum(spent.values()) >= SECONDS * len(cases):
            break
    return {name: done / seconds for name, seconds in spent.items()}


def presentations(alg: Algorithm, issuer: KeyPair) -> Iterator[Shown]:
    """Distinct credentials, each with its own ES256 holder key, each shown once."""
    # The reference library signs and checks key-binding JWTs with ES256 only.
    for index in range(POOL):
        holder = generate_key("ES256")
        claims = {
            "given_name": Disclosable("Sanne"),
            "family_name": Disclosable("de Vries"),
            "skills": [
                Disclosable({"uri": f"http://data.europa.eu/esco/skill/{index}-{i}"})
                for i in range(5)
            ],
        }
        token = issue_sd_jwt_vc(
            claims,
            issuer=did_key(issuer.public),
            key=issuer,
            vct=KUNDE_SKILLS_VCT,
            now=NOW,
            expires=NOW + timedelta(days=365),
            holder=holder.public,
            status=StatusReference(STATUS_URI, index),
        )
        nonce = f"nonce-{alg}-{index}"
        text = present(
            token, disclose=["*"], holder_key=holder, nonce=nonce, audience=AUDIENCE, now=NOW
        )
        jwt, kb = text.split("~", 1)[0], text.rsplit("~", 1)[1]
        signing_input, kb_input = jwt.rsplit(".", 1)[0].encode(), kb.rsplit(".", 1)[0].encode()
        yield Shown(
            text,
            nonce,
            signing_input,
            issuer.sign(signing_input),
            holder,
            kb_input,
            holder.sign(kb_input),
        )


def sd_jwt_cases(alg: Algorithm) -> tuple[list[Shown], dict[str, Case]]:
    issuer = generate_key(alg)
    issuer_did = did_key(issuer.public)
    pool = list(presentations(alg, issuer))
    statuses = StatusList.new(POOL)
    status_token = issue_status_list_token(
        statuses, uri=STATUS_URI, key=issuer, issuer=issuer_did, now=NOW, ttl=timedelta(hours=1)
    )
    local_lists = LocalStatusLists.from_texts([status_token])
    keys = IssuerKeys(dids=DidResolver())
    trust = TrustList("bench", (TrustedIssuer(issuer_did, "Bench issuer"),))
    nonces = InMemoryNonces()
    status_cache = StatusListCache()

    def kunde(shown: Shown) -> None:
        report = verify_sd_jwt_vc(
            shown.text,
            keys=keys,
            now=NOW,
            policy=SdJwtVcPolicy(
                nonce=shown.nonce, audience=AUDIENCE, expected_vct=(KUNDE_SKILLS_VCT,)
            ),
            trust_list=trust,
            status_lists=local_lists.token,
            status_cache=status_cache,
            nonces=nonces,
        )
        _require(report.valid and all(c.ok for c in report.checks), f"SD-JWT VC {alg}")

    issuer_jwk = JWK.from_json(json.dumps(issuer.public.jwk))

    def reference(shown: Shown) -> None:
        verifier = SDJWTVerifier(shown.text, lambda _i, _h: issuer_jwk, AUDIENCE, shown.nonce)
        verifier.get_verified_payload()

    def reference_issuer_only(shown: Shown) -> None:
        # The reference without a key-binding JWT to check: issuer signature and disclosures.
        SDJWTVerifier(shown.text.rsplit("~", 1)[0] + "~", lambda _i, _h: issuer_jwk)

    def issuer_signature(shown: Shown) -> None:
        # One signature check as Kunde does it: P-256 through cryptography (OpenSSL),
        # Ed25519 through libsodium (OpenSSL decides what libsodium rejects).
        ok = issuer.public.verify(alg, shown.issuer_signing_input, shown.issuer_signature)
        _require(ok, "raw issuer signature")

    def both_signatures(shown: Shown) -> None:
        # The two signature checks every presentation needs (issuer JWT and KB-JWT), with
        # the holder's cnf key imported from its coordinates (every holder is new to the
        # verifier, so every verifier pays the import): the floor for a verifier using
        # these libraries.
        issuer_signature(shown)
        jwk = shown.holder.public.jwk
        point = b"\x04" + b64url_decode(jwk["x"]) + b64url_decode(jwk["y"])
        holder = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), point)
        r, s = shown.kb_signature[:32], shown.kb_signature[32:]
        der = encode_dss_signature(int.from_bytes(r, "big"), int.from_bytes(s, "big"))
        holder.verify(der, shown.kb_signing_input, ec.ECDSA(hashes.SHA256()))

    cases: dict[str, Case] = {
        "kunde": kunde,
        "reference": reference,
        "reference_issuer_only": reference_issuer_only,
        "issuer_signature": issuer_signature,
        "both_signatures": both_signatures,
    }
    return pool, cases


def di_case(suite: Cryptosuite) -> tuple[Callable[[], None], Callable[[], None]]:
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
        _require(report.valid, f"Data Integrity {suite}")

    def canonical_only() -> None:
        hash_data(unsecured, config, suite)

    return kunde, canonical_only


def repeat_rate(func: Callable[[], None]) -> float:
    func()
    count, start = 0, time.perf_counter()
    while time.perf_counter() - start < SECONDS:
        func()
        count += 1
    return count / (time.perf_counter() - start)


def main() -> None:
    print(f"Credential verification, one core, {SECONDS:.0f} s per case (verifications/s)")
    print("SD-JWT VC: each verification a distinct credential, fresh KB-JWT and nonce")
    algs: tuple[Algorithm, ...] = ("ES256", "EdDSA")
    for alg in algs:
        pool, cases = sd_jwt_cases(alg)
        measured = rates(cases, pool)
        k, ref, floor = measured["kunde"], measured["reference"], measured["both_signatures"]
        print(
            f"SD-JWT VC {alg:5}  kunde {k:6.0f}   reference sd-jwt {ref:6.0f}   "
            f"ratio {k / ref:3.1f}x   | issuer+KB signatures only {floor:6.0f} "
            f"(ceiling {floor / ref:3.1f}x; kunde at {k / floor:.0%} of it)"
        )
        print(
            f"                 reference without KB-JWT {measured['reference_issuer_only']:6.0f}"
            f"   issuer signature only ({alg}) {measured['issuer_signature']:6.0f}"
        )
    suites: tuple[Cryptosuite, ...] = ("eddsa-jcs-2022", "eddsa-rdfc-2022")
    for suite in suites:
        kunde, canonical = di_case(suite)
        k, c = repeat_rate(kunde), repeat_rate(canonical)
        print(f"DI {suite:16} kunde (all checks) {k:7.0f}   canonicalise+hash only {c:7.0f}")


if __name__ == "__main__":
    main()
