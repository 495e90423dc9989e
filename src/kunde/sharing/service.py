"""Use cases of sharing: grants, the audience's view, matching access, and the access log.

Conventions: functions take the unit of work, the acting account, the :class:`KeyRing` where
passport data is read, and the time; writers commit, or raise and write nothing. Every read
of the holder's data goes through :func:`kunde.passport.service.view` and so through
:func:`kunde.passport.access.require`, which checks the grant and logs the access.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.accounts.model import OrganisationRole, normalise_email
from kunde.errors import ConsentRequired, InvalidInput, NotFound
from kunde.passport import service as passport
from kunde.sharing import gate
from kunde.sharing.model import (
    AccessAction,
    AccessEntry,
    Audience,
    AudienceKind,
    ChainCheck,
    Grant,
    GrantState,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
    clean_text,
    expiry,
    verify_chain,
)
from kunde.sharing.store import GrantRow, SharingStore

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.passport import KeyRing
    from kunde.passport.service import PassportView

ANYONE = gate.ANYONE


@dataclass(frozen=True)
class CreatedGrant:
    """A new grant and the path of its link (with the secret for an open link: shown once)."""

    grant: Grant
    path: str


@dataclass(frozen=True)
class SharedView:
    """What the audience sees: the grant's purpose and end, the holder's name, and only the
    granted records, personal fields and credential ids."""

    grant: Grant
    holder_name: str
    passport: PassportView
    credential_ids: tuple[str, ...]


def _audience(uow: UnitOfWork, audience: Audience, purpose: Purpose) -> tuple[Audience, str]:
    """Check the audience against the purpose; return it cleaned, with a name to show."""
    if audience.kind is AudienceKind.PERSON:
        email = normalise_email(audience.email or "")
        return Audience(AudienceKind.PERSON, None, email), email
    if audience.kind is AudienceKind.ANYONE_WITH_LINK:
        return Audience(AudienceKind.ANYONE_WITH_LINK), ""
    org = accounts.organisation(uow, audience.organisation_id or "")
    if audience.kind is AudienceKind.MATCHING_POOL and (
        OrganisationRole.LABOUR_MARKET_SERVICE not in org.roles
        or purpose.kind is not PurposeKind.MATCHING_POOL
    ):
        raise InvalidInput(
            "A matching pool belongs to a labour-market service, for the purpose matching pool.",
            details={"field": "audience"},
        )
    return Audience(audience.kind, org.id), org.name


def _check_purpose(request: NewGrant) -> Purpose:
    detail = clean_text(request.purpose.detail, "purpose.detail")
    kind = request.purpose.kind
    if kind is PurposeKind.VACANCY and not detail:
        raise InvalidInput("Name the vacancy you apply for.", details={"field": "purpose.detail"})
    if kind is PurposeKind.TALENT_MANAGEMENT and (
        request.audience.kind is not AudienceKind.ORGANISATION or not detail
    ):
        raise InvalidInput(
            "Talent management is shared with your employer, for a team or role you name.",
            details={"field": "purpose.detail"},
        )
    vacancy_id = request.purpose.vacancy_id
    if vacancy_id is not None and (
        kind is not PurposeKind.VACANCY or request.audience.kind is not AudienceKind.ORGANISATION
    ):
        raise InvalidInput(
            "A vacancy id belongs to an application shared with the employer.",
            details={"field": "purpose.vacancy_id"},
        )
    return Purpose(kind, detail, vacancy_id)


def _check_items(
    uow: UnitOfWork, holder_id: str, items: tuple[SharedItem, ...], keys: KeyRing, now: datetime
) -> None:
    """Every record must be the holder's own: an audience can never re-share."""
    own = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
    present = {
        *(("achievement", i.id) for i in own.achievements),
        *(("experience", i.id) for i in own.experiences),
        *(("skill", s.claim.id) for s in own.skills),
    }
    for index, item in enumerate(items):
        if item.kind in (ItemKind.PERSONAL, ItemKind.CREDENTIAL):
            continue  # fields are checked by name; credentials live in the wallet
        if (item.kind.value, item.id) not in present:
            raise InvalidInput(
                f"There is no {item.kind.value} with id {item.id} in your passport.",
                details={"field": f"items.{index}", "id": item.id},
            )


