"""The holder's passport in the browser: overview, add records, skill picker, endorsement,
history, readable export and erasure. Forms work without JavaScript."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kunde.errors import InvalidInput, KundeError
from kunde.passport import endorsement, exchange, service
from kunde.passport.assurance import LEVEL_NAMES, REASONS
from kunde.passport.model import (
    AchievementKind,
    AchievementType,
    ExperienceKind,
    ItemKind,
    SkillClaim,
)
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, gettext, negotiate, translate
from kunde.web.pages._forms import field_errors, form_data, page, see_other
from kunde.web.pages.vacancies import employer_organisations

router = APIRouter()
_FORMS = {
    ItemKind.ACHIEVEMENT: "achievement_form.html",
    ItemKind.EXPERIENCE: "experience_form.html",
}
_LISTS = ("learning_outcomes",)


def names(language: str) -> dict[str, str]:
    """Plain words for the codes the passport uses."""
    words = {
        "self": N_("you"),
        "colleague": N_("colleague"),
        "employer": N_("employer"),
        "education_provider": N_("school or training provider"),
        "evc_provider": N_("EVC provider"),
        "certification_body": N_("independent assessor"),
        "self_report": N_("own description"),
        "observation": N_("seen at work"),
        "test": N_("test"),
        "practical_assessment": N_("practical test"),
        "portfolio_review": N_("portfolio check"),
        "evc_procedure": N_("EVC procedure"),
        "exam": N_("exam"),
        "credential": N_("diploma or certificate"),
        "work": N_("Work"),
        "volunteering": N_("Volunteering"),
        "care": N_("Care for others"),
        "life": N_("Life experience"),
        "formal": N_("Diploma or certificate"),
        "non_formal": N_("Course or training"),
        "diploma": N_("Diploma"),
        "degree": N_("Degree"),
        "certificate": N_("Certificate"),
        "course": N_("Course"),
        "training": N_("Training"),
        "module": N_("Module"),
        "microcredential": N_("Microcredential"),
        "other": N_("Other"),
    }
    return {code: translate(language, text) for code, text in words.items()}


def reason_text(language: str, assurance: dict[str, Any]) -> str:
    words = names(language)
    params = {k: words.get(v, v) for k, v in assurance["params"].items()}
    return translate(language, REASONS[assurance["reason_code"]], **params)


def skill_rows(
    view: service.PassportView, taxonomy: TaxonomyDep, language: str
) -> list[dict[str, Any]]:
    uris = [s.claim.body.concept_uri for s in view.skills if isinstance(s.claim.body, SkillClaim)]
    labels = {uri: s.label.text for uri, s in taxonomy.summaries(uris, language).items()}
    out = []
    for skill in view.skills:
        claim = skill.claim.as_dict()
        level = skill.assurance.as_dict()
        out.append(
            {
                **claim,
                "label": labels.get(claim["concept_uri"], claim["concept_uri"]),
                "level": level["level"],
                "level_name": translate(language, LEVEL_NAMES[level["level"]]),
                "reason": reason_text(language, level),
                "assessments": [a.as_dict() for a in skill.assessments],
            }
        )
    return out


def _profile(
    skills: list[dict[str, Any]], taxonomy: TaxonomyDep, language: str
) -> list[dict[str, Any]]:
    """Skills counted per area of ESCO's hierarchy and per assurance level, biggest first."""
    areas = taxonomy.top_groups([s["concept_uri"] for s in skills], language)
    groups: dict[str, dict[str, Any]] = {}
    for skill in skills:
        area = areas.get(skill["concept_uri"])
        name = area.label.text if area else gettext(language, "Other")
        group = groups.setdefault(name, {"label": name, "counts": [0, 0, 0], "total": 0})
        group["counts"][skill["level"] - 1] += 1
        group["total"] += 1
    return sorted(groups.values(), key=lambda g: (-g["total"], g["label"]))


