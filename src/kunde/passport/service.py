"""Use cases of the passport: records, assessments, views, history, evidence files.

Conventions: every function takes the unit of work, the acting account (``actor_id``), the
holder (``holder_id``), the :class:`KeyRing` and the time; writers commit, or raise and write
nothing. All access passes :func:`kunde.passport.access.require`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kunde.db.base import utc
from kunde.errors import Conflict, InvalidInput, NotFound
from kunde.passport import access, growth
from kunde.passport._records import ConceptCheck, Item, OpenPassport, new_id, open_passport, parse
from kunde.passport.access import Action
from kunde.passport.assurance import Assurance, assurance, framework
from kunde.passport.model import (
    MAX_FILE_BYTES,
    Achievement,
    Assessment,
    AssessmentSource,
    Body,
    Evidence,
    EvidenceKind,
    Experience,
    ItemKind,
    PersonalInfo,
    SkillClaim,
    sniff_media_type,
)
from kunde.passport.store import FileRow, ItemRow
from kunde.sharing.model import AccessAction

if TYPE_CHECKING:
    from datetime import date, datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport._crypto import KeyRing


@dataclass(frozen=True)
class SkillView:
    claim: Item
    assessments: list[Item]
    assurance: Assurance


@dataclass(frozen=True)
class PassportView:
    """The passport now, or as it was at ``as_of``."""

    holder_id: str
    version: int
    as_of: datetime | None
    achievements: list[Item]
    experiences: list[Item]
    skills: list[SkillView]
    personal: Item | None


@dataclass(frozen=True)
class HistoryEntry:
    passport_version: int
    item_id: str
    kind: ItemKind
    version: int
    change: str  # created | updated | deleted
    changed_at: datetime
    title: str


@dataclass(frozen=True)
class StoredFile:
    id: str
    name: str
    media_type: str
    size: int
    created_at: datetime


# Assessment fields only Kunde sets (from the route or a checked credential), never input.
_SET_BY_KUNDE = frozenset({"source", "credential_verified", "holder_bound"})


def _writable(
    uow: UnitOfWork, actor_id: str, holder_id: str, keys: KeyRing, now: datetime
) -> OpenPassport:
    access.require(actor_id, holder_id, Action.WRITE, uow=uow, now=now)
    passport = open_passport(uow, holder_id, keys, create_at=now)
    assert passport is not None  # noqa: S101 - create_at makes one
    return passport


def _check_references(  # noqa: C901 - one check per kind of reference
    passport: OpenPassport, body: Body, concepts: ConceptCheck
) -> None:
    """Concept URIs must be known; links must point at records of this passport."""
    uris: list[tuple[str, str]] = []
    evidence: list[Evidence] = list(getattr(body, "evidence", []))
    if isinstance(body, SkillClaim):
        uris.append(("concept_uri", body.concept_uri))
        framework(body.framework)
        for field, kind, ids in (
            ("achievement_ids", ItemKind.ACHIEVEMENT, body.achievement_ids),
            ("experience_ids", ItemKind.EXPERIENCE, body.experience_ids),
        ):
            for item_id in ids:
                row = passport.store.item(passport.id, item_id)
                if row is None or row.kind != kind.value:
                    raise InvalidInput(
                        f"There is no {kind.value} with id {item_id} in your passport.",
                        details={"field": field, "id": item_id},
                    )
    elif isinstance(body, Achievement):
        uris += [("learning_outcomes", uri) for uri in body.learning_outcomes]
    elif isinstance(body, Experience) and body.occupation_uri:
        uris.append(("occupation_uri", body.occupation_uri))
    elif isinstance(body, PersonalInfo):
        uris += [
            ("career_wishes.target_occupations", u) for u in body.career_wishes.target_occupations
        ]
    for field, uri in uris:
        if not concepts.exists(uri):
            raise InvalidInput(
                f"Unknown concept {uri}: use the URI of a skill or occupation from the "
                "taxonomy (search for it first).",
                details={"field": field, "uri": uri},
            )
    for piece in evidence:
        if (
            piece.kind is EvidenceKind.FILE
            and passport.store.file(passport.id, piece.file_id or "") is None
        ):
            raise InvalidInput(
                f"There is no uploaded file with id {piece.file_id}.",
                details={"field": "evidence", "id": piece.file_id},
            )


def _put(
    passport: OpenPassport, kind: ItemKind, body: Body, now: datetime, parent_id: str | None = None
) -> Item:
    lookup = passport.lookup(body)
    if lookup and passport.store.lookup_taken(passport.id, lookup):
        raise Conflict(_DUPLICATE[kind], details={"field": "concept_uri"})
    item_id = new_id()
    row = ItemRow(
        id=item_id,
        passport_id=passport.id,
        kind=kind.value,
        parent_id=parent_id,
        lookup=lookup,
        version=1,
        created_at=now,
        updated_at=now,
        body=passport.seal_body(body, f"item:{item_id}"),
    )
    passport.store.add(row)
    passport.record(row, "created", body, now)
    return passport.item(row)


_DUPLICATE = {
    ItemKind.SKILL: "This skill is already in your passport. Change the one you have.",
    ItemKind.PERSONAL: "Your personal information exists already; change it instead.",
}


def add(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    kind: ItemKind,
    data: dict[str, Any],
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> Item:
    """Add an achievement, experience or skill claim (assessments: :func:`add_assessment`)."""
    if kind not in (ItemKind.ACHIEVEMENT, ItemKind.EXPERIENCE, ItemKind.SKILL):
        raise InvalidInput(f"Records of kind {kind.value} are not added this way.")
    body = parse(kind, data)
    passport = _writable(uow, actor_id, holder_id, keys, now)
    _check_references(passport, body, concepts)
    item = _put(passport, kind, body, now)
    uow.commit()
    return item


def add_assessment(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    claim_id: str,
    data: dict[str, Any],
    keys: KeyRing,
    now: datetime,
    source: AssessmentSource = AssessmentSource.HOLDER,
) -> Item:
    """Add an assessment to a claim. ``source`` is set by the caller's route, never by input:
    what a holder types in about someone else counts only once confirmed (see assurance)."""
    clean = {k: v for k, v in data.items() if k not in _SET_BY_KUNDE}
    body = parse(ItemKind.ASSESSMENT, {**clean, "claim_id": claim_id, "source": source.value})
    passport = _writable(uow, actor_id, holder_id, keys, now)
    passport.get(claim_id, ItemKind.SKILL)
    _check_references(passport, body, _NO_CONCEPTS)
    item = _put(passport, ItemKind.ASSESSMENT, body, now, parent_id=claim_id)
    uow.commit()
    return item


class _NoConcepts:
    def exists(self, uri: str) -> bool:
        del uri
        return False


_NO_CONCEPTS = _NoConcepts()


def _check_version(row: ItemRow, expected: int | None) -> None:
    if expected is not None and expected != row.version:
        raise Conflict(
            "Someone changed this record after you opened it. Reload it and make your change "
            "again.",
            details={"current_version": row.version, "your_version": expected},
        )


def update(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    kind: ItemKind,
    item_id: str,
    changes: dict[str, Any],
    expected_version: int,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> Item:
    """Change fields of a record; a stale ``expected_version`` is a :class:`Conflict`."""
    passport = _writable(uow, actor_id, holder_id, keys, now)
    row = passport.get(item_id, kind)
    _check_version(row, expected_version)
    current = passport.item(row).body.model_dump(mode="json")
    protected = {"claim_id", *_SET_BY_KUNDE}
    body = parse(kind, {**current, **{k: v for k, v in changes.items() if k not in protected}})
    _check_references(passport, body, concepts if kind is not ItemKind.ASSESSMENT else _NO_CONCEPTS)
    lookup = passport.lookup(body)
    if lookup and passport.store.lookup_taken(passport.id, lookup, except_id=row.id):
        raise Conflict(_DUPLICATE[kind], details={"field": "concept_uri"})
    row.version += 1
    row.lookup, row.updated_at = lookup, now
    row.body = passport.seal_body(body, f"item:{row.id}")
    passport.record(row, "updated", body, now)
    uow.commit()
    return passport.item(row)


def delete(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    kind: ItemKind,
    item_id: str,
    expected_version: int | None,
    keys: KeyRing,
    now: datetime,
) -> None:
    """Delete a record (a claim with its assessments); the history keeps that it existed."""
    passport = _writable(uow, actor_id, holder_id, keys, now)
    row = passport.get(item_id, kind)
    _check_version(row, expected_version)
    for child in [*passport.store.children(passport.id, row.id), row]:
        child.version += 1
        passport.record(child, "deleted", None, now)
        passport.store.delete_item(child)
    uow.commit()


def set_personal(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    data: dict[str, Any],
    expected_version: int | None,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> Item:
    """Create or replace the personal information (traits, motivation, career wishes)."""
    body = parse(ItemKind.PERSONAL, data)
    passport = _writable(uow, actor_id, holder_id, keys, now)
    _check_references(passport, body, concepts)
    existing = passport.store.items(passport.id, ItemKind.PERSONAL.value)
    if not existing:
        item = _put(passport, ItemKind.PERSONAL, body, now)
    else:
        row = existing[0]
        if expected_version is None:
            raise InvalidInput(
                "Send the version of your personal information that you changed.",
                details={"field": "version"},
            )
        _check_version(row, expected_version)
        row.version += 1
        row.updated_at = now
        row.body = passport.seal_body(body, f"item:{row.id}")
        passport.record(row, "updated", body, now)
        item = passport.item(row)
    uow.commit()
    return item


# --- reading ---------------------------------------------------------------------------------
def _assemble(
    holder_id: str, version: int, as_of: datetime | None, items: list[Item], today: date
) -> PassportView:
    by_kind: dict[ItemKind, list[Item]] = {kind: [] for kind in ItemKind}
    for item in items:
        by_kind[item.kind].append(item)
    skills = []
    for claim in by_kind[ItemKind.SKILL]:
        found = [a for a in by_kind[ItemKind.ASSESSMENT] if a.parent_id == claim.id]
        pairs = [(a.id, a.body) for a in found if isinstance(a.body, Assessment)]
        rules = framework(claim.body.framework if isinstance(claim.body, SkillClaim) else None)
        skills.append(SkillView(claim, found, assurance(pairs, today=today, rules=rules)))
    personal = by_kind[ItemKind.PERSONAL]
    return PassportView(
        holder_id,
        version,
        as_of,
        by_kind[ItemKind.ACHIEVEMENT],
        by_kind[ItemKind.EXPERIENCE],
        skills,
        personal[0] if personal else None,
    )


def _narrow(view: PassportView, permit: access.Permit) -> PassportView:
    """Only what the permit shows: records by id, skills with their assessments, and
    personal information field by field (fields not granted are left out, not emptied)."""
    if permit.scope is None:
        return view
    personal = None
    fields = permit.personal_fields() or frozenset()
    if view.personal is not None and fields:
        body = view.personal.body.model_dump(mode="json")
        narrowed = PersonalInfo.model_validate({k: v for k, v in body.items() if k in fields})
        personal = Item(
            view.personal.id,
            ItemKind.PERSONAL,
            view.personal.version,
            view.personal.created_at,
            view.personal.updated_at,
            narrowed,
        )
    return PassportView(
        view.holder_id,
        view.version,
        view.as_of,
        [i for i in view.achievements if permit.shows("achievement", i.id)],
        [i for i in view.experiences if permit.shows("experience", i.id)],
        [s for s in view.skills if permit.shows("skill", s.claim.id)],
        personal,
    )


def view(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    keys: KeyRing,
    now: datetime,
    as_of: datetime | None = None,
    grant_id: str | None = None,
    link_token: str | None = None,
    logged_as: AccessAction = AccessAction.VIEW,
) -> PassportView:
    """The passport with each claim's assessments and assurance level.

    The holder sees everything; anyone else only through a share grant (``grant_id``, plus
    ``link_token`` for an open link) or a counsellor mandate, and the access is logged as
    ``logged_as`` (see :mod:`kunde.passport.access`). Under a grant only the granted items
    come back. With ``as_of`` (holder and mandates only), the passport as it was then.
    """
    permit = access.require(
        actor_id,
        holder_id,
        Action.READ,
        uow=uow,
        now=now,
        grant_id=grant_id,
        link_token=link_token,
        logged_as=logged_as,
    )
    if as_of is not None and permit.scope is not None:
        raise InvalidInput("A share shows the passport as it is now, not as it was.")
    return _narrow(_view(uow, holder_id, keys, now, as_of), permit)


def _view(
    uow: UnitOfWork, holder_id: str, keys: KeyRing, now: datetime, as_of: datetime | None
) -> PassportView:
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        return PassportView(holder_id, 0, as_of, [], [], [], None)
    if as_of is None:
        items = [passport.item(row) for row in passport.store.items(passport.id)]
        return _assemble(holder_id, passport.row.version, None, items, now.date())
    latest: dict[str, tuple[Item | None, int]] = {}
    created: dict[str, datetime] = {}
    for row in passport.store.versions(passport.id):
        at = utc(row.changed_at)
        created.setdefault(row.item_id, at)
        if at > as_of:
            continue
        body = (
            passport.open_body(row.kind, row.body, f"version:{row.item_id}:{row.version}")
            if row.body is not None
            else None
        )
        parent = body.claim_id if isinstance(body, Assessment) else None
        item = (
            Item(
                row.item_id, ItemKind(row.kind), row.version, created[row.item_id], at, body, parent
            )
            if body is not None
            else None
        )
        latest[row.item_id] = (item, row.passport_version)
    items = [item for item, _v in latest.values() if item is not None]
    version = max((v for _i, v in latest.values()), default=0)
    return _assemble(holder_id, version, as_of, items, as_of.date())


def title(kind: ItemKind, body: Body | None) -> str:
    """A short name of a record for timelines (concept URIs are labelled by the caller)."""
    if isinstance(body, Achievement):
        return body.title
    if isinstance(body, Experience):
        return body.role
    if isinstance(body, SkillClaim):
        return body.concept_uri
    if isinstance(body, Assessment):
        return f"{body.assessor_role.value}: {body.method.value}"
    return kind.value


def history(uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing) -> list[HistoryEntry]:
    """Every change to the passport, newest first."""
    access.require(actor_id, holder_id, Action.READ)
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        return []
    last_body: dict[str, Body] = {}
    entries = []
    for row in passport.store.versions(passport.id):
        if row.body is not None:
            last_body[row.item_id] = passport.open_body(
                row.kind, row.body, f"version:{row.item_id}:{row.version}"
            )
        kind = ItemKind(row.kind)
        entries.append(
            HistoryEntry(
                row.passport_version,
                row.item_id,
                kind,
                row.version,
                row.change,
                utc(row.changed_at),
                title(kind, last_body.get(row.item_id)),
            )
        )
    return sorted(entries, key=lambda e: e.passport_version, reverse=True)


def growth_events(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing
) -> list[growth.Event]:
    """How the passport grew (skills added, levels raised, diplomas and courses added),
    replayed from its version history; oldest first."""
    access.require(actor_id, holder_id, Action.READ)
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        return []
    versions = []
    for row in sorted(passport.store.versions(passport.id), key=lambda r: r.passport_version):
        kind = ItemKind(row.kind)
        body = (
            passport.open_body(row.kind, row.body, f"version:{row.item_id}:{row.version}")
            if row.body is not None
            else None
        )
        versions.append(growth.Version(utc(row.changed_at), row.item_id, kind, row.change, body))
    return growth.events(versions)


# --- evidence files --------------------------------------------------------------------------
def add_file(
    uow: UnitOfWork,
    *,
    actor_id: str,
    holder_id: str,
    name: str,
    content: bytes,
    declared_type: str | None,
    keys: KeyRing,
    now: datetime,
) -> StoredFile:
    """Store an evidence file (PDF, PNG or JPEG, at most 5 MB), encrypted."""
    if len(content) > MAX_FILE_BYTES:
        raise InvalidInput(
            "This file is too large: at most 5 MB.",
            details={"field": "file", "max_bytes": MAX_FILE_BYTES},
        )
    media_type = sniff_media_type(content)
    if media_type is None or (
        declared_type not in (None, "", media_type, "application/octet-stream")
    ):
        raise InvalidInput("Use a PDF, PNG or JPEG file.", details={"field": "file"})
    clean_name = (name.replace("\\", "/").rsplit("/", 1)[-1].strip() or "evidence")[:200]
    passport = _writable(uow, actor_id, holder_id, keys, now)
    file_id = new_id()
    meta = json.dumps({"name": clean_name, "media_type": media_type}).encode()
    passport.store.add(
        FileRow(
            id=file_id,
            passport_id=passport.id,
            size=len(content),
            created_at=now,
            meta=passport.seal_bytes(meta, f"file-meta:{file_id}"),
            content=passport.seal_bytes(content, f"file:{file_id}"),
        )
    )
    uow.commit()
    return StoredFile(file_id, clean_name, media_type, len(content), now)


def _stored(passport: OpenPassport, row: FileRow) -> StoredFile:
    meta = json.loads(passport.open_bytes(row.meta, f"file-meta:{row.id}"))
    return StoredFile(row.id, meta["name"], meta["media_type"], row.size, utc(row.created_at))


def file(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, file_id: str, keys: KeyRing
) -> tuple[StoredFile, bytes]:
    """An evidence file and its content."""
    access.require(actor_id, holder_id, Action.READ)
    passport = open_passport(uow, holder_id, keys)
    row = passport.store.file(passport.id, file_id) if passport else None
    if passport is None or row is None:
        raise NotFound("There is no such file.")
    return _stored(passport, row), passport.open_bytes(row.content, f"file:{row.id}")


def files(uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing) -> list[StoredFile]:
    access.require(actor_id, holder_id, Action.READ)
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        return []
    return [_stored(passport, row) for row in passport.store.files(passport.id)]


# --- sealed notes for other packages ----------------------------------------------------------
def seal_note(
    uow: UnitOfWork, *, holder_id: str, keys: KeyRing, data: bytes, context: str, now: datetime
) -> bytes:
    """Encrypt ``data`` with the holder's passport key, bound to ``context``. For personal data
    another package keeps about a holder (a counsellor's proposed change): erasing the
    passport destroys the key, so such notes become unreadable with it."""
    passport = open_passport(uow, holder_id, keys, create_at=now)
    assert passport is not None  # noqa: S101 - create_at makes one
    return passport.seal_bytes(data, f"note:{context}")


def open_note(
    uow: UnitOfWork, *, holder_id: str, keys: KeyRing, blob: bytes, context: str
) -> bytes:
    """Decrypt what :func:`seal_note` sealed; :class:`NotFound` once the passport is erased."""
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        raise NotFound("This passport has been erased.")
    return passport.open_bytes(blob, f"note:{context}")