def grant(
    uow: UnitOfWork,
    *,
    holder_id: str,
    request: NewGrant,
    keys: KeyRing,
    now: datetime,
    max_days: int,
    link_secret: str,
) -> CreatedGrant:
    """Share the chosen items of the holder's own passport with one audience, for one
    purpose, until an end (default 30 days, at most ``max_days``).

    An open link needs ``open_link_acknowledged``; its secret (``link_secret``, random, from
    the caller) goes into the returned path and is stored only as a digest.
    """
    if request.audience.kind is AudienceKind.ANYONE_WITH_LINK and not (
        request.open_link_acknowledged
    ):
        raise InvalidInput(
            "Anyone who gets this link can see what you share. Confirm that you understand.",
            details={"field": "open_link_acknowledged"},
        )
    purpose = _check_purpose(request)
    audience, name = _audience(uow, request.audience, purpose)
    until = expiry(now, request.expires_at, max_days)
    _check_items(uow, holder_id, request.items, keys, now)
    is_open = audience.kind is AudienceKind.ANYONE_WITH_LINK
    row = GrantRow(
        id=str(uuid.uuid4()),
        holder_id=holder_id,
        audience_kind=audience.kind.value,
        organisation_id=audience.organisation_id,
        email=audience.email,
        purpose=purpose.kind.value,
        purpose_detail=purpose.detail,
        vacancy_id=purpose.vacancy_id,
        items=[item.as_dict() for item in request.items],
        token_hash=gate.digest(link_secret) if is_open else None,
        created_at=now,
        expires_at=until,
        revoked_at=None,
    )
    SharingStore(uow.session).add(row)
    uow.commit()
    path = f"/shares/{row.id}" + (f"?key={link_secret}" if is_open else "")
    return CreatedGrant(row.to_model(name), path)


def _named(uow: UnitOfWork, row: GrantRow) -> Grant:
    if row.organisation_id:
        try:
            return row.to_model(accounts.organisation(uow, row.organisation_id).name)
        except NotFound:
            return row.to_model()
    return row.to_model(row.email or "")


def shares(uow: UnitOfWork, *, holder_id: str) -> list[Grant]:
    """Every grant the holder made, also ended ones: they are the consent record."""
    return [_named(uow, row) for row in SharingStore(uow.session).grants_of(holder_id)]


def share(uow: UnitOfWork, *, holder_id: str, share_id: str) -> Grant:
    row = SharingStore(uow.session).grant(share_id)
    if row is None or row.holder_id != holder_id:
        raise NotFound("There is no such share.")
    return _named(uow, row)


def revoke(uow: UnitOfWork, *, holder_id: str, share_id: str, now: datetime) -> Grant:
    """End a grant at once; the record stays. Revoking twice keeps the first time."""
    row = SharingStore(uow.session).grant(share_id)
    if row is None or row.holder_id != holder_id:
        raise NotFound("There is no such share.")
    if row.revoked_at is None:
        row.revoked_at = now
        uow.commit()
    return _named(uow, row)


def received(uow: UnitOfWork, *, viewer_id: str, now: datetime) -> list[tuple[Grant, str]]:
    """Active grants made to the viewer or to organisations whose shares the viewer handles,
    with the holder's name. Shows no content; opening one goes through :func:`shared_view`."""
    account = accounts.account(uow, viewer_id)
    orgs = [m.organisation.id for m in accounts.memberships(uow, viewer_id) if m.handles_shares]
    rows = SharingStore(uow.session).grants_to(orgs, account.email)
    found = [_named(uow, row) for row in rows]
    return [
        (g, accounts.account(uow, g.holder_id).display_name)
        for g in found
        if g.state(now) is GrantState.ACTIVE
    ]


def shared_view(
    uow: UnitOfWork,
    viewer: str,
    share_id: str,
    *,
    keys: KeyRing,
    now: datetime,
    link_token: str | None = None,
) -> SharedView:
    """The granted part of the holder's passport, as the audience ``viewer`` (an account id,
    or :data:`ANYONE` with ``link_token``). The access is logged before anything returns.

    Raises :class:`~kunde.errors.ConsentRequired` to the audience of an ended or revoked
    grant, :class:`~kunde.errors.NotFound` to everyone else.
    """
    found = gate.audience_grant(
        uow, actor_id=viewer, grant_id=share_id, now=now, link_token=link_token
    )
    view = passport.view(
        uow,
        actor_id=viewer,
        holder_id=found.holder_id,
        keys=keys,
        now=now,
        grant_id=share_id,
        link_token=link_token,
    )
    credentials = tuple(i.id for i in found.items if i.kind is ItemKind.CREDENTIAL)
    holder = accounts.account(uow, found.holder_id).display_name
    named = share(uow, holder_id=found.holder_id, share_id=share_id)
    return SharedView(named, holder, view, credentials)


def record_access(
    uow: UnitOfWork,
    *,
    actor_id: str,
    grant_id: str,
    items: list[SharedItem],
    now: datetime,
    action: AccessAction = AccessAction.MATCH,
) -> AccessEntry:
    """Log a use of shared data outside :func:`shared_view` (matching, downloads). The grant
    must be active, ``actor_id`` its audience, and ``items`` within it; commits the entry."""
    found = gate.audience_grant(uow, actor_id=actor_id, grant_id=grant_id, now=now)
    outside = [item for item in items if item not in found.items]
    if outside:
        raise ConsentRequired("This share does not include everything asked for.")
    entry = gate.append(
        uow,
        holder_id=found.holder_id,
        actor_id=actor_id,
        action=action,
        now=now,
        organisation_id=found.audience.organisation_id,
        grant=found,
        items=tuple(items) or found.items,
    )
    uow.commit()
    return entry


