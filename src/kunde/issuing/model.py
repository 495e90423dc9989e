"""Issuing: the instance's public names (DIDs, URLs), what an offer asks for, the credential
configurations Kunde offers over OpenID4VCI, and the rules that need no storage.

An organisation with an issuing role (education provider, employer, assessor, register)
issues under ``did:web:<host>:orgs:<id>``; Kunde serves that DID document at
``<base>/orgs/<id>/did.json``. The credential issuer of OpenID4VCI is the instance itself
(``KUNDE_BASE_URL``); each offer names the organisation whose keys sign.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any, Final, Literal
from urllib.parse import quote, urlsplit

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from kunde.accounts.model import OrganisationRole
from kunde.credentials.jsonld import OB_V3, VC_V2
from kunde.credentials.oid4vci import LDP_FORMAT, SD_JWT_FORMAT
from kunde.credentials.sd_jwt_vc import KUNDE_SKILLS_VCT

ISSUING_ROLES = frozenset(
    {
        OrganisationRole.EDUCATION_PROVIDER,
        OrganisationRole.EMPLOYER,
        OrganisationRole.ASSESSOR,
        OrganisationRole.REGISTER,
    }
)
SD_JWT_CONFIGURATION: Final = "kunde_skills_sd_jwt"
OB3_CONFIGURATION: Final = "kunde_skills_ob3"
CONFIGURATION_FORMATS = {SD_JWT_CONFIGURATION: SD_JWT_FORMAT, OB3_CONFIGURATION: LDP_FORMAT}


class CredentialStatus(StrEnum):
    ACTIVE = "active"
    REVOKED = "revoked"
    SUSPENDED = "suspended"


def organisation_did(base_url: str, organisation_id: str) -> str:
    """``did:web:<host>[:<path>]:orgs:<id>``: the DID of an organisation on the instance at
    ``base_url`` (see :meth:`Site.org_did`)."""
    parts = urlsplit(base_url.rstrip("/"))
    segments = [quote(parts.netloc, safe="")]
    segments += [quote(p, safe="") for p in parts.path.split("/") if p]
    return "did:web:" + ":".join([*segments, "orgs", organisation_id])


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"kunde", info=info).derive(secret)


@dataclass(frozen=True)
class Site:
    """This instance as an issuer: its base URL and the keys derived from its secret.

    ``key_wrap`` seals issuer private keys; ``content_key`` seals offer contents.
    """

    base_url: str
    key_wrap: bytes
    content_key: bytes

    @classmethod
    def from_secret(cls, base_url: str, secret: bytes) -> Site:
        return cls(
            base_url=base_url.rstrip("/"),
            key_wrap=_derive(secret, b"kunde/issuer-key-wrap/v1"),
            content_key=_derive(secret, b"kunde/offer-content/v1"),
        )

    @property
    def credential_issuer(self) -> str:
        """The OpenID4VCI credential issuer identifier (the instance's base URL)."""
        return self.base_url

    def _did_prefix(self) -> str:
        return organisation_did(self.base_url, "").removesuffix(":orgs:")

    def org_did(self, organisation_id: str) -> str:
        """``did:web:<host>[:<path>]:orgs:<id>``."""
        return organisation_did(self.base_url, organisation_id)

    def org_from_did(self, did: str) -> str | None:
        """The organisation id of a DID this instance serves, else None."""
        prefix = self._did_prefix() + ":orgs:"
        if not did.startswith(prefix):
            return None
        rest = did.removeprefix(prefix)
        return rest if rest and ":" not in rest and "#" not in rest else None

    def org_from_did_url(self, url: str) -> str | None:
        """The organisation id of a did:web document URL that names this instance."""
        parts = urlsplit(self.base_url)
        prefix = f"https://{parts.netloc}{parts.path.rstrip('/')}/orgs/"
        if not url.startswith(prefix) or not url.endswith("/did.json"):
            return None
        rest = url.removeprefix(prefix).removesuffix("/did.json")
        return rest if rest and "/" not in rest else None

    def url(self, path: str) -> str:
        return self.base_url + path

    def token_status_url(self, list_id: str) -> str:
        return self.url(f"/status/token/{list_id}")

    def bitstring_status_url(self, list_id: str) -> str:
        return self.url(f"/status/bitstring/{list_id}")

    def offer_uri(self, offer_id: str) -> str:
        return self.url(f"/api/v1/oid4vci/offers/{offer_id}")

    def list_from_status_url(self, url: str) -> tuple[str, str] | None:
        """``(kind, list_id)`` of a status list URL this instance serves, else None."""
        for kind in ("token", "bitstring"):
            prefix = self.url(f"/status/{kind}/")
            if url.startswith(prefix) and "/" not in url.removeprefix(prefix):
                return kind, url.removeprefix(prefix)
        return None


Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
Required = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OfferSkill(_In):
    uri: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
    label: Required
    level: Text | None = None


class OfferAssessment(_In):
    assessor: Required
    method: Required
    standard: Text | None = None
    purpose: Text | None = None
    date: dt.date | None = None


class OfferLearning(_In):
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    credits: Annotated[float, Field(ge=0, le=1000)] | None = None
    awarding_body: Text | None = None


class OfferRequest(_In):
    """What an issuer fills in: the skills and the assessment behind them (a passport-style
    payload), the kind, the format, and how long the credential is valid."""

    kind: Literal["skills-certificate", "skills-proof", "microcredential", "diploma"]
    title: Required
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)] = ""
    skills: Annotated[list[OfferSkill], Field(min_length=1, max_length=100)]
    assessment: OfferAssessment
    learning: OfferLearning | None = None
    subject: dict[str, Text] = {}
    configuration_id: Literal["kunde_skills_sd_jwt", "kunde_skills_ob3"] = SD_JWT_CONFIGURATION
    valid_days: Annotated[int, Field(ge=1, le=36500)] | None = None
    tx_code: bool = False

    def claims(self) -> dict[str, Any]:
        """The claims file form that :meth:`SkillsCredential.from_dict` reads."""
        data: dict[str, Any] = self.model_dump(mode="json", exclude_none=True)
        for key in ("configuration_id", "valid_days", "tx_code"):
            data.pop(key, None)
        return data


