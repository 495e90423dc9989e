"""Export, import and erasure of a whole passport (GDPR portability and erasure).

The export format is ``kunde-passport`` version 1, described by :func:`json_schema` and
published at ``/api/v1/schemas/passport-v1.json``. It holds the current records, every
version of every record (the history) and the evidence files, so an import elsewhere loses
nothing. An import gives every record and file a new id (links follow) and keeps all times
and version numbers; ``exported_at`` is the moment of export. So export -> import -> export
is identical apart from ids and ``exported_at``.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kunde.db.base import utc
from kunde.errors import Conflict, InvalidInput, NotFound
from kunde.passport import access
from kunde.passport._records import ConceptCheck, new_id, open_passport, parse
from kunde.passport.access import Action
from kunde.passport.model import (
    MAX_FILE_BYTES,
    Achievement,
    Assessment,
    Experience,
    ItemKind,
    PersonalInfo,
    SkillClaim,
)
from kunde.passport.service import _check_references
from kunde.passport.store import ErasureRow, FileRow, ItemRow, PassportStore, VersionRow

if TYPE_CHECKING:
    from kunde.db.session import UnitOfWork
    from kunde.passport._crypto import KeyRing

logger = logging.getLogger(__name__)

FORMAT = "kunde-passport"
PRUNE_GRACE = timedelta(hours=1)
FORMAT_VERSION = 1
SCHEMA_PATH = "/api/v1/schemas/passport-v1.json"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    version: Annotated[int, Field(ge=1)]
    created_at: datetime
    updated_at: datetime


class AchievementRecord(_Record):
    kind: Literal["achievement"]
    body: Achievement


class ExperienceRecord(_Record):
    kind: Literal["experience"]
    body: Experience


class SkillRecord(_Record):
    kind: Literal["skill"]
    body: SkillClaim


class AssessmentRecord(_Record):
    kind: Literal["assessment"]
    body: Assessment


class PersonalRecord(_Record):
    kind: Literal["personal"]
    body: PersonalInfo


Record = Annotated[
    AchievementRecord | ExperienceRecord | SkillRecord | AssessmentRecord | PersonalRecord,
    Field(discriminator="kind"),
]


class VersionEntry(BaseModel):
    """One state of one record; ``body`` is null for a deletion."""

    model_config = ConfigDict(extra="forbid")
    item_id: str
    kind: ItemKind
    version: Annotated[int, Field(ge=1)]
    passport_version: Annotated[int, Field(ge=1)]
    change: Literal["created", "updated", "deleted"]
    changed_at: datetime
    body: dict[str, Any] | None


class FileEntry(BaseModel):
    model_config = ConfigDict(extra="forbid")
    id: str
    name: str
    media_type: str
    size: int
    created_at: datetime
    content_base64: str


class PassportDocument(BaseModel):
    """A whole passport, as exported and imported."""

    model_config = ConfigDict(extra="forbid", title="Kunde passport, version 1")
    format: Literal["kunde-passport"]
    format_version: Literal[1]
    exported_at: datetime
    records: list[Record]
    history: list[VersionEntry]
    files: list[FileEntry]


def json_schema(base_url: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the export format."""
    schema = PassportDocument.model_json_schema()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": base_url.rstrip("/") + SCHEMA_PATH,
        **schema,
    }


