"""Sign up, sign in and sign out in the browser."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated
from urllib.parse import urlparse

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from kunde.accounts import Account, TooManyAttempts
from kunde.accounts import service as accounts
from kunde.accounts.model import MIN_PASSWORD
from kunde.errors import KundeError
from kunde.web import security
from kunde.web.deps import UowDep
from kunde.web.i18n import gettext, negotiate
from kunde.web.pages._forms import field_errors, form_data, page, see_other

router = APIRouter()


def _safe_next(target: str) -> str:
    """Only local paths, so the sign-in page cannot send anyone to another site."""
    parsed = urlparse(target)
    if parsed.scheme or parsed.netloc or not target.startswith("/") or target.startswith("//"):
        return "/passport"
    return target


def _signed_in(request: Request, uow: UowDep, account: Account, target: str) -> Response:
    session = accounts.start_session(uow, account, now=security.now())
    response = see_other(_safe_next(target))
    max_age = int((session.expires_at - security.now()).total_seconds())
    security.set_session_cookie(request, response, session.token, max_age)
    response.delete_cookie(security.ANON_COOKIE)
    return response


@router.get("/sign-up", response_class=HTMLResponse)
def sign_up_form(request: Request) -> HTMLResponse:
    return page(request, "sign_up.html", {"values": {}, "errors": [], "min_password": MIN_PASSWORD})


@router.post("/sign-up", response_class=HTMLResponse)
async def sign_up(request: Request, uow: UowDep) -> Response:
    data = await form_data(request)
    form = await request.form()
    security.check_csrf(request, str(form.get(security.CSRF_FIELD, "")))
    try:
        account = accounts.sign_up(
            uow,
            email=data.get("email", ""),
            password=str(form.get("password", "")),
            display_name=data.get("display_name", ""),
            now=security.now(),
        )
    except KundeError as exc:
        values = {k: v for k, v in data.items() if k != "password"}
        return page(
            request,
            "sign_up.html",
            {"values": values, "errors": field_errors(request, exc), "min_password": MIN_PASSWORD},
            status_code=422,
        )
    return _signed_in(request, uow, account, "/passport")


@router.get("/sign-in", response_class=HTMLResponse)
def sign_in_form(request: Request, next: Annotated[str, Query()] = "/passport") -> HTMLResponse:  # noqa: A002
    return page(request, "sign_in.html", {"values": {}, "errors": [], "next": next})


@router.post("/sign-in", response_class=HTMLResponse)
async def sign_in(request: Request, uow: UowDep) -> Response:
    data = await form_data(request)
    form = await request.form()
    security.check_csrf(request, str(form.get(security.CSRF_FIELD, "")))
    target = data.get("next", "/passport")
    try:
        account = accounts.authenticate(
            uow,
            email=data.get("email", ""),
            password=str(form.get("password", "")),
            now=security.now(),
        )
    except KundeError as exc:
        language = negotiate(request)
        status = 429 if isinstance(exc, TooManyAttempts) else 401
        message = (
            gettext(language, "Too many attempts. Wait a few minutes and try again.")
            if status == HTTPStatus.TOO_MANY_REQUESTS
            else gettext(language, "The e-mail address or the password is not right.")
        )
        return page(
            request,
            "sign_in.html",
            {
                "values": {"email": data.get("email", "")},
                "next": target,
                "errors": [{"field": "email", "message": message}],
            },
            status_code=status,
        )
    return _signed_in(request, uow, account, target)


@router.post("/sign-out")
async def sign_out(request: Request, uow: UowDep) -> Response:
    form = await request.form()
    security.check_csrf(request, str(form.get(security.CSRF_FIELD, "")))
    token = request.cookies.get(security.SESSION_COOKIE)
    if token:
        accounts.end_session(uow, token)
    response = see_other("/")
    response.delete_cookie(security.SESSION_COOKIE)
    return response
