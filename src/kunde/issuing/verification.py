"""Verifying any supported credential the way this instance sees the world.

* Issuer keys: did:key offline; this instance's did:web documents from the database;
  did:web documents of other hosts only through the guarded fetcher, when the operator
  allowed the host (``KUNDE_FETCH_ALLOWED_HOSTS``); otherwise not at all.
* Status: lists this instance serves are read from the database (signed as served, then
  checked like any other list); other lists through the fetcher on the same terms.
* The report says where each key document and status list came from, or why it was not
  fetched.
* Trust: the trust list file (``KUNDE_TRUST_LIST_FILE``) and, unless
  ``KUNDE_TRUST_LOCAL_ISSUERS`` is off, every organisation on this instance that has an
  issuing role.
* Verified status lists are kept in the process-wide ``status_cache`` of the trust
  settings and reused only for identical content (see
  :class:`~kunde.credentials.status_list.StatusListCache`). Lists this instance serves are
  signed from the database rows on every request, so a revocation changes the list at once
  and is never answered from the cache.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from kunde.credentials.did import DidResolver
from kunde.credentials.errors import MalformedCredentialError, StatusListError
from kunde.credentials.trust import TrustedIssuer, TrustList
from kunde.credentials.verify import LocalStatusLists, verify_credential
from kunde.errors import InvalidInput, KundeError
from kunde.fetching.sources import Sources
from kunde.issuing import issuers, status

if TYPE_CHECKING:
    from datetime import datetime
    from pathlib import Path

    from kunde.accounts.model import Organisation
    from kunde.credentials.report import VerificationReport
    from kunde.credentials.status_list import StatusListCache
    from kunde.db.session import UnitOfWork
    from kunde.fetching.fetcher import Fetcher
    from kunde.issuing.model import Site


@dataclass(frozen=True)
class TrustSettings:
    """Where trust comes from: a trust list file and/or this instance's organisations;
    ``fetcher`` reaches other hosts' keys and status lists (None: this instance only);
    ``status_cache`` keeps verified status lists between verifications (one per process)."""

    file: Path | None = None
    local_issuers: bool = True
    fetcher: Fetcher | None = None
    status_cache: StatusListCache | None = None


def trust_list(site: Site, trust: TrustSettings) -> TrustList:
    """The trust list verification uses; a broken file is :class:`InvalidInput`."""
    entries: list[TrustedIssuer] = []
    name = "Kunde"
    if trust.file is not None:
        try:
            loaded = TrustList.from_file(trust.file)
        except MalformedCredentialError as exc:
            raise InvalidInput(f"The trust list cannot be read: {exc}") from exc
        entries += loaded.issuers
        name = loaded.name
    if trust.local_issuers:
        entries.append(
            TrustedIssuer(
                id=site.org_did("").removesuffix(":"),
                name="organisations on this Kunde instance",
                include_subpaths=True,
            )
        )
    return TrustList(name=name, issuers=tuple(entries))


@dataclass
class _LocalLists(LocalStatusLists):
    """Status lists served by this instance, read from the database when asked for."""

    uow: Any = None
    site: Any = None
    now: Any = None
    sources: Sources = field(default_factory=Sources)
    _seen: dict[str, Any] = field(default_factory=dict)

    def token(self, uri: str) -> str:
        found = self.site.list_from_status_url(uri)
        if found is None:
            return self.sources.status_token(uri)
        if found[0] != status.TOKEN:
            raise StatusListError(f"{uri} is not a status list token")
        try:
            token = status.token(self.uow, self.site, found[1], now=self.now)
        except KundeError as exc:
            raise StatusListError(str(exc)) from exc
        self.sources.note_status(uri, "served by this Kunde instance")
        return token

    def credential(self, url: str) -> dict[str, Any]:
        found = self.site.list_from_status_url(url)
        if found is None:
            return self.sources.status_credential(url)
        if found[0] != status.BITSTRING:
            raise StatusListError(f"{url} is not a status list credential")
        self.sources.note_status(url, "served by this Kunde instance")
        if url not in self._seen:
            try:
                self._seen[url] = status.bitstring_credential(
                    self.uow, self.site, found[1], now=self.now
                )
            except KundeError as exc:
                raise StatusListError(str(exc)) from exc
        result: dict[str, Any] = self._seen[url]
        return result


def parse(text: str) -> str | dict[str, Any]:
    """A credential as pasted or uploaded: compact SD-JWT text or JSON (Data Integrity).

    A JSON string holding an SD-JWT (as some wallets export) is unwrapped.
    """
    import json  # noqa: PLC0415

    value = text.strip().lstrip("\ufeff")
    if not value:
        raise InvalidInput("Paste a credential or choose a file.", details={"field": "credential"})
    if value.startswith('"'):
        try:
            inner = json.loads(value)
        except ValueError:
            inner = None
        if isinstance(inner, str):
            return inner.strip()
    return value


def verify(
    uow: UnitOfWork,
    site: Site,
    credential: str | dict[str, Any],
    *,
    trust: TrustSettings,
    now: datetime,
    nonce: str | None = None,
    audience: str | None = None,
) -> VerificationReport:
    """Verify a credential; :class:`InvalidInput` when it is not one Kunde can read."""
    sources = Sources(trust.fetcher)
    lists = _LocalLists(uow=uow, site=site, now=now, sources=sources)
    try:
        report = verify_credential(
            credential,
            now=now,
            dids=resolver(uow, site, sources),
            trust_list=trust_list(site, trust),
            status_lists=lists,
            nonce=nonce,
            audience=audience,
            status_cache=trust.status_cache,
        )
    except MalformedCredentialError as exc:
        raise InvalidInput(str(exc), details={"field": "credential"}) from exc
    return sources.annotate(report)


def resolver(uow: UnitOfWork, site: Site, sources: Sources) -> DidResolver:
    """did:key offline, this instance's did:web from the database, other did:web documents
    through ``sources`` (its fetcher, if any); each origin is noted in ``sources``."""
    local = issuers.local_resolver(uow, site).fetch

    def fetch(url: str) -> bytes:
        if local is None or site.org_from_did_url(url) is None:
            return sources.did_document(url)
        body = local(url)
        sources.note_key(url, "served by this Kunde instance")
        return body

    return DidResolver(fetch=fetch)


def local_issuer(uow: UnitOfWork, site: Site, issuer: str | None) -> Organisation | None:
    """The organisation of this instance behind ``issuer`` (a did:web it serves), if any."""
    organisation_id = site.org_from_did(issuer or "")
    if organisation_id is None:
        return None
    try:
        return issuers.issuing_organisation(uow, organisation_id)
    except KundeError:
        return None


__all__ = ["TrustSettings", "local_issuer", "parse", "resolver", "trust_list", "verify"]
