"""Consent grants, counsellor mandates and the access log: plain types and the rules that need
no storage.

Rules kept here so they are testable without a database:

* a grant names its items one by one (:class:`SharedItem`); personal information is shared per
  field, never as a whole;
* a grant's audience is an organisation, a named person (by e-mail, who signs in), the matching
  pool of a labour-market service, or anyone holding the link (only with an explicit warning);
* a grant lasts :data:`DEFAULT_DAYS` unless the holder picks another end, never longer than
  the instance's maximum; it is *active* only between creation and its end, and not after
  revocation (:meth:`Grant.state`);
* the access log is a hash chain per holder (:func:`entry_hash`): each entry hashes its own
  fields and the previous entry's hash, so an edited or removed row breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from kunde.errors import InvalidInput

DEFAULT_DAYS = 30
GENESIS = "0" * 64
MAX_TEXT = 200


class ItemKind(StrEnum):
    """What a grant can name, each separately."""

    SKILL = "skill"
    ACHIEVEMENT = "achievement"
    EXPERIENCE = "experience"
    CREDENTIAL = "credential"
    PERSONAL = "personal"  # one field of the personal information, named by ``field``


PERSONAL_FIELDS = ("traits", "motivation", "career_wishes")


class AudienceKind(StrEnum):
    ORGANISATION = "organisation"  # members of a named organisation, signed in
    PERSON = "person"  # one person, who signs in with the named e-mail address
    MATCHING_POOL = "matching_pool"  # the matching pool of a labour-market service
    ANYONE_WITH_LINK = "anyone_with_link"  # whoever holds the secret link


class PurposeKind(StrEnum):
    VACANCY = "vacancy"  # application for a named vacancy
    TALENT_MANAGEMENT = "talent_management"  # at the current employer; detail names the team
    COUNSELLING = "counselling"
    MATCHING_POOL = "matching_pool"
    EDUCATION = "education"  # education, or exemption for what someone already masters


class GrantState(StrEnum):
    ACTIVE = "active"
    EXPIRED = "expired"
    REVOKED = "revoked"


class MandateRight(StrEnum):
    """What a counsellor may do; each right includes the ones above it."""

    VIEW = "view"
    PROPOSE = "propose"  # changes wait for the holder's yes or no
    EDIT = "edit"  # changes go in directly, attributed to the counsellor


class AccessAction(StrEnum):
    VIEW = "view"
    DOWNLOAD = "download"
    MATCH = "match"
    TEAM = "team"  # counted in an employer's team overview
    TALENT = "talent"  # named and compared with a next role by the employer
    COUNSELLOR_VIEW = "counsellor_view"
    COUNSELLOR_EDIT = "counsellor_edit"
    COUNSELLOR_PROPOSAL = "counsellor_proposal"
    PRESENT = "present"  # a credential presented from the wallet (OpenID4VP)


@dataclass(frozen=True)
class SharedItem:
    kind: ItemKind
    id: str  # record id, credential id, or the personal field's name

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind.value, "id": self.id}


@dataclass(frozen=True)
class Audience:
    kind: AudienceKind
    organisation_id: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Purpose:
    kind: PurposeKind
    detail: str = ""  # vacancy title, team, or the holder's own words
    vacancy_id: str | None = None  # purpose vacancy only: the vacancy applied for, by id


@dataclass(frozen=True)
class Grant:
    """A consent record: kept after it ends, as proof of what the holder agreed to."""

    id: str
    holder_id: str
    audience: Audience
    purpose: Purpose
    items: tuple[SharedItem, ...]
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    audience_name: str = ""  # organisation name or e-mail, for the holder's own lists

    def state(self, now: datetime) -> GrantState:
        """Revocation wins over expiry; an unstarted or ended window is not active."""
        if self.revoked_at is not None and self.revoked_at <= now:
            return GrantState.REVOKED
        if not (self.created_at <= now < self.expires_at):
            return GrantState.EXPIRED
        return GrantState.ACTIVE

    def covers(self, kind: ItemKind, item_id: str) -> bool:
        return SharedItem(kind, item_id) in self.items

    def admits_match(self, organisation_id: str, vacancy_id: str, now: datetime) -> bool:
        """Whether this grant lets the skills it names be matched against a vacancy of
        ``organisation_id``, at ``now``. Only an active grant, and only:

        * a matching-pool grant: every vacancy published on this Kunde is matched against the
          pool, and the vacancy's employer sees the match;
        * a grant to the vacancy's own organisation for talent management (its vacancies are
          next steps inside the organisation) or for an application to exactly this vacancy
          (by id: a vacancy named only in words is never matched).
        """
        if self.state(now) is not GrantState.ACTIVE:
            return False
        if self.audience.kind is AudienceKind.MATCHING_POOL:
            return self.purpose.kind is PurposeKind.MATCHING_POOL
        if (
            self.audience.kind is not AudienceKind.ORGANISATION
            or self.audience.organisation_id != organisation_id
        ):
            return False
        if self.purpose.kind is PurposeKind.TALENT_MANAGEMENT:
            return True
        return self.purpose.kind is PurposeKind.VACANCY and self.purpose.vacancy_id == vacancy_id

    def match_rank(self) -> int:
        """The most specific consent wins when a holder has several: an application (0),
        talent management (1), the pool (2)."""
        order = (PurposeKind.VACANCY, PurposeKind.TALENT_MANAGEMENT, PurposeKind.MATCHING_POOL)
        return order.index(self.purpose.kind) if self.purpose.kind in order else len(order)


@dataclass(frozen=True)
class Mandate:
    id: str
    holder_id: str
    counsellor_id: str
    organisation_id: str
    right: MandateRight
    created_at: datetime
    expires_at: datetime
    ended_at: datetime | None = None
    counsellor_name: str = ""
    organisation_name: str = ""

    def active(self, now: datetime) -> bool:
        ended = self.ended_at is not None and self.ended_at <= now
        return not ended and self.created_at <= now < self.expires_at

    def allows(self, right: MandateRight) -> bool:
        order = list(MandateRight)
        return order.index(self.right) >= order.index(right)


@dataclass(frozen=True)
class AccessEntry:
    """One line of the access log. Ids only: names are looked up when the holder reads it."""

    position: int
    holder_id: str
    actor_id: str | None  # None: someone holding an open link
    organisation_id: str | None
    action: AccessAction
    grant_id: str | None
    mandate_id: str | None
    purpose: Purpose | None
    items: tuple[SharedItem, ...]
    at: datetime
    previous_hash: str = GENESIS
    hash: str = ""
    vacancy_id: str | None = None  # a match: the vacancy the holder's skills were matched to
    presentation_id: str | None = None  # a presentation to a verifier on another host

    def fields(self) -> dict[str, Any]:
        """What the hash covers: everything but the hash itself. ``vacancy_id`` and
        ``presentation_id`` are covered only when set, so entries written before they
        existed keep their hashes."""
        extra: dict[str, Any] = {}
        if self.vacancy_id is not None:
            extra["vacancy_id"] = self.vacancy_id
        if self.presentation_id is not None:
            extra["presentation_id"] = self.presentation_id
        return {
            **extra,
            "position": self.position,
            "holder_id": self.holder_id,
            "actor_id": self.actor_id,
            "organisation_id": self.organisation_id,
            "action": self.action.value,
            "grant_id": self.grant_id,
            "mandate_id": self.mandate_id,
            "purpose": self.purpose.kind.value if self.purpose else None,
            "purpose_detail": self.purpose.detail if self.purpose else None,
            "items": [item.as_dict() for item in self.items],
            "at": self.at.isoformat(),
            "previous_hash": self.previous_hash,
        }


def entry_hash(entry: AccessEntry) -> str:
    """SHA-256 over the canonical JSON of the entry's fields (sorted keys, no spaces)."""
    canonical = json.dumps(entry.fields(), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


@dataclass(frozen=True)
class ChainCheck:
    """The outcome of :func:`verify_chain`: ``broken_at`` is the first bad position."""

    intact: bool
    entries: int
    broken_at: int | None = None
    reason: str = ""


def verify_chain(entries: list[AccessEntry]) -> ChainCheck:
    """Check positions run 1, 2, 3, ..., each entry links to the one before, and each hash
    matches its fields. Any edit, removal or reordering of a row is reported."""
    previous = GENESIS
    for expected, entry in enumerate(entries, start=1):
        if entry.position != expected:
            return ChainCheck(
                intact=False, entries=len(entries), broken_at=expected, reason="an entry is missing"
            )
        if entry.previous_hash != previous:
            return ChainCheck(
                intact=False,
                entries=len(entries),
                broken_at=expected,
                reason="the link to the entry before",
            )
        if entry_hash(entry) != entry.hash:
            return ChainCheck(
                intact=False,
                entries=len(entries),
                broken_at=expected,
                reason="the entry was changed",
            )
        previous = entry.hash
    return ChainCheck(intact=True, entries=len(entries))


def clean_text(value: str, field_name: str) -> str:
    text = " ".join(value.split())
    if len(text) > MAX_TEXT:
        raise InvalidInput(f"Use at most {MAX_TEXT} characters.", details={"field": field_name})
    return text


def expiry(now: datetime, requested: datetime | None, max_days: int) -> datetime:
    """The end of a grant: ``requested`` (with a time zone, in the future, within the
    maximum) or :data:`DEFAULT_DAYS` from now (capped at the maximum)."""
    limit = now + timedelta(days=max_days)
    if requested is None:
        return min(now + timedelta(days=DEFAULT_DAYS), limit)
    if requested.tzinfo is None:
        raise InvalidInput(
            "Give the end with a time zone, e.g. 2026-06-30T00:00:00Z.",
            details={"field": "expires_at"},
        )
    if requested <= now:
        raise InvalidInput("The end must be in the future.", details={"field": "expires_at"})
    if requested > limit:
        raise InvalidInput(
            f"A share lasts at most {max_days} days.",
            details={"field": "expires_at", "max_days": max_days},
        )
    return requested


def parse_items(raw: list[dict[str, Any]]) -> tuple[SharedItem, ...]:
    """Items as ``{"kind": ..., "id": ...}``; at least one, no duplicates kept."""
    items: list[SharedItem] = []
    for index, entry in enumerate(raw):
        try:
            kind = ItemKind(str(entry.get("kind")))
        except ValueError:
            allowed = ", ".join(k.value for k in ItemKind)
            raise InvalidInput(
                f"Unknown kind of item; use: {allowed}.", details={"field": f"items.{index}"}
            ) from None
        item_id = str(entry.get("id") or "").strip()
        if not item_id or len(item_id) > 100:  # noqa: PLR2004 - ids are uuids or field names
            raise InvalidInput("Each item needs its id.", details={"field": f"items.{index}"})
        if kind is ItemKind.PERSONAL and item_id not in PERSONAL_FIELDS:
            raise InvalidInput(
                "Personal information is shared per field: traits, motivation or career_wishes.",
                details={"field": f"items.{index}"},
            )
        item = SharedItem(kind, item_id)
        if item not in items:
            items.append(item)
    if not items:
        raise InvalidInput("Choose at least one thing to share.", details={"field": "items"})
    return tuple(items)


@dataclass(frozen=True)
class NewGrant:
    """A grant as the holder asks for it, before the service checks it against the data."""

    audience: Audience
    purpose: Purpose
    items: tuple[SharedItem, ...]
    expires_at: datetime | None = None
    open_link_acknowledged: bool = False
