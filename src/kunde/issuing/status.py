"""Status lists in the database: allocate entries, revoke / suspend / reinstate, and serve
the signed lists (IETF Token Status List for SD-JWT VC, W3C Bitstring Status List for
Data Integrity credentials).

Lists are signed when they are asked for, from the rows as they are now, so a revocation
shows in the very next answer. Entries are handed out in order; every list has room for
131,072 entries, so one credential's entry does not stand out.
"""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from kunde.credentials.bitstring import MIN_LENGTH, Bitstring, status_list_credential
from kunde.credentials.status_list import (
    INVALID,
    SUSPENDED,
    VALID,
    StatusList,
    issue_status_list_token,
)
from kunde.credentials.vc import issue_data_integrity
from kunde.errors import InvalidInput, NotFound
from kunde.issuing import issuers
from kunde.issuing.model import CredentialStatus
from kunde.issuing.store import IssuedCredentialRow, IssuingStore, StatusListRow

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.accounts.model import Account
    from kunde.db.session import UnitOfWork
    from kunde.issuing.model import Site

LIST_SIZE = MIN_LENGTH
TOKEN = "token"  # noqa: S105 - the kind of list, not a secret
BITSTRING = "bitstring"
TOKEN_TTL = timedelta(minutes=5)
_TOKEN_VALUES = {
    CredentialStatus.ACTIVE: VALID,
    CredentialStatus.REVOKED: INVALID,
    CredentialStatus.SUSPENDED: SUSPENDED,
}


def _empty(kind: str) -> bytes:
    if kind == TOKEN:
        return bytes(StatusList.new(LIST_SIZE, bits=2).data)
    return bytes(Bitstring.new(LIST_SIZE).data)


def allocate(
    uow: UnitOfWork, organisation_id: str, kind: str, purpose: str, now: datetime
) -> tuple[str, int]:
    """A fresh entry ``(list_id, index)`` in the organisation's list (no commit)."""
    store = IssuingStore(uow.session)
    row = store.open_list(organisation_id, kind, purpose)
    if row is None:
        row = StatusListRow(
            id=str(uuid.uuid4()),
            organisation_id=organisation_id,
            kind=kind,
            purpose=purpose,
            size=LIST_SIZE,
            next_index=0,
            data=_empty(kind),
            updated_at=now,
        )
        store.add(row)
    index = row.next_index
    row.next_index = index + 1
    row.updated_at = now
    return row.id, index


def _set(store: IssuingStore, list_id: str, index: int, value: int) -> None:
    row = store.status_list(list_id, lock=True)
    if row is None:  # pragma: no cover - rows are created with their credential
        raise NotFound("The status list of this credential is missing.")
    if row.kind == TOKEN:
        token_list = StatusList(2, bytearray(row.data))
        token_list.set(index, value)
        row.data = bytes(token_list.data)
    else:
        bitstring = Bitstring(bytearray(row.data))
        bitstring.set(index, value)
        row.data = bytes(bitstring.data)


_ALLOWED = {
    CredentialStatus.REVOKED: {CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED},
    CredentialStatus.SUSPENDED: {CredentialStatus.ACTIVE},
    CredentialStatus.ACTIVE: {CredentialStatus.SUSPENDED},
}


def change_status(
    uow: UnitOfWork,
    actor: Account,
    credential_id: str,
    status: CredentialStatus,
    *,
    now: datetime,
) -> IssuedCredentialRow:
    """Revoke, suspend or reinstate an issued credential; members of the issuing
    organisation only. Revocation is final; Open Badges (one bitstring entry, for
    revocation) cannot be suspended. Commits; the served list changes at once."""
    store = IssuingStore(uow.session)
    row = store.issued(credential_id)
    if row is None:
        raise NotFound("There is no such credential.")
    issuers.require_member(uow, actor, row.organisation_id)
    current = CredentialStatus(row.status)
    if current not in _ALLOWED[status]:
        raise InvalidInput(
            f"A credential that is {current.value} cannot become {status.value}.",
            details={"current_status": current.value},
        )
    if row.format == "dc+sd-jwt":
        _set(store, row.status_list_id, row.status_index, _TOKEN_VALUES[status])
    elif status is CredentialStatus.REVOKED:
        _set(store, row.status_list_id, row.status_index, 1)
    else:
        # The Open Badges 3.0 schema allows one credentialStatus entry: the revocation one.
        raise InvalidInput(
            "An Open Badge can only be revoked, not suspended.", details={"format": row.format}
        )
    row.status = status.value
    row.status_changed_at = now
    uow.commit()
    return row


def _list(uow: UnitOfWork, list_id: str, kind: str) -> StatusListRow:
    row = IssuingStore(uow.session).status_list(list_id)
    if row is None or row.kind != kind:
        raise NotFound("There is no such status list.")
    return row


def token(uow: UnitOfWork, site: Site, list_id: str, *, now: datetime) -> str:
    """The signed Status List Token (``statuslist+jwt``) of a token list, as it is now."""
    row = _list(uow, list_id, TOKEN)
    key = issuers.signing_key(uow, site, row.organisation_id, "ES256")
    return issue_status_list_token(
        StatusList(2, bytearray(row.data)),
        uri=site.token_status_url(list_id),
        key=key,
        now=now,
        issuer=site.org_did(row.organisation_id),
        ttl=TOKEN_TTL,
        expires=now + timedelta(days=1),
    )


def bitstring_credential(
    uow: UnitOfWork, site: Site, list_id: str, *, now: datetime
) -> dict[str, Any]:
    """The signed BitstringStatusListCredential of a bitstring list, as it is now."""
    row = _list(uow, list_id, BITSTRING)
    key = issuers.signing_key(uow, site, row.organisation_id, "EdDSA")
    document = status_list_credential(
        url=site.bitstring_status_url(list_id),
        issuer=site.org_did(row.organisation_id),
        purpose=row.purpose,
        bitstring=Bitstring(bytearray(row.data)),
        valid_from=now,
        valid_until=now + timedelta(days=1),
    )
    return issue_data_integrity(
        document,
        key=key,
        cryptosuite="eddsa-jcs-2022",
        now=now,
        verification_method=key.kid,
    )


__all__ = ["BITSTRING", "TOKEN", "allocate", "bitstring_credential", "change_status", "token"]
