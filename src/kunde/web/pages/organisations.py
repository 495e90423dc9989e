"""An organisation's members: who they are, their role, and who handles the passports that
holders share with the organisation. Admins give or take that function here (no JavaScript
needed); the same rule holds in the API and in every service that reads a share."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import MemberFunction, MemberRole
from kunde.accounts import service as accounts
from kunde.web.deps import CurrentAccount, UowDep
from kunde.web.pages._forms import form_data, page, see_other

router = APIRouter()


@router.get("/organisations/{organisation_id}/members", response_class=HTMLResponse)
def members_page(
    request: Request, organisation_id: str, uow: UowDep, account: CurrentAccount
) -> HTMLResponse:
    found = accounts.members(uow, account, organisation_id)  # members only
    me = next(m for m in found if m.account.id == account.id)
    context = {
        "org": accounts.organisation(uow, organisation_id),
        "members": found,
        "is_admin": me.role is MemberRole.ADMIN,
        "saved": request.query_params.get("saved", ""),
    }
    return page(request, "members.html", context)


@router.post("/organisations/{organisation_id}/members/{account_id}/functions")
async def set_functions(
    request: Request, organisation_id: str, account_id: str, uow: UowDep, account: CurrentAccount
) -> Response:
    data = await form_data(request)
    chosen = [MemberFunction.HANDLES_SHARES.value] if data.get("handles_shares") == "yes" else []
    accounts.set_functions(uow, account, organisation_id, account_id, chosen)
    return see_other(f"/organisations/{organisation_id}/members?saved=1")
