"""Shared machinery of the passport services: opening a passport with its key, sealing
bodies, writing a version for every change, parsing input into bodies."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from pydantic import ValidationError

from kunde.db.base import utc
from kunde.errors import InvalidInput, NotFound
from kunde.passport._crypto import KeyRing, KeyUnavailable, blind_index, seal, unseal
from kunde.passport.model import BODY_TYPES, Body, ItemKind, SkillClaim
from kunde.passport.store import (
    ItemRow,
    PassportRow,
    PassportStore,
    VersionRow,
)

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork


class ConceptCheck(Protocol):
    """What the passport needs of the taxonomy: does this concept URI exist?"""

    def exists(self, uri: str) -> bool: ...


@dataclass(frozen=True)
class Item:
    """One record as the holder sees it."""

    id: str
    kind: ItemKind
    version: int
    created_at: datetime
    updated_at: datetime
    body: Body
    parent_id: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind.value,
            "version": self.version,
            "created_at": self.created_at.isoformat(),
            "updated_at": self.updated_at.isoformat(),
            **self.body.model_dump(mode="json"),
        }


def new_id() -> str:
    return str(uuid.uuid4())


def parse(kind: ItemKind, data: dict[str, Any]) -> Body:
    """Validate ``data`` as a body of ``kind``; :class:`InvalidInput` lists each bad field."""
    try:
        return BODY_TYPES[kind].model_validate(data)
    except ValidationError as exc:
        errors = [
            {
                "field": ".".join(str(p) for p in err["loc"]) or "body",
                "message": err["msg"].removeprefix("Value error, "),
                "type": err["type"],
            }
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors)
        raise InvalidInput(detail, details={"errors": errors}) from None


class OpenPassport:
    """A passport with its data key, inside one unit of work."""

    def __init__(self, store: PassportStore, row: PassportRow, key: bytes) -> None:
        self.store = store
        self.row = row
        self._key = key

    @property
    def id(self) -> str:
        return self.row.id

    def seal_body(self, body: Body, context: str) -> bytes:
        return seal(self._key, body.model_dump_json().encode(), context)

    def open_body(self, kind: str, blob: bytes, context: str) -> Body:
        data = json.loads(unseal(self._key, blob, context))
        return BODY_TYPES[ItemKind(kind)].model_validate(data)

    def seal_bytes(self, data: bytes, context: str) -> bytes:
        return seal(self._key, data, context)

    def open_bytes(self, blob: bytes, context: str) -> bytes:
        return unseal(self._key, blob, context)

    def lookup(self, body: Body) -> str | None:
        """The duplicate key of a body: one claim per concept, one personal record."""
        if isinstance(body, SkillClaim):
            return blind_index(self._key, "skill:" + body.concept_uri)
        if BODY_TYPES[ItemKind.PERSONAL] is type(body):
            return blind_index(self._key, "personal")
        return None

    def item(self, row: ItemRow) -> Item:
        body = self.open_body(row.kind, row.body, f"item:{row.id}")
        return Item(
            row.id,
            ItemKind(row.kind),
            row.version,
            utc(row.created_at),
            utc(row.updated_at),
            body,
            row.parent_id,
        )

    def get(self, item_id: str, kind: ItemKind) -> ItemRow:
        row = self.store.item(self.id, item_id)
        if row is None or row.kind != kind.value:
            raise NotFound(
                f"There is no {kind.value} with this id in your passport.", details={"id": item_id}
            )
        return row

    def record(self, row: ItemRow, change: str, body: Body | None, now: datetime) -> None:
        """Keep this state of ``row`` as a version; nothing is overwritten without a trace."""
        self.row.version += 1
        blob = self.seal_body(body, f"version:{row.id}:{row.version}") if body else None
        self.store.add(
            VersionRow(
                item_id=row.id,
                version=row.version,
                passport_id=self.id,
                passport_version=self.row.version,
                kind=row.kind,
                change=change,
                changed_at=now,
                body=blob,
            )
        )


def open_passport(
    uow: UnitOfWork, holder_id: str, keys: KeyRing, *, create_at: datetime | None = None
) -> OpenPassport | None:
    """The holder's passport, created (with a new key) when ``create_at`` is given.

    Locks the passport row for writers (PostgreSQL), so version numbers never collide.
    A new key is committed to the key store before the passport row is written: if this
    unit of work then fails, what remains is a key without a passport (harmless, removed by
    ``kunde passport prune-keys``), never a passport without its key.
    """
    store = PassportStore(uow.session)
    row = store.passport(holder_id, lock=create_at is not None)
    if row is None:
        if create_at is None:
            return None
        row = PassportRow(id=new_id(), holder_id=holder_id, version=0, created_at=create_at)
        data_key = keys.create(row.id, create_at)
        store.add(row)
        return OpenPassport(store, row, data_key)
    try:
        opened = keys.open(row.id)
    except KeyUnavailable:
        raise RuntimeError(
            "The passport key does not open with this instance's secret key."
        ) from None
    if opened is None:
        raise RuntimeError(
            "The key store has no key for this passport: check KUNDE_KEYSTORE_URL, or restore"
            " the key store from its backup."
        )
    return OpenPassport(store, row, opened)
