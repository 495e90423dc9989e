# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Kunde's wallet answering an OpenID4VP request from a verifier on another host.

The holder pastes or scans the request link; that counts as consent to fetch that one
request object and to post the answer to its ``response_uri`` — through the guarded
fetcher, so the network rules (https, no private addresses unless the operator named the
host, limits) still hold. :func:`consent` fetches and checks the request
(:mod:`.oid4vp_outside`) and lists the wallet's credentials that fit; :func:`answer` does
so again, presents only the asked fields with a key binding to the verifier's client id and
nonce, posts it, and records it once (a request is answered once) in the holder's access
log with who received what, and why.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import certifi

from kunde.credentials import present
from kunde.credentials._encoding import b64url_decode, json_object
from kunde.credentials.did import DidResolver
from kunde.credentials.errors import CredentialError
from kunde.errors import InvalidInput
from kunde.fetching.errors import FetchFailed
from kunde.sharing import gate, oid4vp
from kunde.sharing.model import AccessAction, ItemKind, SharedItem
from kunde.sharing.oid4vp_outside import OutsideRequest, read_request, trust_store
from kunde.sharing.store import OutsidePresentationRow, SharingStore
from kunde.wallet import service as wallet

if TYPE_CHECKING:
    from datetime import datetime

    from kunde.db.session import UnitOfWork
    from kunde.fetching import Fetcher
    from kunde.passport import KeyRing
    from kunde.wallet.service import WalletEntry

REQUEST_ACCEPT = "application/oauth-authz-req+jwt, application/jwt"


def _key_of(fetcher: Fetcher, request_uri: str) -> DidResolver:
    """did:key offline; did:web through the fetcher (the request's own host counts as the
    holder's consent, other hosts need the operator's list)."""
    request_host = urlsplit(request_uri).hostname

    def fetch(url: str) -> bytes:
        same = urlsplit(url).hostname == request_host
        return fetcher.get(url, accept="application/did+json", consent=same).body

    return DidResolver(fetch=fetch)


def fetch_request(fetcher: Fetcher, text: str, *, now: datetime) -> OutsideRequest:
    """Fetch and check the request a link names; :class:`InvalidInput` says why not."""
    link = oid4vp.parse_link(text)
    try:
        fetched = fetcher.get(link.request_uri, accept=REQUEST_ACCEPT, consent=True)
    except FetchFailed as exc:
        if 400 <= exc.details.get("status", 0) < 500:  # noqa: PLR2004 - client errors
            raise InvalidInput(
                "The verifier no longer offers this request: it was answered already, or it "
                "expired. Ask for a new one.",
                details={"field": "link"},
            ) from exc
        raise
    try:
        jwt = fetched.body.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise InvalidInput(
            "This is not a presentation request.", details={"field": "link"}
        ) from None
    roots: tuple[str, ...] = (certifi.where(),)
    if fetcher.policy.ca_file is not None:
        roots += (str(fetcher.policy.ca_file),)
    return read_request(
        jwt,
        link=link,
        now=now,
        key_of=_key_of(fetcher, link.request_uri).resolve_key,
        trust=trust_store(roots),
    )


def _vct(entry: WalletEntry) -> str | None:
    try:
        payload = json_object(b64url_decode(str(entry.credential).split("~")[0].split(".")[1]), "")
    except (CredentialError, IndexError):
        return None
    vct = payload.get("vct")
    return vct if isinstance(vct, str) else None


def fitting(entries: list[WalletEntry], request: OutsideRequest) -> list[WalletEntry]:
    """The SD-JWT VC credentials of the wallet of a type the request accepts."""
    found = [e for e in entries if e.format == "sd-jwt-vc" and isinstance(e.credential, str)]
    if request.vct_values is None:
        return found
    return [e for e in found if _vct(e) in request.vct_values]


@dataclass(frozen=True)
class OutsideConsent:
    """What the holder is asked about a request from another host."""

    request: OutsideRequest
    credentials: tuple[WalletEntry, ...]


