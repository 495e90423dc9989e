"""Demo data for `make run`: a labour-market service with holders in its matching pool (by
grants of their skills), an employer with vacancies, staff who share their skills with that
employer for talent management (per team, so the team view, "closest to a next role" and
"which training" show something) and a learning-offer catalogue (``demo.json``, Dutch and
English). Loading twice changes nothing."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.errors import NotFound
from kunde.matching import advice, pool, service
from kunde.matching.learning import LearningOffer
from kunde.matching.store import MatchingStore
from kunde.passport import service as passport
from kunde.sharing import service as sharing
from kunde.sharing import team
from kunde.sharing.model import (
    Audience,
    AudienceKind,
    ItemKind,
    NewGrant,
    Purpose,
    PurposeKind,
    SharedItem,
)

if TYPE_CHECKING:
    from kunde.accounts.model import Account, Organisation
    from kunde.db.session import UnitOfWork
    from kunde.passport import ConceptCheck, KeyRing

DEMO_FILE = Path(__file__).with_name("demo.json")


def _account(uow: UnitOfWork, data: dict[str, Any], password: str, now: datetime) -> Account:
    try:
        return accounts.account_by_email(uow, data["email"])
    except NotFound:
        return accounts.sign_up(
            uow, email=data["email"], password=password, display_name=data["display_name"], now=now
        )


def _organisation(
    uow: UnitOfWork, data: dict[str, Any], role: str, password: str, now: datetime
) -> tuple[Account, Organisation]:
    """The organisation named in ``data`` with its admin account, made if missing."""
    admin = _account(uow, data, password, now)
    name = data["organisation"]
    organisation = next(
        (
            m.organisation
            for m in accounts.memberships(uow, admin.id)
            if m.organisation.name == name
        ),
        None,
    ) or accounts.create_organisation(uow, admin, name=name, roles=[role], now=now)
    return admin, organisation


def load(
    uow: UnitOfWork,
    matching: service.MatchingService,
    *,
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
    max_days: int,
) -> dict[str, int]:
    """Create what ``demo.json`` describes unless it exists; returns what was added.

    Holders join the pool of the demo labour-market service with a grant of all their
    skills for ``max_days`` (the longest a share may last); a holder whose pool grant is
    still active is left as is."""
    demo = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    password = demo["password"]
    added = {"holders": 0, "staff": 0, "skills": 0, "vacancies": 0, "offers": 0}
    _, werkplein = _organisation(
        uow, demo["labour_market_service"], "labour_market_service", password, now
    )
    for holder in demo["holders"]:
        account = _account(uow, holder, password, now)
        found = service.confirm_skills(
            uow, holder_id=account.id, uris=holder["skills"], keys=keys, concepts=concepts, now=now
        )
        added["skills"] += len(found)
        if found or not pool.in_pool(uow, holder_id=account.id, now=now):
            pool.join_pool(
                uow,
                holder_id=account.id,
                keys=keys,
                now=now,
                max_days=max_days,
                organisation_id=werkplein.id,
                expires_at=now + timedelta(days=max_days),
            )
            added["holders"] += 1
    employer, organisation = _organisation(uow, demo["employer"], "employer", password, now)
    sharing_now = team.talent_grants(uow, organisation.id, now)
    for person in demo["staff"]:
        account = _account(uow, person, password, now)
        found = service.confirm_skills(
            uow, holder_id=account.id, uris=person["skills"], keys=keys, concepts=concepts, now=now
        )
        added["skills"] += len(found)
        if found or account.id not in sharing_now:
            _share_for_talent(uow, account.id, organisation.id, person["team"], keys, now, max_days)
            added["staff"] += 1
    store = MatchingStore(uow.session)
    for vacancy in demo["vacancies"]:
        if store.vacancy_by_title(organisation.id, vacancy["title"]) is not None:
            continue
        service.create_vacancy(
            uow,
            matching,
            actor_id=employer.id,
            organisation_id=organisation.id,
            title=vacancy["title"],
            occupation_uri=vacancy.get("occupation_uri"),
            text=vacancy.get("text"),
            language=vacancy.get("lang"),
            now=now,
        )
        added["vacancies"] += 1
    offers = [LearningOffer.model_validate(o) for o in demo["offers"]]
    added["offers"] = advice.import_offers(uow, offers)[0]
    return added


def _share_for_talent(  # noqa: PLR0917 - the parts of one grant
    uow: UnitOfWork,
    holder_id: str,
    organisation_id: str,
    team_name: str,
    keys: KeyRing,
    now: datetime,
    max_days: int,
) -> None:
    """Share all the holder's skills with the employer for talent management in a team."""
    own = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
    sharing.grant(
        uow,
        holder_id=holder_id,
        request=NewGrant(
            audience=Audience(AudienceKind.ORGANISATION, organisation_id),
            purpose=Purpose(PurposeKind.TALENT_MANAGEMENT, team_name),
            items=tuple(SharedItem(ItemKind.SKILL, s.claim.id) for s in own.skills),
            expires_at=now + timedelta(days=max_days),
        ),
        keys=keys,
        now=now,
        max_days=max_days,
        link_secret="",
    )


__all__ = ["DEMO_FILE", "load"]
