"""Issuer keys per organisation: create, rotate, sign, publish (DID document, JWKS).

Each organisation with an issuing role has one current P-256 key (ES256, SD-JWT VC and
status list tokens) and one current Ed25519 key (Data Integrity). An organisation that asks
for presentations (OpenID4VP) gets keys too, to sign its request objects. Private keys are stored
sealed under a key derived from the instance secret, bound to the organisation and key id.
Rotation retires the current keys but keeps their public halves in the DID document, so
credentials signed before still verify.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.accounts.model import MemberRole
from kunde.credentials.did import DidResolver, did_web_document
from kunde.credentials.encryption import open_private_jwk, seal_private_jwk
from kunde.credentials.errors import KeyResolutionError
from kunde.credentials.keys import (
    Algorithm,
    KeyPair,
    PublicKey,
    generate_key,
    private_key_from_jwk,
    public_key_from_jwk,
)
from kunde.errors import NotFound, PermissionDenied
from kunde.issuing.model import ISSUING_ROLES
from kunde.issuing.store import IssuerKeyRow, IssuingStore

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.accounts.model import Account, Organisation
    from kunde.db.session import UnitOfWork
    from kunde.issuing.model import Site

ALGS: tuple[Algorithm, ...] = ("ES256", "EdDSA")


def issuing_organisation(uow: UnitOfWork, organisation_id: str) -> Organisation:
    """The organisation, if it has an issuing role; otherwise :class:`NotFound`."""
    org = accounts.organisation(uow, organisation_id)
    if not ISSUING_ROLES & set(org.roles):
        raise NotFound("This organisation does not issue credentials.")
    return org


def require_member(
    uow: UnitOfWork, actor: Account, organisation_id: str, *, admin: bool = False
) -> Organisation:
    """The issuing organisation, when ``actor`` is a member (an admin when ``admin``).

    Outsiders get :class:`NotFound`, so they learn nothing about the organisation.
    """
    for membership in accounts.memberships(uow, actor.id):
        if membership.organisation.id != organisation_id:
            continue
        if not ISSUING_ROLES & set(membership.organisation.roles):
            raise PermissionDenied(
                "This organisation has no role that issues credentials "
                "(school, employer, assessor or register)."
            )
        if admin and membership.role is not MemberRole.ADMIN:
            raise PermissionDenied("Only an administrator of the organisation can do this.")
        return membership.organisation
    raise NotFound("There is no such organisation.")


def _aad(organisation_id: str, kid: str) -> bytes:
    return f"issuer-key:{organisation_id}:{kid}".encode()


def _new_key(site: Site, organisation_id: str, alg: Algorithm, now: datetime) -> IssuerKeyRow:
    key = generate_key(alg)
    kid = f"{'p256' if alg == 'ES256' else 'ed25519'}-{key.public.thumbprint()[:16]}"
    return IssuerKeyRow(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        alg=alg,
        kid=kid,
        public_jwk=dict(key.public.jwk),
        sealed_private=seal_private_jwk(
            key.private_jwk, site.key_wrap, associated_data=_aad(organisation_id, kid)
        ),
        created_at=now,
        retired_at=None,
    )


def ensure_keys(uow: UnitOfWork, site: Site, organisation_id: str, now: datetime) -> None:
    """Give the organisation a current key of each algorithm if it lacks one (no commit)."""
    store = IssuingStore(uow.session)
    current = {row.alg for row in store.keys(organisation_id) if row.retired_at is None}
    for alg in ALGS:
        if alg not in current:
            store.add(_new_key(site, organisation_id, alg, now))


def rotate(
    uow: UnitOfWork, site: Site, actor: Account, organisation_id: str, *, now: datetime
) -> list[PublicKey]:
    """Retire the current keys and make new ones (administrators only); commits.

    Returns the public keys as the DID document now lists them, newest first.
    """
    require_member(uow, actor, organisation_id, admin=True)
    store = IssuingStore(uow.session)
    for row in store.keys(organisation_id):
        if row.retired_at is None:
            row.retired_at = now
    for alg in ALGS:
        store.add(_new_key(site, organisation_id, alg, now))
    uow.commit()
    return public_keys(uow, site, organisation_id)


def signing_key(uow: UnitOfWork, site: Site, organisation_id: str, alg: Algorithm) -> KeyPair:
    """The current private key for ``alg``, with the DID URL as its key id."""
    for row in IssuingStore(uow.session).keys(organisation_id):
        if row.alg == alg and row.retired_at is None:
            jwk = open_private_jwk(
                row.sealed_private, site.key_wrap, associated_data=_aad(organisation_id, row.kid)
            )
            return private_key_from_jwk(jwk).with_kid(f"{site.org_did(organisation_id)}#{row.kid}")
    raise NotFound("This organisation has no signing key yet.")


def public_keys(uow: UnitOfWork, site: Site, organisation_id: str) -> list[PublicKey]:
    """Every key the organisation ever signed with (current first), kid = DID URL."""
    did = site.org_did(organisation_id)
    rows = sorted(
        IssuingStore(uow.session).keys(organisation_id),
        key=lambda r: (r.retired_at is not None, -r.created_at.timestamp()),
    )
    return [public_key_from_jwk(row.public_jwk, kid=f"{did}#{row.kid}") for row in rows]


def did_document(uow: UnitOfWork, site: Site, organisation_id: str) -> dict[str, Any]:
    """The organisation's ``did:web`` document; :class:`NotFound` before its first key
    (an organisation has keys once it issues, or once it asks for a presentation)."""
    accounts.organisation(uow, organisation_id)
    keys = public_keys(uow, site, organisation_id)
    if not keys:
        raise NotFound("This organisation has not issued anything yet.")
    return did_web_document(site.org_did(organisation_id), keys)


def jwks(uow: UnitOfWork, site: Site, organisation_id: str) -> dict[str, Any]:
    """The organisation's public keys as a JWK Set (JWT VC issuer metadata)."""
    keys = public_keys(uow, site, organisation_id)
    return {"keys": [{**k.jwk, "kid": k.kid or "", "alg": k.alg} for k in keys]}


def local_resolver(uow: UnitOfWork, site: Site) -> DidResolver:
    """A DID resolver that answers this instance's did:web documents from the database and
    never goes to the network (other did:web issuers cannot be resolved from here)."""

    def fetch(url: str) -> bytes:
        organisation_id = site.org_from_did_url(url)
        if organisation_id is None:
            raise KeyResolutionError(
                f"{url} is not served by this instance, and Kunde does not fetch it"
            )
        return json.dumps(did_document(uow, site, organisation_id)).encode()

    return DidResolver(fetch=fetch)


__all__ = [
    "did_document",
    "ensure_keys",
    "issuing_organisation",
    "jwks",
    "local_resolver",
    "public_keys",
    "require_member",
    "rotate",
    "signing_key",
]