def consent(
    uow: UnitOfWork, fetcher: Fetcher, *, holder_id: str, link: str, keys: KeyRing, now: datetime
) -> OutsideConsent:
    request = fetch_request(fetcher, link, now=now)
    if SharingStore(uow.session).outside_presentation(request.request_key) is not None:
        raise InvalidInput("You already answered this request.", details={"field": "link"})
    found = wallet.entries(uow, actor_id=holder_id, holder_id=holder_id, keys=keys)
    return OutsideConsent(request, tuple(fitting(found, request)))


def _verifier_refusal(answer: dict[str, Any], status_code: int) -> str:
    detail = answer.get("detail") or answer.get("error_description") or answer.get("error")
    return detail[:300] if isinstance(detail, str) else f"HTTP {status_code}"


def answer(
    uow: UnitOfWork,
    fetcher: Fetcher,
    *,
    holder_id: str,
    link: str,
    entry_id: str,
    keys: KeyRing,
    now: datetime,
) -> dict[str, Any]:
    """Present wallet credential ``entry_id`` to the verifier of ``link``; commits the record
    and the access-log entry once the verifier received it. A verifier that refuses the
    answer still received it: that is logged too, then :class:`InvalidInput` says why."""
    request = fetch_request(fetcher, link, now=now)
    store = SharingStore(uow.session)
    if store.outside_presentation(request.request_key) is not None:
        raise InvalidInput("You already answered this request.", details={"field": "link"})
    entry = wallet.entry(uow, actor_id=holder_id, holder_id=holder_id, entry_id=entry_id, keys=keys)
    key = wallet.holder_key(
        uow, actor_id=holder_id, holder_id=holder_id, entry_id=entry_id, keys=keys
    )
    if key is None or entry not in fitting([entry], request):
        raise InvalidInput(
            "This credential does not fit the request. Choose one you received in Kunde's wallet.",
            details={"field": "credential"},
        )
    presentation = present(
        str(entry.credential),
        disclose=request.disclose,
        holder_key=key,
        nonce=request.nonce,
        audience=request.client_id,
        now=now,
    )
    form = {"vp_token": json.dumps({request.query_id: [presentation]})}
    if request.state is not None:
        form["state"] = request.state
    posted = fetcher.post_form(request.response_uri, form, consent=True)
    _record(uow, request, holder_id=holder_id, entry_id=entry_id, now=now)
    uow.commit()
    parsed = posted.json()
    body: dict[str, Any] = parsed if isinstance(parsed, dict) else {}
    if not 200 <= posted.status_code < 300:  # noqa: PLR2004 - HTTP success range
        raise InvalidInput(
            "The verifier received the credential but did not accept it: "
            + _verifier_refusal(body, posted.status_code),
            details={"field": "credential"},
        )
    redirect = body.get("redirect_uri")
    usable = isinstance(redirect, str) and urlsplit(redirect).scheme in {"https", "http"}
    return {
        "status": "sent",
        "verifier": request.verifier_name,
        "redirect_uri": redirect if usable else None,
    }


def _record(
    uow: UnitOfWork, request: OutsideRequest, *, holder_id: str, entry_id: str, now: datetime
) -> None:
    row = OutsidePresentationRow(
        id=str(uuid.uuid4()),
        holder_id=holder_id,
        request_key=request.request_key,
        client_id=request.client_id[:500],
        verifier_name=request.verifier_name,
        verifier_host=request.verifier_host[:255],
        checked_as=request.scheme,
        purpose_text=request.purpose_text,
        claims=request.disclose,
        answered_at=now,
    )
    SharingStore(uow.session).add(row)
    gate.append(
        uow,
        holder_id=holder_id,
        actor_id=None,
        action=AccessAction.PRESENT,
        now=now,
        items=(SharedItem(ItemKind.CREDENTIAL, entry_id),),
        presentation_id=row.id,
    )


__all__ = ["OutsideConsent", "answer", "consent", "fetch_request", "fitting"]
