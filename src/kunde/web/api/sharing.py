"""Sharing: the holder's grants, the audience's view, the access log, counsellor mandates and
team overviews. Routes parse and render; consent is checked in the services."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from kunde.errors import AuthenticationRequired, InvalidInput, NotFound
from kunde.matching import service as matching
from kunde.passport.model import ItemKind as PassportKind
from kunde.sharing import mandates, service, team
from kunde.sharing.model import (
    Audience,
    AudienceKind,
    Grant,
    Mandate,
    MandateRight,
    NewGrant,
    Purpose,
    PurposeKind,
    parse_items,
)
from kunde.wallet import service as wallet
from kunde.web import security
from kunde.web.access_words import log_sentences
from kunde.web.api.passport import view_json
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep
from kunde.web.qr import qr_svg

router = APIRouter(tags=["sharing"])
NO_STORE = {"Cache-Control": "no-store"}


class ItemIn(BaseModel):
    kind: str = Field(max_length=20)
    id: str = Field(max_length=100)


class AudienceIn(BaseModel):
    kind: AudienceKind
    organisation_id: str | None = Field(default=None, max_length=36)
    email: str | None = Field(default=None, max_length=254)


class PurposeIn(BaseModel):
    kind: PurposeKind
    detail: str = Field(default="", max_length=200)
    vacancy_id: str | None = Field(default=None, max_length=36)


class ShareIn(BaseModel):
    items: list[ItemIn] = Field(max_length=500)
    audience: AudienceIn
    purpose: PurposeIn
    expires_at: datetime | None = None
    open_link_acknowledged: bool = False


def grant_json(found: Grant, now: datetime) -> dict[str, Any]:
    return {
        "id": found.id,
        "state": found.state(now).value,
        "audience": {
            "kind": found.audience.kind.value,
            "organisation_id": found.audience.organisation_id,
            "email": found.audience.email,
            "name": found.audience_name,
        },
        "purpose": {
            "kind": found.purpose.kind.value,
            "detail": found.purpose.detail,
            "vacancy_id": found.purpose.vacancy_id,
        },
        "items": [item.as_dict() for item in found.items],
        "created_at": found.created_at.isoformat(),
        "expires_at": found.expires_at.isoformat(),
        "revoked_at": found.revoked_at.isoformat() if found.revoked_at else None,
    }


def new_grant(payload: ShareIn) -> NewGrant:
    return NewGrant(
        audience=Audience(
            payload.audience.kind, payload.audience.organisation_id, payload.audience.email
        ),
        purpose=Purpose(payload.purpose.kind, payload.purpose.detail, payload.purpose.vacancy_id),
        items=parse_items([i.model_dump() for i in payload.items]),
        expires_at=payload.expires_at,
        open_link_acknowledged=payload.open_link_acknowledged,
    )


@router.post("/shares", status_code=201)
def create_share(
    payload: ShareIn, uow: UowDep, account: CurrentAccount, keys: KeysDep, settings: SettingsDep
) -> dict[str, Any]:
    """Share chosen items with one audience for one purpose; answers with ``url`` and ``qr``
    (SVG). An open link's ``url`` holds its secret and is shown only now. A share for a
    vacancy may name it by ``purpose.vacancy_id``: it must be a vacancy of the audience
    organisation, and the share then counts as an application to it."""
    now = security.now()
    vacancy_id = payload.purpose.vacancy_id
    if vacancy_id is not None:
        try:
            owner = matching.vacancy(uow, vacancy_id).organisation_id
        except NotFound:
            owner = None
        if owner is None or owner != payload.audience.organisation_id:
            raise InvalidInput(
                "This vacancy is not one of the organisation you share with.",
                details={"field": "purpose.vacancy_id"},
            )
    created = service.grant(
        uow,
        holder_id=account.id,
        request=new_grant(payload),
        keys=keys,
        now=now,
        max_days=settings.share_max_days,
        link_secret=secrets.token_urlsafe(32),
    )
    url = settings.base_url.rstrip("/") + created.path
    return {**grant_json(created.grant, now), "url": url, "qr_svg": qr_svg(url)}


@router.get("/shares")
def list_shares(uow: UowDep, account: CurrentAccount) -> list[dict[str, Any]]:
    """Every share the caller made, ended ones too (the consent record)."""
    now = security.now()
    return [grant_json(g, now) for g in service.shares(uow, holder_id=account.id)]


@router.get("/shares/received")
def received_shares(uow: UowDep, account: CurrentAccount) -> list[dict[str, Any]]:
    """Active shares made to the caller or the caller's organisations (no content)."""
    now = security.now()
    found = service.received(uow, viewer_id=account.id, now=now)
    return [{**grant_json(g, now), "holder_name": name} for g, name in found]


