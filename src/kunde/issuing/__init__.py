"""Issuing skills credentials from Kunde: organisation keys and DID documents, status lists
in the database, OpenID4VCI 1.0 (pre-authorised code flow), and verification as this
instance sees it (its own DIDs and status lists, its trust list).

Built on the pure library :mod:`kunde.credentials`. Entry points: :mod:`.issuers`
(``ensure_keys``, ``rotate``, ``did_document``), :mod:`.offers` (``create``, ``token``,
``nonce``, ``credential``, ``issued``), :mod:`.status` (``change_status``, ``token``,
``bitstring_credential``) and :mod:`.verification` (``verify``).
"""

from kunde.issuing.model import (
    ISSUING_ROLES,
    OB3_CONFIGURATION,
    SD_JWT_CONFIGURATION,
    CredentialStatus,
    OfferRequest,
    Site,
)
from kunde.issuing.offers import CreatedOffer, IssuedSummary, OAuthError, PendingOffer
from kunde.issuing.verification import TrustSettings

__all__ = [
    "ISSUING_ROLES",
    "OB3_CONFIGURATION",
    "SD_JWT_CONFIGURATION",
    "CreatedOffer",
    "CredentialStatus",
    "IssuedSummary",
    "OAuthError",
    "OfferRequest",
    "PendingOffer",
    "Site",
    "TrustSettings",
]
