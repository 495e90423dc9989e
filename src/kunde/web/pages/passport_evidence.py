"""Proof and checks of a skill in the browser: evidence files and links, the holder's own
files, and assessments the holder received (for example an exam result)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.datastructures import UploadFile

from kunde.errors import InvalidInput, KundeError
from kunde.passport import service
from kunde.passport.model import (
    MAX_FILE_BYTES,
    AssessorRole,
    ItemKind,
    Method,
    Purpose,
    StandardKind,
)
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, negotiate, translate
from kunde.web.pages._forms import field_errors, form_data, page, see_other
from kunde.web.pages.passport import names, skill_rows
from kunde.web.pages.passport_records import find, form_context, form_values, own_view

router = APIRouter()

# Messages of the file checks in the service, marked so the catalogues carry them.
FILE_MESSAGES = (
    N_("This file is too large: at most 5 MB."),
    N_("Use a PDF, PNG or JPEG file."),
    N_("A link must start with https:// or http://."),
    N_("Name the standard that was used, or choose 'no standard'."),
)
CHOOSE_FILE = N_("Choose a file to upload.")


async def _upload(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> service.StoredFile | None:
    """The uploaded file of the form, stored; ``None`` when the form has no file."""
    form = await request.form()
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return None
    content = await upload.read(MAX_FILE_BYTES + 1)
    return service.add_file(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        name=upload.filename,
        content=content,
        declared_type=upload.content_type,
        keys=keys,
        now=security.now(),
    )


def _attach(
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    claim_id: str,
    piece: dict[str, Any],
) -> None:
    """Add ``piece`` to the claim's evidence, on top of what is saved now."""
    claim = find(own_view(uow, account, keys), ItemKind.SKILL, claim_id)
    evidence = [e.model_dump(mode="json") for e in getattr(claim.body, "evidence", [])]
    service.update(
        uow,
        actor_id=account.id,
        holder_id=account.id,
        kind=ItemKind.SKILL,
        item_id=claim_id,
        changes={"evidence": [*evidence, piece]},
        expected_version=claim.version,
        keys=keys,
        concepts=taxonomy,
        now=security.now(),
    )


def _skill_page_with_errors(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    claim_id: str,
    errors: list[dict[str, str]],
) -> HTMLResponse:
    uow.rollback()
    view = own_view(uow, account, keys)
    item = find(view, ItemKind.SKILL, claim_id)
    context = form_context(
        request, uow, keys, "skills", view, item, form_values(item), errors, taxonomy
    )
    return page(request, "skill_edit.html", context, status_code=422)


