"""Change and remove passport records in the browser: achievements, experiences, skill claims.

Every change form carries the version it showed. When someone else saved the record in the
meantime the page says so, keeps what the holder typed and shows what is saved now; the
holder's input is never dropped silently (the service refuses the stale write).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kunde.errors import Conflict, InvalidInput, KundeError, NotFound
from kunde.passport import service
from kunde.passport.model import AchievementKind, AchievementType, ExperienceKind, ItemKind
from kunde.web import security
from kunde.web.deps import CurrentAccount, KeysDep, TaxonomyDep, UowDep
from kunde.web.i18n import N_, negotiate, translate
from kunde.web.pages._forms import field_errors, page, see_other
from kunde.web.pages.passport import names, skill_rows

if TYPE_CHECKING:
    from kunde.passport._records import Item

router = APIRouter()

STALE = N_(
    "Someone changed this after you opened the form. Your changes are not saved yet: they "
    "are still in the form below. Under 'Saved now' you see what is saved. Check and save again."
)
CONFIRM = N_("Tick the box to say that you want to remove this.")

# Per section: kind, template, and each editable field with its value when left empty.
SECTIONS: dict[str, tuple[ItemKind, str, dict[str, Any]]] = {
    "experiences": (
        ItemKind.EXPERIENCE,
        "experience_form.html",
        {"kind": None, "role": "", "organisation": "", "start": None, "end": None, "tasks": ""},
    ),
    "achievements": (
        ItemKind.ACHIEVEMENT,
        "achievement_form.html",
        {
            "kind": None,
            "type": None,
            "title": "",
            "institution": "",
            "awarded_on": None,
            "nlqf_level": None,
            "hours": None,
            "ects": None,
        },
    ),
    "skills": (
        ItemKind.SKILL,
        "skill_edit.html",
        {"proficiency": None, "last_used": None, "note": ""},
    ),
}
_SKILL_LISTS = ("achievement_ids", "experience_ids")
FIELD_LABELS = {
    "kind": N_("What kind?"),
    "type": N_("Type"),
    "role": N_("What did you do? (your role)"),
    "organisation": N_("Where?"),
    "start": N_("From"),
    "end": N_("Until"),
    "tasks": N_("Tasks"),
    "title": N_("Name of the diploma or course"),
    "institution": N_("School or organisation"),
    "awarded_on": N_("Date"),
    "nlqf_level": N_("NLQF level (1 to 8)"),
    "hours": N_("Study hours"),
    "ects": N_("Credits (ECTS)"),
    "proficiency": N_("How well can you do this?"),
    "last_used": N_("When did you last use this skill?"),
    "note": N_("Note"),
}


def find(view: service.PassportView, kind: ItemKind, item_id: str) -> Item:
    """The record ``item_id`` of ``kind`` in the holder's own view, or :class:`NotFound`."""
    items: list[Item] = {
        ItemKind.ACHIEVEMENT: view.achievements,
        ItemKind.EXPERIENCE: view.experiences,
        ItemKind.SKILL: [s.claim for s in view.skills],
    }[kind]
    for item in items:
        if item.id == item_id:
            return item
    raise NotFound("There is no such record in your passport.")


def own_view(uow: UowDep, account: CurrentAccount, keys: KeysDep) -> service.PassportView:
    return service.view(
        uow, actor_id=account.id, holder_id=account.id, keys=keys, now=security.now()
    )


def form_values(item: Item) -> dict[str, Any]:
    """A record's body as form values (dates as ISO text, empty values as empty text)."""
    values = item.body.model_dump(mode="json")
    return {k: ("" if v is None else v) for k, v in values.items()}


async def read_changes(request: Request, fields: dict[str, Any]) -> dict[str, Any]:
    """The submitted ``fields``; an emptied field becomes its empty value, so clearing works."""
    form = await request.form()
    out: dict[str, Any] = {}
    for name, empty in fields.items():
        value = form.get(name)
        text = value.strip() if isinstance(value, str) else ""
        out[name] = text or empty
    if "links_shown" in form:  # the skill form lists links as check boxes; none ticked: none
        for name in _SKILL_LISTS:
            out[name] = [v for v in form.getlist(name) if isinstance(v, str) and v]
    return out


def form_context(
    request: Request,
    uow: UowDep,
    keys: KeysDep,
    section: str,
    view: service.PassportView,
    item: Item,
    values: dict[str, Any],
    errors: list[dict[str, str]],
    taxonomy: TaxonomyDep,
    saved: dict[str, Any] | None = None,
) -> dict[str, Any]:
    language = negotiate(request)
    context: dict[str, Any] = {
        "values": values,
        "errors": errors,
        "names": names(language),
        "item": item,
        "action": f"/passport/{section}/{item.id}/edit",
        "saved": saved,
        "field_names": {k: translate(language, v) for k, v in FIELD_LABELS.items()},
        "experience_kinds": [k.value for k in ExperienceKind],
        "achievement_kinds": [k.value for k in AchievementKind],
        "achievement_types": [t.value for t in AchievementType],
    }
    if section == "skills":
        rows = {row["id"]: row for row in skill_rows(view, taxonomy, language)}
        holder = view.holder_id
        files = service.files(uow, actor_id=holder, holder_id=holder, keys=keys)
        context |= {
            "skill": rows[item.id],
            "achievements": view.achievements,
            "experiences": view.experiences,
            "files": {f.id: f for f in files},
        }
    return context