def export(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing, now: datetime
) -> dict[str, Any]:
    """The whole passport as a ``kunde-passport`` v1 document (JSON-ready)."""
    access.require(actor_id, holder_id, Action.EXPORT)
    passport = open_passport(uow, holder_id, keys)
    document: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "exported_at": now.isoformat(),
        "records": [],
        "history": [],
        "files": [],
    }
    if passport is None:
        return document
    for row in passport.store.items(passport.id):
        item = passport.item(row)
        document["records"].append(
            {
                "id": item.id,
                "kind": item.kind.value,
                "version": item.version,
                "created_at": item.created_at.isoformat(),
                "updated_at": item.updated_at.isoformat(),
                "body": item.body.model_dump(mode="json"),
            }
        )
    for version in passport.store.versions(passport.id):
        body = (
            passport.open_body(
                version.kind, version.body, f"version:{version.item_id}:{version.version}"
            )
            if version.body is not None
            else None
        )
        document["history"].append(
            {
                "item_id": version.item_id,
                "kind": version.kind,
                "version": version.version,
                "passport_version": version.passport_version,
                "change": version.change,
                "changed_at": utc(version.changed_at).isoformat(),
                "body": body.model_dump(mode="json") if body else None,
            }
        )
    for file_row in passport.store.files(passport.id):
        meta = json.loads(passport.open_bytes(file_row.meta, f"file-meta:{file_row.id}"))
        content = passport.open_bytes(file_row.content, f"file:{file_row.id}")
        document["files"].append(
            {
                "id": file_row.id,
                "name": meta["name"],
                "media_type": meta["media_type"],
                "size": file_row.size,
                "created_at": utc(file_row.created_at).isoformat(),
                "content_base64": base64.b64encode(content).decode(),
            }
        )
    return document