@router.delete("/shares/{share_id}")
def revoke_share(share_id: str, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    """End a share at once; it stays listed as ended."""
    now = security.now()
    return grant_json(service.revoke(uow, holder_id=account.id, share_id=share_id, now=now), now)


async def viewer_id(request: Request, uow: UowDep, key: str | None) -> str:
    """The signed-in account, or nobody when an open-link key is given without sign-in."""
    try:
        return (await security.authenticate(request, uow)).id
    except AuthenticationRequired:
        if key:
            return service.ANYONE
        raise


@router.get("/shares/{share_id}/view")
async def view_share(
    share_id: str,
    request: Request,
    uow: UowDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    key: Annotated[str | None, Query(max_length=100)] = None,
    language: Annotated[str, Query(pattern="^(nl|en)$")] = "en",
) -> JSONResponse:
    """As the audience: only the granted items. Ended shares are 403 to their audience, and
    404 to everyone else. Every view is written to the holder's access log."""
    viewer = await viewer_id(request, uow, key)
    now = security.now()
    shared = service.shared_view(uow, viewer, share_id, keys=keys, now=now, link_token=key)
    body = view_json(shared.passport, taxonomy, language)
    body.pop("version")
    body["personal"] = (
        {
            k: v
            for k, v in body["personal"].items()
            if k in {i.id for i in shared.grant.items if i.kind.value == "personal"}
        }
        if body["personal"]
        else None
    )
    body["credentials"] = list(shared.credential_ids)
    body["holder_name"] = shared.holder_name
    body["share"] = grant_json(shared.grant, now)
    return JSONResponse(body, headers=NO_STORE)


@router.get("/passport/access-log", response_model=None)
def access_log(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    format_: Annotated[Literal["json", "csv"], Query(alias="format")] = "json",
    language: Annotated[str, Query(pattern="^(nl|en)$")] = "en",
) -> Response | dict[str, Any]:
    """Every view, download, match and counsellor action by someone else, newest first, each
    with a ``summary`` in plain words, and the check of the hash chain; ``?format=csv``
    downloads it."""
    lines = service.access_log(
        uow,
        holder_id=account.id,
        keys=keys,
        now=security.now(),
        vacancy_titles=lambda ids: matching.vacancy_titles(uow, ids),
    )
    if format_ == "csv":
        return Response(
            service.log_csv(lines),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="access-log.csv"', **NO_STORE},
        )
    check = service.verify_log(uow, holder_id=account.id)
    records = service.log_records(lines)
    credentials = {
        c.id: c.title
        for c in wallet.entries(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    }
    sentences = log_sentences(lines, taxonomy, credentials, language)
    return {
        "entries": [
            {**record, "summary": sentence["sentence"]}
            for record, sentence in zip(records, sentences, strict=True)
        ],
        "chain": {"intact": check.intact, "entries": check.entries, "broken_at": check.broken_at},
    }


# --- counsellor mandates -----------------------------------------------------------------------
class MandateIn(BaseModel):
    counsellor_email: str = Field(max_length=254)
    organisation_id: str = Field(max_length=36)
    right: MandateRight = MandateRight.VIEW
    days: int = 30


class ChangeIn(BaseModel):
    kind: Literal["achievement", "experience", "skill"]
    data: dict[str, Any]


def mandate_json(mandate: Mandate, now: datetime) -> dict[str, Any]:
    return {
        "id": mandate.id,
        "holder_id": mandate.holder_id,
        "counsellor_id": mandate.counsellor_id,
        "counsellor_name": mandate.counsellor_name,
        "organisation_id": mandate.organisation_id,
        "organisation_name": mandate.organisation_name,
        "right": mandate.right.value,
        "active": mandate.active(now),
        "created_at": mandate.created_at.isoformat(),
        "expires_at": mandate.expires_at.isoformat(),
        "ended_at": mandate.ended_at.isoformat() if mandate.ended_at else None,
    }


@router.post("/mandates", status_code=201)
def give_mandate(payload: MandateIn, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    """Give a counsellor time-limited rights: view, propose or edit."""
    now = security.now()
    mandate = mandates.give(
        uow,
        holder_id=account.id,
        counsellor_email=payload.counsellor_email,
        organisation_id=payload.organisation_id,
        right=payload.right,
        days=payload.days,
        now=now,
    )
    return mandate_json(mandate, now)


@router.get("/mandates")
def list_mandates(uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    """Mandates the caller gave (``given``) and active ones the caller holds (``clients``)."""
    now = security.now()
    return {
        "given": [mandate_json(m, now) for m in mandates.mandates(uow, holder_id=account.id)],
        "clients": [
            {**mandate_json(m, now), "holder_name": name}
            for m, name in mandates.clients(uow, counsellor_id=account.id, now=now)
        ],
    }


@router.delete("/mandates/{mandate_id}")
def end_mandate(mandate_id: str, uow: UowDep, account: CurrentAccount) -> dict[str, Any]:
    now = security.now()
    ended = mandates.end(uow, holder_id=account.id, mandate_id=mandate_id, now=now)
    return mandate_json(ended, now)


@router.get("/mandates/{mandate_id}/passport")
def client_passport(
    mandate_id: str, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> JSONResponse:
    """As the counsellor: the holder's passport (logged in the holder's access log)."""
    from kunde.passport import service as passport  # noqa: PLC0415 - only this route reads it

    now = security.now()
    mandate = mandates.active_mandate(uow, counsellor_id=account.id, mandate_id=mandate_id, now=now)
    view = passport.view(uow, actor_id=account.id, holder_id=mandate.holder_id, keys=keys, now=now)
    return JSONResponse(view_json(view, taxonomy, "en"), headers=NO_STORE)


@router.post("/mandates/{mandate_id}/changes", status_code=201)
def client_change(
    mandate_id: str,
    payload: ChangeIn,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> dict[str, Any]:
    """As the counsellor: add a record, directly (``edit``) or as a proposal (``propose``)."""
    result = mandates.change(
        uow,
        counsellor_id=account.id,
        mandate_id=mandate_id,
        kind=PassportKind(payload.kind),
        data=payload.data,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    if isinstance(result, mandates.Proposal):
        return {"proposal_id": result.id, "status": "proposed"}
    return {**result.as_dict(), "status": "added"}


@router.get("/passport/proposals")
def list_proposals(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> list[dict[str, Any]]:
    """Changes counsellors proposed, for the holder to accept or reject."""
    return [
        {
            "id": p.id,
            "mandate_id": p.mandate_id,
            "counsellor_name": p.counsellor_name,
            "kind": p.kind.value,
            "data": p.data,
            "created_at": p.created_at.isoformat(),
            "decision": p.decision,
        }
        for p in mandates.proposals(uow, holder_id=account.id, keys=keys)
    ]


@router.post("/passport/proposals/{proposal_id}/{decision}")
def decide_proposal(
    proposal_id: str,
    decision: Literal["accept", "reject"],
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> dict[str, Any]:
    item = mandates.decide(
        uow,
        holder_id=account.id,
        proposal_id=proposal_id,
        accept=decision == "accept",
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    return {"decision": decision, "item": item.as_dict() if item else None}


# --- team overviews ---------------------------------------------------------------------------
@router.get("/organisations/{organisation_id}/team-view")
def team_view(
    organisation_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Skills of staff who shared for talent management, per team; small groups hidden."""
    found = team.team_view(
        uow,
        viewer_id=account.id,
        organisation_id=organisation_id,
        keys=keys,
        now=security.now(),
        min_group=settings.team_min_group,
    )
    return {
        "organisation_id": found.organisation_id,
        "min_group": found.min_group,
        "hidden_groups": found.hidden_groups,
        "groups": [
            {
                "team": g.team,
                "people": g.people,
                "skills": [
                    {
                        "concept_uri": s.concept_uri,
                        "people": s.people,
                        "proficiency": s.proficiency,
                        "assurance": s.assurance,
                    }
                    for s in g.skills
                ],
            }
            for g in found.groups
        ],
    }