@router.get("/passport", response_class=HTMLResponse)
def overview(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    language = negotiate(request)
    view = service.view(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )
    skills = skill_rows(view, taxonomy, language)
    return page(
        request,
        "passport.html",
        {
            "account": account,
            "view": view,
            "skills": skills,
            "profile": _profile(skills, taxonomy, language),
            "names": names(language),
            "made": request.query_params.get("made", ""),
            "employers": employer_organisations(uow, account.id),
        },
    )


def _record_form(
    request: Request,
    kind: ItemKind,
    values: dict[str, Any],
    errors: list[dict[str, str]],
    status: int = 200,
) -> HTMLResponse:
    language = negotiate(request)
    return page(
        request,
        _FORMS[kind],
        {
            "values": values,
            "errors": errors,
            "names": names(language),
            "experience_kinds": [k.value for k in ExperienceKind],
            "achievement_kinds": [k.value for k in AchievementKind],
            "achievement_types": [t.value for t in AchievementType],
        },
        status_code=status,
    )


@router.get("/passport/experiences/new", response_class=HTMLResponse)
def new_experience(request: Request, _account: CurrentAccount) -> HTMLResponse:
    return _record_form(request, ItemKind.EXPERIENCE, {"kind": "work"}, [])


@router.get("/passport/achievements/new", response_class=HTMLResponse)
def new_achievement(request: Request, _account: CurrentAccount) -> HTMLResponse:
    return _record_form(request, ItemKind.ACHIEVEMENT, {"kind": "formal"}, [])


async def _add_record(
    request: Request,
    kind: ItemKind,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data: dict[str, Any] = await form_data(request)
    for key in _LISTS:
        if key in data:
            data[key] = data[key].split()
    try:
        service.add(
            uow,
            actor_id=account.id,
            holder_id=account.id,
            kind=kind,
            data=data,
            keys=keys,
            concepts=taxonomy,
            now=security.now(),
        )
    except KundeError as exc:
        return _record_form(request, kind, data, field_errors(request, exc), 422)
    return see_other(f"/passport?made={kind.value}")


@router.post("/passport/experiences/new", response_class=HTMLResponse)
async def add_experience(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> Response:
    return await _add_record(request, ItemKind.EXPERIENCE, uow, account, keys, taxonomy)


@router.post("/passport/achievements/new", response_class=HTMLResponse)
async def add_achievement(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> Response:
    return await _add_record(request, ItemKind.ACHIEVEMENT, uow, account, keys, taxonomy)


@router.get("/passport/skills/new", response_class=HTMLResponse)
def new_skill(
    request: Request,
    _account: CurrentAccount,
    taxonomy: TaxonomyDep,
    q: Annotated[str, Query(max_length=200)] = "",
) -> HTMLResponse:
    """Step 1: search words; step 2: pick one result (radio buttons) and a level."""
    language = negotiate(request)
    hits = taxonomy.search(q, language=language, type_="skill", limit=10) if q.strip() else []
    return page(request, "skill_form.html", {"query": q, "hits": hits, "errors": []})


@router.post("/passport/skills/new", response_class=HTMLResponse)
async def add_skill(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> Response:
    data = await form_data(request)
    try:
        if "concept_uri" not in data:
            raise InvalidInput("Choose a skill from the list.", details={"field": "concept_uri"})
        service.add(
            uow,
            actor_id=account.id,
            holder_id=account.id,
            kind=ItemKind.SKILL,
            data={k: v for k, v in data.items() if k != "q"},
            keys=keys,
            concepts=taxonomy,
            now=security.now(),
        )
    except KundeError as exc:
        language = negotiate(request)
        query = data.get("q", "")
        hits = taxonomy.search(query, language=language, type_="skill", limit=10) if query else []
        return page(
            request,
            "skill_form.html",
            {"query": query, "hits": hits, "errors": field_errors(request, exc)},
            status_code=422,
        )
    return see_other("/passport?made=skill")


@router.post("/passport/skills/{claim_id}/endorsements", response_class=HTMLResponse)
async def ask_endorsement(
    request: Request,
    claim_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    settings: SettingsDep,
) -> Response:
    data = await form_data(request)
    try:
        made = endorsement.request(
            uow,
            actor_id=account.id,
            holder_id=account.id,
            claim_id=claim_id,
            endorser_name=data.get("endorser_name", ""),
            endorser_role=data.get("endorser_role", ""),
            keys=keys,
            now=security.now(),
        )
    except InvalidInput as exc:
        return page(
            request,
            "endorsement_link.html",
            {"link": None, "claim_id": claim_id, "errors": field_errors(request, exc)},
            status_code=422,
        )
    link = f"{settings.base_url.rstrip('/')}/endorse/{made.token}"
    return page(
        request,
        "endorsement_link.html",
        {"link": link, "errors": [], "name": data.get("endorser_name", "")},
    )


@router.get("/endorse/{token}", response_class=HTMLResponse)
def endorse_form(
    request: Request, token: str, uow: UowDep, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    """The endorser's page: no account needed, the link is the permission."""
    language = negotiate(request)
    invite = endorsement.invite(uow, token, keys=keys, now=security.now())
    label = taxonomy.summaries([invite.claim.concept_uri], language)
    return page(
        request,
        "endorse.html",
        {
            "invite": invite,
            "token": token,
            "errors": [],
            "done": False,
            "names": names(language),
            "label": label[invite.claim.concept_uri].label.text
            if label
            else invite.claim.concept_uri,
            "methods": [m.value for m in endorsement.ENDORSER_METHODS],
        },
    )


@router.post("/endorse/{token}", response_class=HTMLResponse)
async def endorse(request: Request, token: str, uow: UowDep, keys: KeysDep) -> Response:
    form = await request.form()
    security.check_csrf(request, str(form.get(security.CSRF_FIELD, "")))
    data = await form_data(request)
    endorsement.endorse(
        uow,
        token,
        method=data.get("method", ""),
        comment=data.get("comment", "")[:5000],
        organisation=data.get("organisation", "")[:200],
        keys=keys,
        now=security.now(),
    )
    return page(request, "endorse.html", {"done": True, "errors": []})


@router.get("/passport/history", response_class=HTMLResponse)
def history(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    language = negotiate(request)
    entries = service.history(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    labels = {
        u: s.label.text
        for u, s in taxonomy.summaries(
            [e.title for e in entries if e.kind is ItemKind.SKILL], language
        ).items()
    }
    return page(request, "history.html", {"entries": entries, "labels": labels})


@router.get("/passport/export", response_class=HTMLResponse)
def export(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    """The whole passport as one readable, printable page."""
    language = negotiate(request)
    view = service.view(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )
    return page(
        request,
        "export.html",
        {
            "account": account,
            "view": view,
            "skills": skill_rows(view, taxonomy, language),
            "names": names(language),
            "exported_at": security.now(),
        },
    )


@router.get("/passport/erase", response_class=HTMLResponse)
def erase_form(request: Request, _account: CurrentAccount) -> HTMLResponse:
    return page(request, "erase.html", {"receipt": None, "errors": []})


@router.post("/passport/erase", response_class=HTMLResponse)
async def erase(request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep) -> Response:
    data = await form_data(request)
    if data.get("confirm") != "yes":
        language = negotiate(request)
        errors = [
            {
                "field": "confirm",
                "message": gettext(
                    language, "Tick the box to say that you want to erase your passport."
                ),
            }
        ]
        return page(request, "erase.html", {"receipt": None, "errors": errors}, status_code=422)
    receipt = exchange.erase(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )
    return page(request, "erase.html", {"receipt": receipt.as_dict(), "errors": []})