def credential_issuer_metadata(site: Site) -> dict[str, Any]:
    """``/.well-known/openid-credential-issuer`` (OpenID4VCI 1.0, section 12.2)."""
    return {
        "credential_issuer": site.credential_issuer,
        "credential_endpoint": site.url("/api/v1/oid4vci/credential"),
        "nonce_endpoint": site.url("/api/v1/oid4vci/nonce"),
        "display": [
            {"name": "Kunde", "locale": "nl"},
            {"name": "Kunde", "locale": "en"},
        ],
        "credential_configurations_supported": {
            SD_JWT_CONFIGURATION: {
                "format": SD_JWT_FORMAT,
                "vct": KUNDE_SKILLS_VCT,
                "scope": "kunde_skills",
                "cryptographic_binding_methods_supported": ["jwk"],
                "credential_signing_alg_values_supported": ["ES256"],
                "proof_types_supported": {
                    "jwt": {"proof_signing_alg_values_supported": ["ES256", "EdDSA"]}
                },
                "credential_metadata": {
                    "display": [
                        {"name": "Vaardigheden", "locale": "nl"},
                        {"name": "Skills", "locale": "en"},
                    ]
                },
            },
            OB3_CONFIGURATION: {
                "format": LDP_FORMAT,
                "credential_definition": {
                    "@context": [VC_V2, OB_V3],
                    "type": ["VerifiableCredential", "OpenBadgeCredential"],
                },
                "cryptographic_binding_methods_supported": ["did:key"],
                "credential_signing_alg_values_supported": ["eddsa-rdfc-2022"],
                "proof_types_supported": {
                    "jwt": {"proof_signing_alg_values_supported": ["ES256", "EdDSA"]}
                },
                "credential_metadata": {
                    "display": [
                        {"name": "Open Badge (vaardigheden)", "locale": "nl"},
                        {"name": "Open Badge (skills)", "locale": "en"},
                    ]
                },
            },
        },
    }


def authorization_server_metadata(site: Site) -> dict[str, Any]:
    """``/.well-known/oauth-authorization-server``: the token endpoint of the pre-authorised
    code flow (the credential issuer is its own authorisation server)."""
    return {
        "issuer": site.credential_issuer,
        "token_endpoint": site.url("/api/v1/oid4vci/token"),
        "grant_types_supported": ["urn:ietf:params:oauth:grant-type:pre-authorized_code"],
        "pre-authorized_grant_anonymous_access_supported": True,
    }


__all__ = [
    "CONFIGURATION_FORMATS",
    "ISSUING_ROLES",
    "OB3_CONFIGURATION",
    "SD_JWT_CONFIGURATION",
    "CredentialStatus",
    "OfferRequest",
    "Site",
    "authorization_server_metadata",
    "credential_issuer_metadata",
    "organisation_did",
]