# --- the access log ---------------------------------------------------------------------------
@dataclass(frozen=True)
class LogLine:
    """An access-log entry with names for the holder: ``who`` is the organisation (or the
    person, or empty for an open link); ``titles`` name each item (skills: concept URI),
    empty when the record was deleted since; ``vacancy`` is the title of the vacancy a match
    was for (empty when it was removed since, or for other entries)."""

    entry: AccessEntry
    who: str
    person: str
    titles: tuple[str, ...]
    vacancy: str = ""
    purpose_words: str = ""  # a verifier on another host: the purpose in its own words


def access_log(
    uow: UnitOfWork,
    *,
    holder_id: str,
    keys: KeyRing,
    now: datetime,
    vacancy_titles: Callable[[set[str]], dict[str, str]] | None = None,
) -> list[LogLine]:
    """The holder's access log, newest first. Only the holder reads it. ``vacancy_titles``
    names the vacancies of matches by id (matching's tables are not sharing's to read)."""
    own = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
    titles: dict[tuple[str, str], str] = {}
    for item in [*own.achievements, *own.experiences]:
        titles[(item.kind.value, item.id)] = passport.title(item.kind, item.body)
    for skill in own.skills:
        titles[("skill", skill.claim.id)] = passport.title(skill.claim.kind, skill.claim.body)
    names: dict[str, str] = {}

    def name(kind: str, key: str | None) -> str:
        if not key:
            return ""
        if key not in names:
            try:
                names[key] = (
                    accounts.organisation(uow, key).name
                    if kind == "org"
                    else accounts.account(uow, key).display_name
                )
            except NotFound:
                names[key] = ""
        return names[key]

    rows = SharingStore(uow.session).entries(holder_id)
    wanted = {row.vacancy_id for row in rows if row.vacancy_id}
    vacancies = vacancy_titles(wanted) if vacancy_titles and wanted else {}
    outside = SharingStore(uow.session).outside_presentations(
        {row.presentation_id for row in rows if row.presentation_id}
    )
    lines = []
    for row in reversed(rows):
        entry = row.to_model()
        item_titles = tuple(
            item.id
            if item.kind is ItemKind.PERSONAL
            else titles.get((item.kind.value, item.id), "")
            for item in entry.items
        )
        verifier = outside.get(entry.presentation_id or "")
        lines.append(
            LogLine(
                entry,
                f"{verifier.verifier_name} ({verifier.verifier_host})"
                if verifier
                else name("org", entry.organisation_id),
                name("person", entry.actor_id),
                item_titles,
                vacancies.get(entry.vacancy_id or "", ""),
                verifier.purpose_text if verifier else "",
            )
        )
    return lines


def verify_log(uow: UnitOfWork, *, holder_id: str) -> ChainCheck:
    """Check the holder's hash chain; any edited, removed or reordered row is reported."""
    return verify_chain([row.to_model() for row in SharingStore(uow.session).entries(holder_id)])


def log_records(lines: list[LogLine]) -> list[dict[str, Any]]:
    """The log as flat records for JSON and CSV export."""
    return [
        {
            "position": line.entry.position,
            "at": line.entry.at.isoformat(),
            "action": line.entry.action.value,
            "organisation": line.who,
            "organisation_id": line.entry.organisation_id,
            "person": line.person,
            "actor_id": line.entry.actor_id,
            "grant_id": line.entry.grant_id,
            "mandate_id": line.entry.mandate_id,
            "purpose": line.entry.purpose.kind.value if line.entry.purpose else None,
            "purpose_detail": line.entry.purpose.detail
            if line.entry.purpose
            else line.purpose_words or None,
            "vacancy_id": line.entry.vacancy_id,
            "vacancy": line.vacancy,
            "items": [
                {**item.as_dict(), "title": title}
                for item, title in zip(line.entry.items, line.titles, strict=True)
            ],
            "hash": line.entry.hash,
            "previous_hash": line.entry.previous_hash,
        }
        for line in lines
    ]


LOG_COLUMNS = (
    "position", "at", "action", "organisation", "organisation_id", "person", "actor_id",
    "grant_id", "mandate_id", "purpose", "purpose_detail", "vacancy_id", "vacancy", "items",
    "hash", "previous_hash",
)  # fmt: skip


def log_csv(lines: list[LogLine]) -> str:
    """The log as CSV, one row per entry; items as ``kind:id`` separated by spaces."""
    out = io.StringIO()
    writer = csv.DictWriter(out, LOG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for record in log_records(lines):
        items = " ".join(f"{i['kind']}:{i['id']}" for i in record["items"])
        writer.writerow({**record, "items": items})
    return out.getvalue()
