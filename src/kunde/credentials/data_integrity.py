# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""W3C Data Integrity proofs with the EdDSA cryptosuites ``eddsa-rdfc-2022`` and
``eddsa-jcs-2022`` (W3C vc-di-eddsa).

Both hash the proof configuration and the document separately (SHA-256 each) and sign
``hash(proofConfig) || hash(document)`` with Ed25519. ``rdfc`` canonicalises as RDF over
the bundled contexts; ``jcs`` canonicalises the JSON (RFC 8785).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import rfc8785

from kunde.credentials._encoding import multibase_b58_encode, multibase_decode
from kunde.credentials.errors import (
    KeyResolutionError,
    MalformedCredentialError,
    UnsupportedAlgorithmError,
)
from kunde.credentials.jsonld import canonize, unknown_contexts

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.credentials.did import DidResolver
    from kunde.credentials.keys import KeyPair, PublicKey

Cryptosuite = Literal["eddsa-rdfc-2022", "eddsa-jcs-2022"]
CRYPTOSUITES: tuple[Cryptosuite, ...] = ("eddsa-rdfc-2022", "eddsa-jcs-2022")
PROOF_TYPE = "DataIntegrityProof"


def _without(document: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in document.items() if k != key}


def hash_data(document: dict[str, Any], proof_config: dict[str, Any], cryptosuite: str) -> bytes:
    """``sha256(canonical proof config) || sha256(canonical document)`` for the suite."""
    if cryptosuite == "eddsa-rdfc-2022":
        config = {**proof_config, "@context": document.get("@context")}
        return (
            hashlib.sha256(canonize(config).encode("utf-8")).digest()
            + hashlib.sha256(canonize(document).encode("utf-8")).digest()
        )
    if cryptosuite == "eddsa-jcs-2022":
        return (
            hashlib.sha256(rfc8785.dumps(proof_config)).digest()
            + hashlib.sha256(rfc8785.dumps(document)).digest()
        )
    raise UnsupportedAlgorithmError(f"unsupported cryptosuite {cryptosuite!r}")


def add_proof(
    document: dict[str, Any],
    *,
    key: KeyPair,
    verification_method: str,
    cryptosuite: Cryptosuite,
    created: datetime,
    proof_purpose: str = "assertionMethod",
    challenge: str | None = None,
    domain: str | None = None,
) -> dict[str, Any]:
    """Return ``document`` with a Data Integrity proof signed by the Ed25519 ``key``.

    ``challenge`` and ``domain`` (for an ``authentication`` proof of a presentation) become
    part of the signed proof configuration.
    """
    if key.public.kty != "OKP":
        raise UnsupportedAlgorithmError("the EdDSA cryptosuites need an Ed25519 key")
    unknown = unknown_contexts(document)
    if unknown:
        raise MalformedCredentialError(f"contexts are not bundled: {', '.join(unknown)}")
    unsecured = _without(document, "proof")
    config: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": created.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "verificationMethod": verification_method,
        "proofPurpose": proof_purpose,
    }
    if challenge is not None:
        config["challenge"] = challenge
    if domain is not None:
        config["domain"] = domain
    if cryptosuite == "eddsa-jcs-2022" and "@context" in unsecured:
        config["@context"] = unsecured["@context"]
    signature = key.sign(hash_data(unsecured, config, cryptosuite))
    return {**unsecured, "proof": {**config, "proofValue": multibase_b58_encode(signature)}}


@dataclass(frozen=True)
class ProofResult:
    """The outcome of checking one proof."""

    ok: bool
    detail: str
    verification_method: str | None = None
    key: PublicKey | None = None


def _config_for_verification(
    unsecured: dict[str, Any], proof: dict[str, Any], cryptosuite: str
) -> tuple[dict[str, Any], dict[str, Any]]:
    config = _without(proof, "proofValue")
    if cryptosuite == "eddsa-jcs-2022" and "@context" in config:
        ctx, doc_ctx = config["@context"], unsecured.get("@context")
        ctx_list = ctx if isinstance(ctx, list) else [ctx]
        doc_list = doc_ctx if isinstance(doc_ctx, list) else [doc_ctx]
        if doc_list[: len(ctx_list)] != ctx_list:
            raise MalformedCredentialError("the proof's @context does not match the document's")
        unsecured = {**unsecured, "@context": ctx}
    return unsecured, config


def _proof_shape_problem(proof: dict[str, Any], expected_purpose: str) -> str | None:
    if proof.get("type") != PROOF_TYPE:
        return f"unsupported proof type {proof.get('type')!r}"
    if proof.get("cryptosuite") not in CRYPTOSUITES:
        return f"unsupported cryptosuite {proof.get('cryptosuite')!r}"
    if proof.get("proofPurpose") != expected_purpose:
        return f"proof purpose must be {expected_purpose}"
    if not isinstance(proof.get("verificationMethod"), str):
        return "the proof has no verificationMethod"
    return None


def _ed25519(key: PublicKey) -> PublicKey:
    if key.kty != "OKP":
        raise UnsupportedAlgorithmError("an EdDSA proof needs an Ed25519 key")
    return key


def verify_proof(
    document: dict[str, Any],
    proof: dict[str, Any],
    *,
    dids: DidResolver,
    expected_purpose: str = "assertionMethod",
    key: PublicKey | None = None,
) -> ProofResult:
    """Check one proof of ``document`` (which may still carry its ``proof`` member).

    The verification method is resolved through ``dids`` for ``expected_purpose`` unless
    ``key`` is given (test vectors whose key is known out of band).
    """
    problem = _proof_shape_problem(proof, expected_purpose)
    if problem is not None:
        return ProofResult(ok=False, detail=problem)
    method, suite = str(proof["verificationMethod"]), str(proof["cryptosuite"])
    try:
        public = _ed25519(key or dids.resolve_key(method, expected_purpose))
        value = proof.get("proofValue")
        signature = multibase_decode(value) if isinstance(value, str) else b""
        unsecured, config = _config_for_verification(_without(document, "proof"), proof, suite)
        digest = hash_data(unsecured, config, suite)
    except (KeyResolutionError, UnsupportedAlgorithmError) as exc:
        return ProofResult(ok=False, detail=f"key: {exc}", verification_method=method)
    except MalformedCredentialError as exc:
        return ProofResult(ok=False, detail=str(exc), verification_method=method, key=public)
    ok = public.verify("EdDSA", digest, signature)
    detail = suite if ok else "the proof signature is not valid"
    return ProofResult(ok=ok, detail=detail, verification_method=method, key=public)


__all__ = [
    "CRYPTOSUITES",
    "PROOF_TYPE",
    "Cryptosuite",
    "ProofResult",
    "add_proof",
    "hash_data",
    "verify_proof",
]
