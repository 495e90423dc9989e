"""Sharing in the browser: make a share item by item, see and stop one's shares (the consent
record), open a share as its audience, and read the access log in plain sentences.

Forms work without JavaScript. Consent is checked in :mod:`kunde.sharing.service`; these
routes parse, call it and render.
"""

from __future__ import annotations

import secrets
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import service as accounts
from kunde.accounts.model import OrganisationRole
from kunde.errors import AuthenticationRequired, InvalidInput, KundeError
from kunde.matching import service as matching
from kunde.passport import service as passport
from kunde.sharing import service
from kunde.sharing.model import (
    DEFAULT_DAYS,
    PERSONAL_FIELDS,
    Audience,
    AudienceKind,
    Grant,
    GrantState,
    NewGrant,
    Purpose,
    PurposeKind,
    parse_items,
)
from kunde.wallet import service as wallet
from kunde.web import security
from kunde.web.access_words import day, log_sentences, personal_names, purpose_text
from kunde.web.deps import CurrentAccount, KeysDep, SettingsDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, gettext, negotiate
from kunde.web.pages._forms import field_errors, page, see_other
from kunde.web.pages.passport import skill_rows
from kunde.web.qr import qr_svg

router = APIRouter()

AUDIENCE_NAMES = {
    "organisation": N_("An organisation, for example an employer"),
    "person": N_("One person, who signs in with their e-mail address"),
    "matching_pool": N_("The matching pool of a job service"),
    "anyone_with_link": N_("Anyone who has the link"),
}
PURPOSE_NAMES = {
    "vacancy": N_("I apply for a vacancy"),
    "talent_management": N_("Talent management at my employer"),
    "counselling": N_("Help from a counsellor"),
    "matching_pool": N_("Matching pool: find work for me"),
    "education": N_("Education, or exemption for what I already know"),
}
# Messages of the sharing services that these pages show; marked so the catalogues carry them.
SERVICE_MESSAGES = (
    N_("Choose at least one thing to share."),
    N_("Anyone who gets this link can see what you share. Confirm that you understand."),
    N_("Name the vacancy you apply for."),
    N_("Talent management is shared with your employer, for a team or role you name."),
    N_("The end must be in the future."),
    N_("Choose who you share with."),
    N_("A matching pool belongs to a labour-market service, for the purpose matching pool."),
    N_("For now Kunde's wallet can only answer requests made on this Kunde instance."),
    N_("This request was answered already; a request is answered once."),
    N_("This request has expired. Ask for a new one."),
    N_("This is not a presentation request link. It starts with openid4vp://"),
    N_("Name the vacancy."),
    N_("Choose at least one thing to ask for."),
    N_("This credential cannot be shown this way. Choose one you received in Kunde's wallet."),
    N_("There is no such credential in your wallet."),
    N_("There is no account with this e-mail address."),
    N_("Choose between 1 and 90 days."),
    N_("This person is not a counsellor of that organisation."),
    N_("You cannot give yourself a mandate."),
)
_FIELDS = {"items", "audience", "organisation_id", "email", "pool_id", "open_link_acknowledged"}


def _choices(
    uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep, language: str
) -> dict[str, Any]:
    """Everything the holder can tick, and the organisations they can pick."""
    now = security.now()
    view = passport.view(uow, actor_id=account.id, holder_id=account.id, keys=keys, now=now)
    organisations = accounts.organisations(uow)
    return {
        "skills": skill_rows(view, taxonomy, language),
        "experiences": view.experiences,
        "achievements": view.achievements,
        "credentials": wallet.entries(uow, actor_id=account.id, holder_id=account.id, keys=keys),
        "personal": personal_names(language) if view.personal else {},
        "organisations": organisations,
        "pools": [o for o in organisations if OrganisationRole.LABOUR_MARKET_SERVICE in o.roles],
        "audiences": {k: gettext(language, v) for k, v in AUDIENCE_NAMES.items()},
        "purposes": {k: gettext(language, v) for k, v in PURPOSE_NAMES.items()},
    }


