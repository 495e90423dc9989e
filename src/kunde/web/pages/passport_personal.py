"""Personal information in the browser: traits, motivation and career wishes. Private by
default; target occupations are picked with the taxonomy search, without JavaScript."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kunde.errors import Conflict, InvalidInput, KundeError
from kunde.passport import service
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, negotiate, translate
from kunde.web.pages._forms import field_errors, page, see_other
from kunde.web.pages.passport_records import STALE, own_view

router = APIRouter()
_TEXT = ("motivation", "region", "hours_per_week", "learning_wishes", "q")
NEED_VERSION = N_("Send the version of your personal information that you changed.")


def _lines(text: str) -> list[str]:
    """One entry per line or comma, empty ones left out."""
    return [part.strip() for part in text.replace(",", "\n").splitlines() if part.strip()]


def _as_data(values: dict[str, Any]) -> dict[str, Any]:
    """Form values as the service's personal information."""
    hours = str(values.get("hours_per_week", "")).strip()
    return {
        "traits": _lines(str(values.get("traits", ""))),
        "motivation": values.get("motivation", ""),
        "career_wishes": {
            "target_occupations": list(values.get("target_occupations", [])),
            "sectors": _lines(str(values.get("sectors", ""))),
            "region": values.get("region", ""),
            "hours_per_week": hours or None,
            "learning_wishes": values.get("learning_wishes", ""),
        },
    }


def _as_values(body: dict[str, Any], version: int) -> dict[str, Any]:
    wishes = body.get("career_wishes", {})
    return {
        "traits": "\n".join(body.get("traits", [])),
        "motivation": body.get("motivation", ""),
        "target_occupations": wishes.get("target_occupations", []),
        "sectors": "\n".join(wishes.get("sectors", [])),
        "region": wishes.get("region", ""),
        "hours_per_week": wishes.get("hours_per_week") or "",
        "learning_wishes": wishes.get("learning_wishes", ""),
        "version": str(version) if version else "",
    }


def _page(
    request: Request,
    taxonomy: TaxonomyDep,
    values: dict[str, Any],
    errors: list[dict[str, str]],
    status: int = 200,
    saved: dict[str, Any] | None = None,
) -> HTMLResponse:
    language = negotiate(request)
    chosen = list(values.get("target_occupations", []))
    labels = {u: s.label.text for u, s in taxonomy.summaries(chosen, language).items()}
    query = str(values.get("q", "")).strip()
    hits = taxonomy.search(query, language=language, type_="occupation", limit=10) if query else []
    return page(
        request,
        "personal_form.html",
        {
            "values": values,
            "errors": errors,
            "chosen": [(u, labels.get(u, u)) for u in chosen],
            "hits": [h for h in hits if h.uri not in chosen],
            "done": request.query_params.get("saved", ""),
            "saved": saved,
        },
        status_code=status,
    )


@router.get("/passport/personal", response_class=HTMLResponse)
def personal_form(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> HTMLResponse:
    personal = own_view(uow, account, keys).personal
    body = personal.body.model_dump(mode="json") if personal else {}
    return _page(request, taxonomy, _as_values(body, personal.version if personal else 0), [])


@router.post("/passport/personal", response_class=HTMLResponse)
async def save_personal(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep, taxonomy: TaxonomyDep
) -> Response:
    form = await request.form()
    values: dict[str, Any] = {
        k: str(form.get(k, "")).strip() for k in (*_TEXT, "traits", "sectors", "version")
    }
    values["target_occupations"] = [str(v) for v in form.getlist("target_occupations") if v]
    if form.get("action") == "search":  # the picker: show hits, keep everything typed
        return _page(request, taxonomy, values, [])
    values["q"] = ""
    version = str(values["version"])
    try:
        service.set_personal(
            uow,
            actor_id=account.id,
            holder_id=account.id,
            data=_as_data(values),
            expected_version=int(version) if version.isdigit() else None,
            keys=keys,
            concepts=taxonomy,
            now=security.now(),
        )
    except (Conflict, InvalidInput) as exc:
        uow.rollback()
        return _refused(request, uow, account, keys, taxonomy, values, exc)
    return see_other("/passport/personal?saved=1")


def _refused(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    values: dict[str, Any],
    exc: KundeError,
) -> HTMLResponse:
    stale = isinstance(exc, Conflict) or exc.details.get("field") == "version"
    if not stale:
        for error in exc.details.get("errors", []):  # career_wishes.region -> region
            parts = [p for p in str(error.get("field", "")).split(".") if not p.isdigit()]
            error["field"] = parts[-1] if parts else ""
        return _page(request, taxonomy, values, field_errors(request, exc), 422)
    personal = own_view(uow, account, keys).personal
    saved = _as_values(personal.body.model_dump(mode="json"), personal.version) if personal else {}
    values["version"] = saved.get("version", "")
    message = translate(negotiate(request), STALE)
    errors = [{"field": "", "message": message}]
    return _page(request, taxonomy, values, errors, 409, saved=saved)