def _read(document: Any) -> PassportDocument:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise InvalidInput("This is not a Kunde passport file.", details={"field": "format"})
    if document.get("format_version") != FORMAT_VERSION:
        raise InvalidInput(
            f"This file uses version {document.get('format_version')!r} of the passport format;"
            f" this Kunde reads version {FORMAT_VERSION}.",
            details={"field": "format_version"},
        )
    try:
        return PassportDocument.model_validate(document)
    except ValidationError as exc:
        errors = [
            {"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
            for e in exc.errors()[:20]
        ]
        raise InvalidInput(
            "The passport file does not match the format: "
            + "; ".join(f"{e['field']}: {e['message']}" for e in errors[:3]),
            details={"errors": errors},
        ) from None


def _remap(value: Any, ids: dict[str, str]) -> Any:
    """Replace old record and file ids with new ones wherever a body refers to them."""
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, inner in value.items():
            if key in ("claim_id", "file_id") and isinstance(inner, str):
                out[key] = ids.get(inner, inner)
            elif key in ("achievement_ids", "experience_ids") and isinstance(inner, list):
                out[key] = [ids.get(i, i) for i in inner]
            else:
                out[key] = _remap(inner, ids)
        return out
    if isinstance(value, list):
        return [_remap(inner, ids) for inner in value]
    return value


def import_(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    document: Any,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> dict[str, int]:
    """Load an exported passport into this holder's empty passport; all or nothing."""
    access.require(actor_id, holder_id, Action.WRITE)
    doc = _read(document)
    existing = open_passport(uow, holder_id, keys)
    if existing is not None and existing.row.version > 0:
        raise Conflict(
            "Your passport here is not empty. Erase it first, or import into a new account."
        )
    passport = existing or open_passport(uow, holder_id, keys, create_at=now)
    assert passport is not None  # noqa: S101 - create_at makes one
    ids = {
        old: new_id()
        for old in [r.id for r in doc.records]
        + [h.item_id for h in doc.history]
        + [f.id for f in doc.files]
    }
    for entry_f in doc.files:
        content = base64.b64decode(entry_f.content_base64, validate=True)
        if len(content) != entry_f.size or entry_f.size > MAX_FILE_BYTES:
            raise InvalidInput(f"File {entry_f.name} is damaged or too large.")
        fid = ids[entry_f.id]
        meta = json.dumps({"name": entry_f.name, "media_type": entry_f.media_type}).encode()
        passport.store.add(
            FileRow(
                id=fid,
                passport_id=passport.id,
                size=entry_f.size,
                created_at=entry_f.created_at,
                meta=passport.seal_bytes(meta, f"file-meta:{fid}"),
                content=passport.seal_bytes(content, f"file:{fid}"),
            )
        )
    for entry in doc.history:
        iid = ids[entry.item_id]
        body = parse(entry.kind, _remap(entry.body, ids)) if entry.body is not None else None
        passport.store.add(
            VersionRow(
                item_id=iid,
                version=entry.version,
                passport_id=passport.id,
                passport_version=entry.passport_version,
                kind=entry.kind.value,
                change=entry.change,
                changed_at=entry.changed_at,
                body=passport.seal_body(body, f"version:{iid}:{entry.version}") if body else None,
            )
        )
    for record in doc.records:
        iid = ids[record.id]
        body = parse(ItemKind(record.kind), _remap(record.body.model_dump(mode="json"), ids))
        parent = body.claim_id if isinstance(body, Assessment) else None
        passport.store.add(
            ItemRow(
                id=iid,
                passport_id=passport.id,
                kind=record.kind,
                parent_id=parent,
                lookup=passport.lookup(body),
                version=record.version,
                created_at=record.created_at,
                updated_at=record.updated_at,
                body=passport.seal_body(body, f"item:{iid}"),
            )
        )
    for record in doc.records:
        row = passport.store.item(passport.id, ids[record.id])
        assert row is not None  # noqa: S101 - just added
        _check_references(passport, passport.item(row).body, concepts)
    passport.row.version = max((h.passport_version for h in doc.history), default=0)
    uow.commit()
    return {"records": len(doc.records), "versions": len(doc.history), "files": len(doc.files)}


@dataclass(frozen=True)
class Receipt:
    """Proof of an erasure; it names no erased content."""

    id: str
    holder_id: str
    passport_id: str
    erased_at: datetime
    records: int
    versions: int
    files: int
    key_destroyed: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {
            "receipt_id": self.id,
            "holder_id": self.holder_id,
            "passport_id": self.passport_id,
            "erased_at": self.erased_at.isoformat(),
            "records_erased": self.records,
            "versions_erased": self.versions,
            "files_erased": self.files,
            "key_destroyed": self.key_destroyed,
        }


def erase(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing, now: datetime
) -> Receipt:
    """Delete all the passport's records, versions and files, then destroy its key.

    Order: this database's erasure commits first, then the key is deleted from the key
    store. Should that last step fail, the passport is gone all the same and its key is left
    without a passport: the receipt says ``key_destroyed: false`` and
    :func:`prune_keys` (``kunde passport prune-keys``) deletes it later.
    """
    access.require(actor_id, holder_id, Action.ERASE)
    store = PassportStore(uow.session)
    passport = store.passport(holder_id, lock=True)
    if passport is None:
        raise NotFound("You have no passport to erase.")
    receipt = Receipt(
        new_id(),
        holder_id,
        passport.id,
        now,
        store.count(ItemRow, passport.id),
        store.count(VersionRow, passport.id),
        store.count(FileRow, passport.id),
    )
    store.erase(passport)
    store.add(
        ErasureRow(
            id=receipt.id,
            holder_id=holder_id,
            passport_id=receipt.passport_id,
            erased_at=now,
            items=receipt.records,
            versions=receipt.versions,
            files=receipt.files,
        )
    )
    uow.commit()
    try:
        keys.destroy(receipt.passport_id)
    except Exception:
        logger.exception("passport %s erased; its key is left for prune-keys", receipt.passport_id)
        return replace(receipt, key_destroyed=False)
    return receipt


def prune_keys(
    uow: UnitOfWork, *, keys: KeyRing, now: datetime, grace: timedelta = PRUNE_GRACE
) -> list[str]:
    """Destroy the keys of passports this database does not have; their ids.

    Such keys are left by an erasure whose last step failed, or by a passport that was never
    written because its transaction failed. Keys younger than ``grace`` are kept, because
    their passport may still be on its way in an open transaction. Run it against the live
    database only: a restored older copy lacks the newer passports.
    """
    store = PassportStore(uow.session)
    pruned = [
        passport_id
        for passport_id in keys.store.stored(created_before=now - grace)
        if store.passport_by_id(passport_id) is None
    ]
    for passport_id in pruned:
        keys.destroy(passport_id)
    return pruned