@router.post("/passport/skills/{claim_id}/evidence/file", response_class=HTMLResponse)
async def add_evidence_file(
    request: Request,
    claim_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data = await form_data(request)
    find(own_view(uow, account, keys), ItemKind.SKILL, claim_id)  # 404 before storing
    try:
        stored = await _upload(request, uow, account, keys)
        file_id = stored.id if stored else data.get("file_id", "")
        if not file_id:
            raise InvalidInput(CHOOSE_FILE, details={"field": "file"})
        piece = {"kind": "file", "file_id": file_id, "title": data.get("title", "")}
        _attach(uow, account, keys, taxonomy, claim_id, piece)
    except KundeError as exc:
        errors = field_errors(request, exc)
        for error in errors:
            error["field"] = "file"
        return _skill_page_with_errors(request, uow, account, keys, taxonomy, claim_id, errors)
    return see_other(f"/passport/skills/{claim_id}/edit?saved=1")


@router.post("/passport/skills/{claim_id}/evidence/link", response_class=HTMLResponse)
async def add_evidence_link(
    request: Request,
    claim_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data = await form_data(request)
    piece = {"kind": "link", "url": data.get("url", ""), "title": data.get("title", "")}
    try:
        _attach(uow, account, keys, taxonomy, claim_id, piece)
    except InvalidInput as exc:
        errors = field_errors(request, exc)
        for error in errors:
            error["field"] = "url"
        return _skill_page_with_errors(request, uow, account, keys, taxonomy, claim_id, errors)
    return see_other(f"/passport/skills/{claim_id}/edit?saved=1")


def _files_page(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    errors: list[dict[str, str]],
    status: int = 200,
) -> HTMLResponse:
    files = service.files(uow, actor_id=account.id, holder_id=account.id, keys=keys)
    return page(
        request,
        "passport_files.html",
        {"files": files, "errors": errors, "done": request.query_params.get("saved", "")},
        status_code=status,
    )


def _uploaded(stored: service.StoredFile | None) -> None:
    if stored is None:
        raise InvalidInput(CHOOSE_FILE, details={"field": "file"})


@router.get("/passport/files", response_class=HTMLResponse)
def list_files(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> HTMLResponse:
    return _files_page(request, uow, account, keys, [])


@router.post("/passport/files", response_class=HTMLResponse)
async def upload_file(
    request: Request, uow: UowDep, account: CurrentAccount, keys: KeysDep
) -> Response:
    try:
        _uploaded(await _upload(request, uow, account, keys))
    except InvalidInput as exc:
        uow.rollback()
        return _files_page(request, uow, account, keys, field_errors(request, exc), 422)
    return see_other("/passport/files?saved=1")


@router.get("/passport/files/{file_id}/download")
def download_file(file_id: str, uow: UowDep, account: CurrentAccount, keys: KeysDep) -> Response:
    stored, content = service.file(
        uow, actor_id=account.id, holder_id=account.id, file_id=file_id, keys=keys
    )
    safe = "".join(c for c in stored.name if c.isalnum() or c in "._- ") or stored.id
    return Response(
        content,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{safe}"',
            "X-Content-Type-Options": "nosniff",
        },
    )


# --- assessments ---------------------------------------------------------------------------
def _assessment_page(
    request: Request,
    label: str,
    claim_id: str,
    values: dict[str, Any],
    errors: list[dict[str, str]],
    status: int = 200,
) -> HTMLResponse:
    language = negotiate(request)
    words = names(language) | {k: translate(language, v) for k, v in _MORE_NAMES.items()}
    return page(
        request,
        "assessment_form.html",
        {
            "label": label,
            "claim_id": claim_id,
            "values": values,
            "errors": errors,
            "names": words,
            "roles": [r.value for r in AssessorRole],
            "methods": [m.value for m in Method],
            "purposes": [p.value for p in Purpose],
            "standard_kinds": [s.value for s in StandardKind],
        },
        status_code=status,
    )


_MORE_NAMES = {
    "development": N_("To learn and grow"),
    "education": N_("For a school or an exemption"),
    "career": N_("For a job or a next step at work"),
    "none": N_("No standard"),
    "qualification_file": N_("Qualification file (kwalificatiedossier) of a school programme"),
    "sector_profile": N_("Profession or sector profile"),
    "taxonomy_concept": N_("A skill description from the skills list (ESCO)"),
}


def _label(
    request: Request,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
    claim_id: str,
) -> str:
    view = own_view(uow, account, keys)
    find(view, ItemKind.SKILL, claim_id)
    rows = skill_rows(view, taxonomy, negotiate(request))
    return next(str(r["label"]) for r in rows if r["id"] == claim_id)


@router.get("/passport/skills/{claim_id}/assessments/new", response_class=HTMLResponse)
def new_assessment(
    request: Request,
    claim_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> HTMLResponse:
    label = _label(request, uow, account, keys, taxonomy, claim_id)
    values = {"assessor_role": "education_provider", "method": "exam", "purpose": "development"}
    return _assessment_page(request, label, claim_id, values, [])


@router.post("/passport/skills/{claim_id}/assessments/new", response_class=HTMLResponse)
async def add_assessment(
    request: Request,
    claim_id: str,
    uow: UowDep,
    account: CurrentAccount,
    keys: KeysDep,
    taxonomy: TaxonomyDep,
) -> Response:
    data = await form_data(request)
    try:
        service.add_assessment(
            uow,
            actor_id=account.id,
            holder_id=account.id,
            claim_id=claim_id,
            data=data,
            keys=keys,
            now=security.now(),
        )
    except InvalidInput as exc:
        uow.rollback()
        label = _label(request, uow, account, keys, taxonomy, claim_id)
        return _assessment_page(request, label, claim_id, data, field_errors(request, exc), 422)
    return see_other(f"/passport/skills/{claim_id}/edit?saved=assessment")
