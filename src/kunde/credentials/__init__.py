# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Verifiable skills credentials: keys and DIDs, SD-JWT VC, W3C Data Integrity (Open Badges
3.0), status lists, trust lists and one verification report for all formats.

Pure library: no web framework, no database. Time, randomness and keys are passed in::

    key = generate_key("ES256")
    token = issue_sd_jwt_vc(skills_claims(content), issuer=did_key(key.public), key=key,
                            vct=KUNDE_SKILLS_VCT, now=now, holder=holder.public)
    report = verify_credential(token, now=now)
    report.valid, report.to_json()
"""

from kunde.credentials.bitstring import Bitstring, status_entry, status_list_credential
from kunde.credentials.data_integrity import Cryptosuite, add_proof, verify_proof
from kunde.credentials.did import (
    DidResolver,
    did_key,
    did_key_document,
    did_key_verification_method,
    did_web_document,
    did_web_from_url,
    did_web_url,
)
from kunde.credentials.encryption import new_wrapping_key, open_private_jwk, seal_private_jwk
from kunde.credentials.errors import (
    CredentialError,
    KeyResolutionError,
    MalformedCredentialError,
    StatusListError,
    UnsupportedAlgorithmError,
)
from kunde.credentials.keys import (
    Algorithm,
    KeyPair,
    PublicKey,
    generate_key,
    private_key_from_jwk,
    public_key_from_jwk,
)
from kunde.credentials.keystore import ChainedKeys, InMemoryKeyStore, IssuerKeys, KeyResolver
from kunde.credentials.model import (
    Assessment,
    CredentialKind,
    LearningOutcome,
    Skill,
    SkillsCredential,
)
from kunde.credentials.ob3 import build_achievement_credential, schema_problems
from kunde.credentials.presentation import VpPolicy, present_data_integrity, verify_presentation
from kunde.credentials.report import Check, VerificationReport
from kunde.credentials.sd_jwt_vc import (
    KUNDE_SKILLS_VCT,
    InMemoryNonces,
    NonceRegistry,
    SdJwtVcPolicy,
    StatusReference,
    issue_sd_jwt_vc,
    present,
    skills_claims,
    verify_sd_jwt_vc,
)
from kunde.credentials.sdjwt import Disclosable
from kunde.credentials.status_list import (
    StatusList,
    issue_status_list_token,
    read_status_list_token,
)
from kunde.credentials.trust import TrustedIssuer, TrustList
from kunde.credentials.vc import DiPolicy, issue_data_integrity, verify_data_integrity
from kunde.credentials.verify import LocalStatusLists, detect_format, verify_credential

__all__ = [
    "KUNDE_SKILLS_VCT",
    "Algorithm",
    "Assessment",
    "Bitstring",
    "ChainedKeys",
    "Check",
    "CredentialError",
    "CredentialKind",
    "Cryptosuite",
    "DiPolicy",
    "DidResolver",
    "Disclosable",
    "InMemoryKeyStore",
    "InMemoryNonces",
    "IssuerKeys",
    "KeyPair",
    "KeyResolutionError",
    "KeyResolver",
    "LearningOutcome",
    "LocalStatusLists",
    "MalformedCredentialError",
    "NonceRegistry",
    "PublicKey",
    "SdJwtVcPolicy",
    "Skill",
    "SkillsCredential",
    "StatusList",
    "StatusListError",
    "StatusReference",
    "TrustList",
    "TrustedIssuer",
    "UnsupportedAlgorithmError",
    "VerificationReport",
    "VpPolicy",
    "add_proof",
    "build_achievement_credential",
    "detect_format",
    "did_key",
    "did_key_document",
    "did_key_verification_method",
    "did_web_document",
    "did_web_from_url",
    "did_web_url",
    "generate_key",
    "issue_data_integrity",
    "issue_sd_jwt_vc",
    "issue_status_list_token",
    "new_wrapping_key",
    "open_private_jwk",
    "present",
    "present_data_integrity",
    "private_key_from_jwk",
    "public_key_from_jwk",
    "read_status_list_token",
    "schema_problems",
    "seal_private_jwk",
    "skills_claims",
    "status_entry",
    "status_list_credential",
    "verify_credential",
    "verify_data_integrity",
    "verify_presentation",
    "verify_proof",
    "verify_sd_jwt_vc",
]
