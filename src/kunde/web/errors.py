"""The one translation from Kunde errors to HTTP: RFC 9457 problem details or an HTML page."""

from __future__ import annotations

import logging
from http import HTTPStatus
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from kunde.accounts.errors import TooManyAttempts
from kunde.errors import (
    AuthenticationRequired,
    Conflict,
    InvalidInput,
    KundeError,
    NotFound,
    PermissionDenied,
)

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger(__name__)

_STATUS: list[tuple[type[KundeError], int]] = [
    (NotFound, 404),
    (InvalidInput, 422),
    (Conflict, 409),
    (AuthenticationRequired, 401),
    (PermissionDenied, 403),
    (TooManyAttempts, 429),
]


def status_for(error: KundeError) -> int:
    for kind, status in _STATUS:
        if isinstance(error, kind):
            return status
    return 400


def problem(
    status: int,
    detail: str,
    *,
    title: str | None = None,
    type_: str = "about:blank",
    instance: str | None = None,
    **extra: Any,
) -> JSONResponse:
    """Build an ``application/problem+json`` response (RFC 9457)."""
    body: dict[str, Any] = {
        "type": type_,
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    body.update(extra)
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}  # noqa: PLR2004
    if status == 429 and "retry_after" in extra:  # noqa: PLR2004
        headers["Retry-After"] = str(extra["retry_after"])
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


def _wants_html(request: Request) -> bool:
    if request.url.path.startswith(("/api/", "/.well-known/")):
        return False
    return "text/html" in request.headers.get("accept", "")


def _render_error_page(request: Request, status: int) -> Response:
    from kunde.web.i18n import gettext, negotiate, render  # noqa: PLC0415 - pages import us

    language = negotiate(request)
    details = {
        404: gettext(language, "The page or the item you asked for does not exist (any more)."),
        403: gettext(language, "You are not allowed to do this. Reload the page and try again."),
        422: gettext(language, "Something in your request is not right. Go back and try again."),
        429: gettext(language, "Too many attempts. Wait a few minutes and try again."),
        500: gettext(language, "This is our fault. Please try again in a few minutes."),
    }
    detail = details.get(status, details[422] if status < 500 else details[500])  # noqa: PLR2004
    return render(request, "error.html", {"status": status, "detail": detail}, status_code=status)


def install(app: FastAPI) -> None:
    """Register the handlers that turn every error into a problem document or a page."""

    @app.exception_handler(KundeError)
    async def kunde_error(request: Request, exc: KundeError) -> Response:
        status = status_for(exc)
        if _wants_html(request):
            if isinstance(exc, AuthenticationRequired):
                # A browser that is not signed in goes to the sign-in page and comes back.
                target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                return RedirectResponse(f"/sign-in?next={quote(target)}", status_code=303)
            return _render_error_page(request, status)
        return problem(status, str(exc), instance=request.url.path, **exc.details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(_request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "message": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        detail = "; ".join(f"{e['field']}: {e['message']}" for e in errors) or "Invalid request."
        return problem(422, detail, title="Invalid request", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
        if _wants_html(request):
            return _render_error_page(request, exc.status_code)
        return problem(exc.status_code, detail, instance=request.url.path)

    @app.exception_handler(ClientDisconnect)
    async def gone(request: Request, _exc: ClientDisconnect) -> Response:
        # The browser left before sending all of its request: nobody waits for an answer.
        log.info("client left during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
        detail = "Something went wrong on our side. Please try again later."
        if _wants_html(request):
            return _render_error_page(request, 500)
        return problem(500, detail)
