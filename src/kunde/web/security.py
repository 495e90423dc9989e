"""Who is asking: bearer tokens and session cookies, CSRF tokens, the passport key ring.

* API clients send ``Authorization: Bearer <token>`` (from ``POST /api/v1/auth/token``).
* Browsers carry the session in the ``kunde_session`` cookie: HttpOnly, SameSite=Lax, and
  Secure whenever ``base_url`` is https.
* Every state-changing request authenticated by cookie must carry a CSRF token (form field
  ``csrf_token`` or header ``X-CSRF-Token``): an HMAC of the session token under the
  instance secret. Before sign-in, forms use a random ``kunde_csrf`` cookie in its place.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import UTC, datetime

from fastapi import Request, Response

from kunde.accounts import service as accounts
from kunde.accounts.model import Account
from kunde.config import Settings
from kunde.db.session import UnitOfWork
from kunde.errors import AuthenticationRequired, PermissionDenied
from kunde.passport import KeyRing
from kunde.passport.key_store import KeyStore

SESSION_COOKIE = "kunde_session"
ANON_COOKIE = "kunde_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def now() -> datetime:
    return datetime.now(UTC)


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def keyring(request: Request) -> KeyRing:
    """The passport key ring (instance secret and key store), built once per app unless
    ``create_app`` was given one."""
    ring: KeyRing | None = getattr(request.app.state, "keyring", None)
    if ring is None:
        settings = settings_of(request)
        store = KeyStore.from_url(settings.resolved_keystore_url())
        ring = KeyRing.from_secret(settings.resolved_secret_key(), store)
        request.app.state.keyring = ring
        request.app.state.own_keystore = store  # disposed when the app stops
    return ring


def _sign(request: Request, value: str) -> str:
    secret = settings_of(request).resolved_secret_key()
    return hmac.new(secret, b"csrf:" + value.encode(), hashlib.sha256).hexdigest()


def csrf_token(request: Request) -> str:
    """The CSRF token for forms on this page (see :func:`remember_anonymous`)."""
    session = request.cookies.get(SESSION_COOKIE)
    if session:
        return _sign(request, "s:" + session)
    anonymous = request.cookies.get(ANON_COOKIE) or getattr(request.state, "anon_csrf", None)
    if not anonymous:
        anonymous = secrets.token_urlsafe(24)
        request.state.anon_csrf = anonymous
    return _sign(request, "a:" + anonymous)


def remember_anonymous(request: Request, response: Response) -> None:
    """Set the pre-sign-in CSRF cookie if this request made one."""
    value = getattr(request.state, "anon_csrf", None)
    if value and not request.cookies.get(ANON_COOKIE):
        response.set_cookie(
            ANON_COOKIE, value, httponly=True, samesite="lax", secure=is_secure(request)
        )


def check_csrf(request: Request, submitted: str | None) -> None:
    """Raise :class:`PermissionDenied` unless ``submitted`` matches this browser's token."""
    session = request.cookies.get(SESSION_COOKIE)
    anonymous = request.cookies.get(ANON_COOKIE)
    expected = [_sign(request, "s:" + session)] if session else []
    if anonymous:
        expected.append(_sign(request, "a:" + anonymous))
    if not submitted or not any(hmac.compare_digest(submitted, e) for e in expected):
        raise PermissionDenied("The form has expired. Go back, reload the page and try again.")


def is_secure(request: Request) -> bool:
    return settings_of(request).base_url.startswith("https://")


def set_session_cookie(request: Request, response: Response, token: str, max_age: int) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=is_secure(request),
        path="/",
    )


def bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


async def authenticate(request: Request, uow: UnitOfWork) -> Account:
    """The account behind the request, or :class:`AuthenticationRequired`.

    Bearer tokens need no CSRF token (browsers never add them on their own); cookie sessions
    do on every state-changing method.
    """
    token = bearer(request)
    if token:
        return accounts.token_account(uow, token, now=now())
    session = request.cookies.get(SESSION_COOKIE)
    if not session:
        raise AuthenticationRequired("Please sign in first.")
    account = accounts.session_account(uow, session, now=now())
    if request.method not in SAFE_METHODS:
        submitted = request.headers.get(CSRF_HEADER)
        if submitted is None and request.headers.get("content-type", "").startswith(
            ("application/x-www-form-urlencoded", "multipart/form-data")
        ):
            form = await request.form()
            value = form.get(CSRF_FIELD)
            submitted = value if isinstance(value, str) else None
        check_csrf(request, submitted)
    return account
