"""Languages for the pages: Babel catalogues, browser negotiation, one Jinja2 env per language.

Catalogues are read from the ``.po`` files at start-up, so a fresh checkout needs no
compile step; ``make i18n`` keeps ``messages.pot`` and the catalogues in step.
"""

from __future__ import annotations

from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations
from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from kunde import __version__

LANGUAGES = ("nl", "en")
LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE_DIR = Path(__file__).parent / "templates"
LANGUAGE_COOKIE = "kunde_lang"


@cache
def translations(language: str) -> NullTranslations:
    """Load the catalogue for ``language`` straight from its ``.po`` file."""
    po_path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if not po_path.exists():
        return NullTranslations()
    import io  # noqa: PLC0415

    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(fp=buffer)


def gettext(language: str, message: str, **params: Any) -> str:
    """Translate ``message`` and fill ``%(name)s`` placeholders."""
    text = translations(language).gettext(message)
    return text % params if params else text


def N_(message: str) -> str:  # noqa: N802 - the marker name message extraction knows
    """Mark ``message`` for the catalogues where it is written; translate it where shown."""
    return message


# For messages held in variables (marked for extraction where they are written, with N_);
# a separate name keeps the extractor from reading the variable's expression as a message.
translate = gettext


@cache
def environment(language: str) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_DIR),
        autoescape=select_autoescape(["html", "xml", "svg"]),
        extensions=["jinja2.ext.i18n"],
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_translations(translations(language), newstyle=True)  # type: ignore[attr-defined]
    env.globals["language"] = language
    env.globals["languages"] = LANGUAGES
    env.globals["version"] = __version__
    return env


def _from_accept_language(header: str) -> str | None:
    weighted: list[tuple[float, str]] = []
    for part in header.split(","):
        piece = part.strip()
        if not piece:
            continue
        tag, _, params = piece.partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        weighted.append((quality, tag.strip().lower().split("-")[0]))
    for _quality, tag in sorted(weighted, key=lambda item: -item[0]):
        if tag in LANGUAGES:
            return tag
    return None


def negotiate(request: Request) -> str:
    """Pick the page language: ``?lang=``, then the cookie, then the browser, then the default."""
    asked = request.query_params.get("lang", "")
    if asked in LANGUAGES:
        return asked
    cookie = request.cookies.get(LANGUAGE_COOKIE, "")
    if cookie in LANGUAGES:
        return cookie
    found = _from_accept_language(request.headers.get("accept-language", ""))
    if found:
        return found
    default: str = getattr(request.app.state, "default_language", "nl")
    return default if default in LANGUAGES else "nl"


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
) -> HTMLResponse:
    """Render ``template`` in the request's language; remember an explicit ``?lang=`` choice."""
    language = negotiate(request)
    page = environment(language).get_template(template)
    html = page.render(request=request, **(context or {}))
    response = HTMLResponse(html, status_code=status_code)
    response.headers["Content-Language"] = language
    if request.query_params.get("lang") in LANGUAGES:
        response.set_cookie(
            LANGUAGE_COOKIE, language, max_age=365 * 24 * 3600, samesite="lax", httponly=True
        )
    return response