def _edit_page(section: str) -> Any:
    kind, template, _fields = SECTIONS[section]

    def show(
        request: Request,
        item_id: str,
        uow: UowDep,
        account: CurrentAccount,
        keys: KeysDep,
        taxonomy: TaxonomyDep,
    ) -> HTMLResponse:
        view = own_view(uow, account, keys)
        item = find(view, kind, item_id)
        values = form_values(item)
        context = form_context(request, uow, keys, section, view, item, values, [], taxonomy)
        context["done"] = request.query_params.get("saved", "")
        return page(request, template, context)

    return show


def _edit_action(section: str) -> Any:
    kind, template, fields = SECTIONS[section]

    async def save(
        request: Request,
        item_id: str,
        uow: UowDep,
        account: CurrentAccount,
        keys: KeysDep,
        taxonomy: TaxonomyDep,
    ) -> Response:
        changes = await read_changes(request, fields)
        form = await request.form()
        version = str(form.get("version", ""))
        try:
            if not version.isdigit():
                raise InvalidInput("Reload the page and make your change again.")
            service.update(
                uow,
                actor_id=account.id,
                holder_id=account.id,
                kind=kind,
                item_id=item_id,
                changes=changes,
                expected_version=int(version),
                keys=keys,
                concepts=taxonomy,
                now=security.now(),
            )
        except KundeError as exc:
            uow.rollback()
            view = own_view(uow, account, keys)
            item = find(view, kind, item_id)
            values = {k: ("" if v is None else v) for k, v in changes.items()}
            values["version"] = version
            stale = isinstance(exc, Conflict) and "current_version" in exc.details
            if stale:
                language = negotiate(request)
                errors = [{"field": "", "message": translate(language, STALE)}]
                values["version"] = str(item.version)  # saving again is a choice now
            else:
                errors = field_errors(request, exc)
            context = form_context(
                request,
                uow,
                keys,
                section,
                view,
                item,
                values,
                errors,
                taxonomy,
                saved=form_values(item) if stale else None,
            )
            return page(request, template, context, status_code=409 if stale else 422)
        return see_other(f"/passport/{section}/{item_id}/edit?saved=1")

    return save


def _delete_page(section: str) -> Any:
    kind = SECTIONS[section][0]

    def confirm(
        request: Request,
        item_id: str,
        uow: UowDep,
        account: CurrentAccount,
        keys: KeysDep,
        taxonomy: TaxonomyDep,
    ) -> HTMLResponse:
        item = find(own_view(uow, account, keys), kind, item_id)
        label = _label(item, taxonomy, negotiate(request))
        return page(
            request,
            "record_delete.html",
            {"item": item, "section": section, "errors": [], "title": label},
        )

    return confirm


def _title(item: Item) -> str:
    return str(service.title(item.kind, item.body))


def _delete_action(section: str) -> Any:
    kind = SECTIONS[section][0]

    async def remove(
        request: Request,
        item_id: str,
        uow: UowDep,
        account: CurrentAccount,
        keys: KeysDep,
        taxonomy: TaxonomyDep,
    ) -> Response:
        form = await request.form()
        version = str(form.get("version", ""))
        language = negotiate(request)
        try:
            _confirmed(form.get("confirm"))
            service.delete(
                uow,
                actor_id=account.id,
                holder_id=account.id,
                kind=kind,
                item_id=item_id,
                expected_version=int(version) if version.isdigit() else None,
                keys=keys,
                now=security.now(),
            )
        except (InvalidInput, Conflict) as exc:
            uow.rollback()
            item = find(own_view(uow, account, keys), kind, item_id)
            stale = isinstance(exc, Conflict)
            message = translate(language, STALE_DELETE if stale else CONFIRM)
            field = "" if stale else "confirm"
            label = _label(item, taxonomy, language)
            return page(
                request,
                "record_delete.html",
                {
                    "item": item,
                    "section": section,
                    "errors": [{"field": field, "message": message}],
                    "title": label,
                },
                status_code=409 if stale else 422,
            )
        return see_other("/passport?made=removed")

    return remove


STALE_DELETE = N_(
    "Someone changed this after you opened the page. Look at it again before you remove it."
)


def _confirmed(answer: object) -> None:
    if answer != "yes":
        raise InvalidInput(CONFIRM, details={"field": "confirm"})


def _label(item: Item, taxonomy: TaxonomyDep, language: str) -> str:
    title = _title(item)
    if item.kind is ItemKind.SKILL:
        found = taxonomy.summaries([title], language)
        return found[title].label.text if found else title
    return title


for _section in SECTIONS:
    for _action, _method, _endpoint in (
        ("edit", "GET", _edit_page(_section)),
        ("edit", "POST", _edit_action(_section)),
        ("delete", "GET", _delete_page(_section)),
        ("delete", "POST", _delete_action(_section)),
    ):
        router.add_api_route(
            f"/passport/{_section}/{{item_id}}/{_action}",
            _endpoint,
            methods=[_method],
            response_class=HTMLResponse,
        )