def _form(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    values: dict[str, Any],
    errors: list[dict[str, str]],
) -> HTMLResponse:
    language = negotiate(request)
    context = {
        **_choices(uow, account, keys, taxonomy, language),
        "values": values,
        "errors": errors,
    }
    return page(request, "share_new.html", context, status_code=422 if errors else 200)


@router.get("/shares/new", response_class=HTMLResponse)
def new_share(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    until = (security.now() + timedelta(days=DEFAULT_DAYS)).date().isoformat()
    values = {"audience": "organisation", "purpose": "vacancy", "until": until, "items": []}
    return _form(request, uow, account, keys, taxonomy, values, [])


def _until(raw: str, now: datetime, max_days: int) -> datetime:
    """The end of the chosen day (UTC); a day within the maximum is capped to it exactly."""
    try:
        chosen = date.fromisoformat(raw)
    except ValueError:
        raise InvalidInput("Use a date like 2024-05-31.", details={"field": "until"}) from None
    end = datetime.combine(chosen, time(23, 59), UTC)
    limit = now + timedelta(days=max_days)
    if chosen <= limit.date():
        end = min(end, limit)
    if end <= now:
        raise InvalidInput("The end must be in the future.", details={"field": "until"})
    return end


def _request(values: dict[str, Any], now: datetime, max_days: int) -> NewGrant:
    """The form as the service's request; field names match the form's ids."""
    try:
        kind = AudienceKind(values.get("audience", ""))
        purpose = PurposeKind(values.get("purpose", ""))
    except ValueError:
        raise InvalidInput("Choose one of the options.", details={"field": "audience"}) from None
    raw_items = [dict(zip(("kind", "id"), v.split(":", 1), strict=False)) for v in values["items"]]
    try:
        items = parse_items(raw_items)
    except InvalidInput as exc:
        raise InvalidInput(str(exc), details={"field": "items"}) from None
    organisation = values.get("pool_id") if kind is AudienceKind.MATCHING_POOL else None
    if kind is AudienceKind.ORGANISATION:
        organisation = values.get("organisation_id")
    if kind in (AudienceKind.ORGANISATION, AudienceKind.MATCHING_POOL) and not organisation:
        field = "organisation_id" if kind is AudienceKind.ORGANISATION else "pool_id"
        raise InvalidInput("Choose who you share with.", details={"field": field})
    if kind is AudienceKind.PERSON and not values.get("email"):
        raise InvalidInput("This is not a valid e-mail address.", details={"field": "email"})
    return NewGrant(
        audience=Audience(kind, organisation, values.get("email")),
        purpose=Purpose(purpose, values.get("detail", "")),
        items=items,
        expires_at=_until(values.get("until", ""), now, max_days),
        open_link_acknowledged=values.get("open_link_acknowledged") == "yes",
    )


def _error_field(field: str, kind: str) -> str:
    """Point the service's field names at the form's fields."""
    if field.startswith("items"):
        return "items"
    if field.startswith("purpose"):
        return "detail"
    if field == "expires_at":
        return "until"
    if field in {"audience", "organisation_id"} and kind == "matching_pool":
        return "pool_id"
    return field if field in _FIELDS | {"until", "detail"} else "audience"


@router.post("/shares/new", response_class=HTMLResponse)
async def make_share(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    settings: SettingsDep,
) -> HTMLResponse:
    form = await request.form()
    values: dict[str, Any] = {
        k: str(v).strip() for k, v in form.items() if k not in {"item", security.CSRF_FIELD}
    }
    values["items"] = [str(v) for v in form.getlist("item")]
    now = security.now()
    try:
        created = service.grant(
            uow,
            holder_id=account.id,
            request=_request(values, now, settings.share_max_days),
            keys=keys,
            now=now,
            max_days=settings.share_max_days,
            link_secret=secrets.token_urlsafe(32),
        )
    except KundeError as exc:
        uow.rollback()
        errors = field_errors(request, exc)
        for error in errors:
            error["field"] = _error_field(error["field"], values.get("audience", ""))
        return _form(request, uow, account, keys, taxonomy, values, errors)
    language = negotiate(request)
    url = settings.base_url.rstrip("/") + created.path
    context = {
        "grant": created.grant,
        "url": url,
        "qr": qr_svg(url),
        "summary": _summary(created.grant, language),
        "what": _what(uow, account, keys, taxonomy, created.grant, language),
    }
    return page(request, "share_made.html", context)


def _summary(grant: Grant, language: str) -> dict[str, str]:
    who = grant.audience_name
    if grant.audience.kind is AudienceKind.ANYONE_WITH_LINK:
        who = gettext(language, "anyone who has the link")
    return {
        "who": who,
        "purpose": purpose_text(grant.purpose, language),
        "until": day(grant.expires_at, language),
    }


def _what(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    grant: Grant,
    language: str,
) -> list[str]:
    """The shared items by name, for the holder."""
    choices = _choices(uow, account, keys, taxonomy, language)
    names: dict[str, str] = {}
    names.update({f"skill:{s['id']}": s["label"] for s in choices["skills"]})
    names.update({f"experience:{e.id}": e.body.role for e in choices["experiences"]})
    names.update({f"achievement:{a.id}": a.body.title for a in choices["achievements"]})
    names.update({f"credential:{c.id}": c.title for c in choices["credentials"]})
    names.update({f"personal:{k}": v for k, v in personal_names(language).items()})
    return [names.get(f"{i.kind.value}:{i.id}", i.id) for i in grant.items]


@router.get("/shares", response_class=HTMLResponse)
def my_shares(request: Request, uow: UowDep, account: CurrentAccount) -> HTMLResponse:
    """The holder's shares, active first, then ended ones (the consent record), and the
    shares others made to the holder or the holder's organisations."""
    language = negotiate(request)
    now = security.now()
    mine = service.shares(uow, holder_id=account.id)
    rows = [
        {"grant": g, "state": g.state(now).value, **_summary(g, language)}
        for g in sorted(mine, key=lambda g: g.state(now) is not GrantState.ACTIVE)
    ]
    received = [
        {"grant": g, "holder": name, **_summary(g, language)}
        for g, name in service.received(uow, viewer_id=account.id, now=now)
    ]
    context = {
        "rows": rows,
        "received": received,
        "stopped": request.query_params.get("stopped", ""),
        "memberships": accounts.memberships(uow, account.id),
    }
    return page(request, "shares.html", context)


@router.post("/shares/{share_id}/stop")
async def stop_share(
    request: Request, share_id: str, uow: UowDep, account: CurrentAccount
) -> Response:
    await request.form()
    service.revoke(uow, holder_id=account.id, share_id=share_id, now=security.now())
    return see_other("/shares?stopped=1")


@router.get("/shares/{share_id}", response_class=HTMLResponse)
async def open_share(
    share_id: str,
    request: Request,
    uow: UowDep,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    key: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """As the audience: only the granted items, with who shared them, why and until when.
    Not signed in and no link key: the sign-in page, then back here."""
    try:
        viewer = (await security.authenticate(request, uow)).id
    except AuthenticationRequired:
        if not key:
            raise
        viewer = service.ANYONE
    language = negotiate(request)
    shared = service.shared_view(
        uow, viewer, share_id, keys=keys, now=security.now(), link_token=key
    )
    fields = {i.id for i in shared.grant.items if i.kind.value == "personal"}
    body = shared.passport.personal.body if shared.passport.personal else None
    personal = [
        (name, getattr(body, field, None))
        for field, name in personal_names(language).items()
        if field in fields and body is not None
    ]
    context = {
        "shared": shared,
        "skills": skill_rows(shared.passport, taxonomy, language),
        "personal": personal,
        "summary": _summary(shared.grant, language),
    }
    return page(request, "share_view.html", context)


@router.get("/passport/access-log", response_class=HTMLResponse)
def access_log(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    language = negotiate(request)
    now = security.now()
    lines = service.access_log(
        uow,
        holder_id=account.id,
        keys=keys,
        now=now,
        vacancy_titles=lambda ids: matching.vacancy_titles(uow, ids),
    )
    credentials = {
        c.id: c.title
        for c in wallet.entries(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    }
    sentences = log_sentences(lines, taxonomy, credentials, language)
    check = service.verify_log(uow, holder_id=account.id)
    return page(request, "access_log.html", {"sentences": sentences, "check": check})


__all__ = ["PERSONAL_FIELDS", "day", "router"]
