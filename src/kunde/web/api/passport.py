"""The holder's passport: records, assessments, files, endorsements, history, export,
import and erasure. Every route acts on the caller's own passport; ids of other holders'
records answer 404."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, File, Query, Request, UploadFile
from fastapi.responses import JSONResponse, Response

from kunde.errors import InvalidInput
from kunde.passport import endorsement, exchange, service
from kunde.passport.assurance import frameworks
from kunde.passport.model import (
    MAX_FILE_BYTES,
    Achievement,
    Experience,
    ItemKind,
    SkillClaim,
)
from kunde.passport.service import PassportView, SkillView
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep

router = APIRouter(tags=["passport"])
_PLURAL = {
    "achievements": ItemKind.ACHIEVEMENT,
    "experiences": ItemKind.EXPERIENCE,
    "skills": ItemKind.SKILL,
    "assessments": ItemKind.ASSESSMENT,
}


def skill_json(skill: SkillView, labels: dict[str, str]) -> dict[str, Any]:
    claim = skill.claim.as_dict()
    claim["label"] = labels.get(claim["concept_uri"])
    claim["assurance"] = skill.assurance.as_dict()
    claim["assessments"] = [a.as_dict() for a in skill.assessments]
    return claim


def view_json(view: PassportView, taxonomy: TaxonomyDep, language: str) -> dict[str, Any]:
    uris = [s.claim.body.concept_uri for s in view.skills if isinstance(s.claim.body, SkillClaim)]
    labels = {uri: s.label.text for uri, s in taxonomy.summaries(uris, language).items()}
    return {
        "holder_id": view.holder_id,
        "version": view.version,
        "as_of": view.as_of.isoformat() if view.as_of else None,
        "achievements": [i.as_dict() for i in view.achievements],
        "experiences": [i.as_dict() for i in view.experiences],
        "skills": [skill_json(s, labels) for s in view.skills],
        "personal": view.personal.as_dict() if view.personal else None,
    }


@router.get("/passport")
def get_passport(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    as_of: Annotated[datetime | None, Query()] = None,
    language: Annotated[str, Query(pattern="^(nl|en)$")] = "en",
) -> dict[str, Any]:
    """The whole passport with levels and reasons; ``as_of`` shows it as it was then."""
    if as_of is not None and as_of.tzinfo is None:
        raise InvalidInput("Give as_of with a time zone, e.g. 2025-01-31T00:00:00Z.")
    view = service.view(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now(), as_of=as_of
    )
    return view_json(view, taxonomy, language)


def _add(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    kind: ItemKind,
    data: dict[str, Any],
) -> dict[str, Any]:
    item = service.add(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        kind=kind,
        data=data,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    return item.as_dict()


@router.post("/passport/achievements", status_code=201)
def add_achievement(
    payload: Achievement, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> dict[str, Any]:
    return _add(uow, account, keys, taxonomy, ItemKind.ACHIEVEMENT, payload.model_dump(mode="json"))


@router.post("/passport/experiences", status_code=201)
def add_experience(
    payload: Experience, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> dict[str, Any]:
    return _add(uow, account, keys, taxonomy, ItemKind.EXPERIENCE, payload.model_dump(mode="json"))


@router.post("/passport/skills", status_code=201)
def add_skill(
    payload: SkillClaim, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> dict[str, Any]:
    """Claim a skill; an unknown concept URI is a 422, a second claim of one concept a 409."""
    return _add(uow, account, keys, taxonomy, ItemKind.SKILL, payload.model_dump(mode="json"))


def _kind(collection: str) -> ItemKind:
    if collection not in _PLURAL:
        raise InvalidInput(f"Unknown collection {collection}.")
    return _PLURAL[collection]


@router.patch("/passport/{collection}/{item_id}")
def update_item(
    collection: str,
    item_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    changes: Annotated[dict[str, Any], Body()],
) -> dict[str, Any]:
    """Change fields of a record. ``version`` (the one you read) is required; a stale
    version answers 409 and changes nothing."""
    version = changes.pop("version", None)
    if not isinstance(version, int):
        raise InvalidInput(
            "Send the version of the record you changed.", details={"field": "version"}
        )
    item = service.update(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        kind=_kind(collection),
        item_id=item_id,
        changes=changes,
        expected_version=version,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    return item.as_dict()


@router.delete("/passport/{collection}/{item_id}", status_code=204)
def delete_item(
    collection: str,
    item_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    version: Annotated[int | None, Query()] = None,
) -> Response:
    """Delete a record (a skill with its assessments). With ``?version=`` a stale copy is 409."""
    service.delete(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        kind=_kind(collection),
        item_id=item_id,
        expected_version=version,
        keys=keys,
        now=security.now(),
    )
    return Response(status_code=204)


@router.post("/passport/skills/{claim_id}/assessments", status_code=201)
def add_assessment(
    claim_id: str,
    payload: Annotated[dict[str, Any], Body()],
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
) -> dict[str, Any]:
    """Record an assessment. What you enter about someone else's check counts once they
    confirm it (ask them with an endorsement link)."""
    item = service.add_assessment(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        claim_id=claim_id,
        data=payload,
        keys=keys,
        now=security.now(),
    )
    return item.as_dict()


@router.post("/passport/skills/{claim_id}/endorsements", status_code=201)
def request_endorsement(
    claim_id: str,
    payload: Annotated[dict[str, Any], Body()],
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    settings: SettingsDep,
) -> dict[str, Any]:
    """Ask ``endorser_name`` (``endorser_role``: colleague, employer, ...) to confirm a skill.
    Send them ``url``; it works once, for 30 days."""
    made = endorsement.request(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        claim_id=claim_id,
        endorser_name=str(payload.get("endorser_name", "")),
        endorser_role=str(payload.get("endorser_role", "")),
        keys=keys,
        now=security.now(),
    )
    return {
        "id": made.id,
        "claim_id": made.claim_id,
        "token": made.token,
        "url": f"{settings.base_url.rstrip('/')}/endorse/{made.token}",
        "expires_at": made.expires_at.isoformat(),
    }


@router.get("/endorsements/{token}")
def show_endorsement(token: str, uow: UowDep, keys: KeysDep) -> dict[str, Any]:
    """What the endorser is asked to confirm (no sign-in: the link is the permission)."""
    invite = endorsement.invite(uow, token, keys=keys, now=security.now())
    return {
        "claim": invite.claim.model_dump(mode="json"),
        "endorser_name": invite.endorser_name,
        "endorser_role": invite.endorser_role.value,
        "expires_at": invite.expires_at.isoformat(),
    }


@router.post("/endorsements/{token}", status_code=201)
def give_endorsement(
    token: str, payload: Annotated[dict[str, Any], Body()], uow: UowDep, keys: KeysDep
) -> dict[str, Any]:
    """Confirm the skill: ``method`` (observation, test, ...), ``comment``, ``organisation``."""
    item = endorsement.endorse(
        uow,
        token,
        method=str(payload.get("method", "")),
        comment=str(payload.get("comment", ""))[:5000],
        organisation=str(payload.get("organisation", ""))[:200],
        keys=keys,
        now=security.now(),
    )
    return item.as_dict()


@router.get("/passport/personal")
def get_personal(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> dict[str, Any] | None:
    view = service.view(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )
    return view.personal.as_dict() if view.personal else None


@router.put("/passport/personal")
def put_personal(
    payload: Annotated[dict[str, Any], Body()],
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> dict[str, Any]:
    """Set traits, motivation and career wishes (private). Send ``version`` when replacing."""
    version = payload.pop("version", None)
    item = service.set_personal(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        data=payload,
        expected_version=version
        if isinstance(version, int)
        else -1
        if "version" in payload
        else version,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )
    return item.as_dict()


@router.post("/passport/files", status_code=201)
async def upload_file(
    file: Annotated[UploadFile, File()], uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> dict[str, Any]:
    """Upload evidence (PDF, PNG or JPEG, at most 5 MB); refer to it by ``id`` in evidence."""
    content = await file.read(MAX_FILE_BYTES + 1)
    stored = service.add_file(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        name=file.filename or "",
        content=content,
        declared_type=file.content_type,
        keys=keys,
        now=security.now(),
    )
    return {
        "id": stored.id,
        "name": stored.name,
        "media_type": stored.media_type,
        "size": stored.size,
    }


@router.get("/passport/files/{file_id}")
def download_file(file_id: str, uow: UowDep, account: CurrentAccount, keys: KeysDep) -> Response:
    stored, content = service.file(
        uow, actor_id=account.id, holder_id=account.id, file_id=file_id, keys=keys
    )
    return Response(
        content,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{stored.id}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


@router.get("/passport/history")
def get_history(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> list[dict[str, Any]]:
    """Every change, newest first."""
    return [
        {
            "passport_version": e.passport_version,
            "item_id": e.item_id,
            "kind": e.kind.value,
            "version": e.version,
            "change": e.change,
            "changed_at": e.changed_at.isoformat(),
            "title": e.title,
        }
        for e in service.history(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    ]


@router.get("/passport/export")
def export(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> JSONResponse:
    """The whole passport as ``kunde-passport`` v1 JSON (schema at /schemas/passport-v1.json)."""
    document = exchange.export(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )
    return JSONResponse(
        document, headers={"Content-Disposition": 'attachment; filename="kunde-passport.json"'}
    )


@router.post("/passport/import", status_code=201)
def import_passport(
    document: Annotated[dict[str, Any], Body()],
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> dict[str, int]:
    """Load an exported passport into your empty passport; all or nothing."""
    return exchange.import_(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        document=document,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )


@router.delete("/passport")
def erase(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> dict[str, Any]:
    """Erase the passport for good (its key is destroyed); answers with a receipt."""
    return exchange.erase(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    ).as_dict()


@router.get("/passport/frameworks")
def list_frameworks() -> list[dict[str, Any]]:
    """Reference frameworks that set which assessments count for which level."""
    return [f.model_dump(mode="json") for f in frameworks().values()]


@router.get("/schemas/passport-v1.json", tags=["schemas"])
def passport_schema(request: Request, settings: SettingsDep) -> JSONResponse:
    del request
    return JSONResponse(
        exchange.json_schema(settings.base_url), media_type="application/schema+json"
    )
