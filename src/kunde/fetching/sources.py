# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Outside key and status sources for verification, and where each one came from.

:class:`Sources` notes, per URL, where a DID document or status list came from ("served
by this Kunde instance", "fetched from ... at ...", "the local copy you gave") and
:meth:`Sources.annotate` adds that to the issuer-key and status checks of a report, so a
reader sees the origin next to the outcome. A refused fetch needs nothing extra: its
plain reason is the message of the error the check reports.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from kunde.credentials._encoding import b64url_decode
from kunde.credentials.did import did_web_url
from kunde.credentials.errors import KeyResolutionError, StatusListError
from kunde.credentials.report import ISSUER_KEY, STATUS
from kunde.credentials.verify import LocalStatusLists

if TYPE_CHECKING:
    from kunde.credentials.report import VerificationReport
    from kunde.fetching.fetcher import Fetcher

DID_ACCEPT = "application/did+json, application/did+ld+json, application/json"
STATUS_LIST_ACCEPT = "application/statuslist+jwt"
CREDENTIAL_ACCEPT = "application/vc+ld+json, application/vc, application/json"
OFFLINE = "the key is part of the did:key identifier; nothing was fetched"


def _ttl(token: str) -> int | None:
    """The ``ttl`` claim of a Status List Token, if it has a usable one."""
    try:
        payload = json.loads(b64url_decode(token.split(".")[1]))
    except (ValueError, IndexError):
        return None
    ttl = payload.get("ttl") if isinstance(payload, dict) else None
    return int(ttl) if isinstance(ttl, int) and ttl >= 0 else None


@dataclass
class Sources:
    """Where each document of one verification came from; ``fetcher`` may fetch others."""

    fetcher: Fetcher | None = None
    keys: dict[str, str] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)

    def note_key(self, url: str, words: str) -> None:
        """Record where the DID document at ``url`` came from."""
        self.keys[url] = words

    def note_status(self, url: str, words: str) -> None:
        """Record where the status list at ``url`` came from."""
        self.statuses[url] = words

    def did_document(self, url: str) -> bytes:
        """A did:web document from another host (the ``Fetch`` of a DidResolver)."""
        if self.fetcher is None:
            raise KeyResolutionError(
                f"{url} is not served here, and this verifier does not fetch from other hosts"
            )
        fetched = self.fetcher.get(url, accept=DID_ACCEPT)
        self.note_key(url, fetched.describe())
        return fetched.body

    def status_token(self, uri: str) -> str:
        """A Status List Token from another host; its ``ttl`` sets how long it is kept."""
        if self.fetcher is None:
            raise StatusListError(
                f"{uri} is not served here, and this verifier does not fetch from other hosts"
            )
        fetched = self.fetcher.get(uri, accept=STATUS_LIST_ACCEPT)
        token = fetched.body.decode("utf-8", "replace").strip()
        ttl = _ttl(token)
        if ttl is not None and not fetched.from_cache:
            self.fetcher.keep(uri, ttl)
        self.note_status(uri, fetched.describe())
        return token

    def status_credential(self, url: str) -> dict[str, Any]:
        """A W3C status list credential from another host."""
        if self.fetcher is None:
            raise StatusListError(
                f"{url} is not served here, and this verifier does not fetch from other hosts"
            )
        fetched = self.fetcher.get(url, accept=CREDENTIAL_ACCEPT)
        try:
            document = json.loads(fetched.body)
        except ValueError as exc:
            raise StatusListError(f"{url} is not a JSON status list credential") from exc
        if not isinstance(document, dict):
            raise StatusListError(f"{url} is not a JSON status list credential")
        self.note_status(url, fetched.describe())
        return document

    def _key_words(self, detail: str) -> str | None:
        did = detail.partition("#")[0]
        if did.startswith("did:key:"):
            return OFFLINE
        if did.startswith("did:web:"):
            try:
                return self.keys.get(did_web_url(did))
            except KeyResolutionError:
                return None
        return None

    def annotate(self, report: VerificationReport) -> VerificationReport:
        """Add each document's origin to the issuer-key and status checks of ``report``."""
        status_words = list(self.statuses.values())
        checks = []
        for check in report.checks:
            words = None
            if check.name == ISSUER_KEY and check.ok:
                words = self._key_words(check.detail)
                words = f"key document {words}" if words and words != OFFLINE else words
            elif check.name == STATUS and check.ok is not None and status_words:
                words = "status list " + "; ".join(status_words)
            checks.append(replace(check, detail=f"{check.detail} ({words})") if words else check)
        report.checks = checks
        return report


@dataclass
class FetchingStatusLists(LocalStatusLists):
    """Local copies first (``--status-list``), then other hosts through ``sources``."""

    sources: Sources = field(default_factory=Sources)

    def token(self, uri: str) -> str:
        if uri in self.tokens:
            self.sources.note_status(uri, "the local copy you gave")
            return self.tokens[uri]
        return self.sources.status_token(uri)

    def credential(self, url: str) -> dict[str, Any]:
        if url in self.credentials:
            self.sources.note_status(url, "the local copy you gave")
            return self.credentials[url]
        return self.sources.status_credential(url)


__all__ = ["FetchingStatusLists", "Sources"]
