"""What other packages keep under a holder's passport key, and the one path by which a
checked credential becomes skill claims.

* :func:`seal` / :func:`unseal` encrypt data (e.g. wallet credentials) with the passport's
  own key, so erasing the passport shreds them too.
* :func:`add_credential_skills` adds claims and assessments with source ``credential``. It
  is the only function that may set ``credential_verified``; callers pass ``verified=True``
  only after they checked the credential's signature, status and validity themselves.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kunde.passport import access
from kunde.passport._records import ConceptCheck, open_passport, parse
from kunde.passport.access import Action
from kunde.passport.model import (
    AssessmentSource,
    ItemKind,
    Proficiency,
    SkillClaim,
)
from kunde.passport.service import _put  # the shared writer of items and their versions
from kunde.passport.store import ItemRow

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport._crypto import KeyRing


def seal(
    uow: UnitOfWork, *, holder_id: str, keys: KeyRing, data: bytes, context: str, now: datetime
) -> tuple[str, bytes]:
    """Encrypt ``data`` under the holder's passport key (made when missing; no commit).

    Returns ``(passport_id, blob)``: keep the passport id with the blob (a foreign key with
    cascading delete makes erasure remove the blob too) and ``context`` to unseal it.
    """
    access.require(holder_id, holder_id, Action.WRITE)
    passport = open_passport(uow, holder_id, keys, create_at=now)
    assert passport is not None  # noqa: S101 - create_at makes one
    return passport.id, passport.seal_bytes(data, f"vault:{context}")


def unseal(
    uow: UnitOfWork, *, actor_id: str, holder_id: str, keys: KeyRing, blob: bytes, context: str
) -> bytes:
    """Decrypt what :func:`seal` made; only actors allowed to read the passport may."""
    access.require(actor_id, holder_id, Action.READ)
    passport = open_passport(uow, holder_id, keys)
    if passport is None:
        raise LookupError("the passport is gone")
    return passport.open_bytes(blob, f"vault:{context}")


_LEVEL_WORDS = {
    Proficiency.STARTING: ("starting", "basic", "beginner", "novice", "a1", "a2"),
    Proficiency.INDEPENDENT: ("independent", "intermediate", "competent", "b1", "b2"),
    Proficiency.EXPERIENCED: ("experienced", "proficient", "advanced", "c1"),
    Proficiency.EXPERT: ("expert", "master", "c2"),
}


def proficiency(level: str | None) -> Proficiency:
    """A credential's free-text level on the passport's four-step scale (default 2)."""
    word = (level or "").strip().lower()
    if word in {"1", "2", "3", "4"}:
        return Proficiency(int(word))
    for step, words in _LEVEL_WORDS.items():
        if word in words:
            return step
    return Proficiency.INDEPENDENT


@dataclass(frozen=True)
class CredentialSkill:
    """One skill of a credential: the concept and the level the credential states."""

    concept_uri: str
    level: str | None = None


@dataclass(frozen=True)
class AddedSkills:
    claim_ids: list[str]
    skipped: list[str]  # concept URIs the taxonomy does not know


def add_credential_skills(
    uow: UnitOfWork,
    *,
    holder_id: str,
    skills: list[CredentialSkill],
    assessment: dict[str, Any],
    verified: bool,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
    bound: bool | None = None,
) -> AddedSkills:
    """Add (or reuse) a claim per skill and give each an assessment from the credential.

    ``assessment`` holds the Assessment fields except ``claim_id``, ``source`` and
    ``credential_verified``. With ``verified`` the assessments get source ``credential``
    and ``credential_verified``; without, source ``holder``. ``bound`` False (a credential
    bound to a key the holder did not show is theirs) keeps it the holder's own statement
    too, marked ``holder_bound: false`` so the passport can say why. Unknown concepts are
    skipped, not refused, because a credential from elsewhere may use another skills
    language.
    Does not commit.
    """
    access.require(holder_id, holder_id, Action.WRITE)
    passport = open_passport(uow, holder_id, keys, create_at=now)
    assert passport is not None  # noqa: S101 - create_at makes one
    # A credential that could not be fully checked is the holder's report of someone
    # else's check: it counts as unconfirmed, like one typed in (see assurance).
    counts = verified and bound is not False
    source = AssessmentSource.CREDENTIAL if counts else AssessmentSource.HOLDER
    claim_ids, skipped = [], []
    for skill in skills:
        if not concepts.exists(skill.concept_uri):
            skipped.append(skill.concept_uri)
            continue
        claim = SkillClaim(concept_uri=skill.concept_uri, proficiency=proficiency(skill.level))
        rows = passport.store.items(passport.id, ItemKind.SKILL.value)
        existing = _claim_with(rows, passport.lookup(claim))
        claim_id = existing or _put(passport, ItemKind.SKILL, claim, now).id
        body = parse(
            ItemKind.ASSESSMENT,
            {
                **assessment,
                "claim_id": claim_id,
                "source": source.value,
                "credential_verified": counts,
                "holder_bound": bound,
            },
        )
        _put(passport, ItemKind.ASSESSMENT, body, now, parent_id=claim_id)
        claim_ids.append(claim_id)
    return AddedSkills(claim_ids, skipped)


def _claim_with(rows: list[ItemRow], lookup: str | None) -> str | None:
    return next((row.id for row in rows if row.lookup == lookup), None)


__all__ = [
    "AddedSkills",
    "CredentialSkill",
    "add_credential_skills",
    "proficiency",
    "seal",
    "unseal",
]
