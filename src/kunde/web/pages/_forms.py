"""Helpers of the pages: render with the CSRF token, read forms, turn errors into a summary."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse

from kunde.errors import KundeError
from kunde.web import security
from kunde.web.i18n import N_, negotiate, render, translate

# Messages of the services that the pages show; marked so the catalogues carry them.
SERVICE_MESSAGES = (
    N_("The end date is before the start date."),
    N_("The 'valid until' date is before the date of the assessment."),
    N_("This skill is already in your passport. Change the one you have."),
    N_("This is not a valid e-mail address."),
    N_("There is already an account with this e-mail address."),
    N_("Fill in a name of at most 200 characters."),
    N_("Choose a skill from the list."),
    N_("Fill in the name of the person you ask."),
    N_("Choose who this person is: a colleague, an employer or an assessor."),
    N_("The form has expired. Go back, reload the page and try again."),
    N_("Use a password of at least 10 characters."),
)

# Pydantic's error types, said plainly.
_PLAIN = {
    "missing": N_("Fill this in."),
    "string_too_short": N_("Fill this in."),
    "date_from_datetime_parsing": N_("Use a date like 2024-05-31."),
    "date_parsing": N_("Use a date like 2024-05-31."),
    "date_type": N_("Use a date like 2024-05-31."),
    "int_parsing": N_("Use a whole number."),
    "float_parsing": N_("Use a number."),
    "less_than_equal": N_("This number is too high."),
    "greater_than_equal": N_("This number is too low."),
    "enum": N_("Choose one of the options."),
    "string_too_long": N_("This text is too long."),
}


def page(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render a page with ``csrf_token`` for its forms."""
    values = {"csrf_token": security.csrf_token(request), **(context or {})}
    response = render(request, template, values, status_code=status_code)
    security.remember_anonymous(request, response)
    return response


def see_other(url: str) -> RedirectResponse:
    return RedirectResponse(url, status_code=303)


async def form_data(request: Request) -> dict[str, str]:
    """The submitted form as plain strings (empty fields left out, CSRF field removed)."""
    form = await request.form()
    return {
        key: value.strip()
        for key, value in form.items()
        if isinstance(value, str) and value.strip() and key != security.CSRF_FIELD
    }


def field_errors(request: Request, error: KundeError) -> list[dict[str, str]]:
    """``[{field, message}]`` in the page's language, for the error summary."""
    language = negotiate(request)
    raw = error.details.get("errors")
    if not raw:
        raw = [{"field": str(error.details.get("field", "")), "message": str(error)}]
    out = []
    for item in raw:
        message = _PLAIN.get(str(item.get("type", "")), str(item.get("message", "")))
        out.append(
            {
                "field": str(item.get("field", "")).split(".")[0],
                "message": translate(language, message),
            }
        )
    return out
