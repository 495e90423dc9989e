"""What the issuing and wallet routes share: this instance as an issuer (:class:`Site`,
built once per app from the settings) and the trust settings."""

from __future__ import annotations

import threading
from typing import Annotated

from fastapi import Depends, Request

from kunde.credentials.status_list import StatusListCache
from kunde.fetching import Fetcher, FetchPolicy
from kunde.issuing import Site, TrustSettings
from kunde.web.security import settings_of

_BUILDING = threading.Lock()  # one status list cache per app, even on concurrent first use


def site(request: Request) -> Site:
    """The instance as an issuer: base URL and keys derived from the instance secret."""
    found: Site | None = getattr(request.app.state, "issuing_site", None)
    if found is None:
        settings = settings_of(request)
        found = Site.from_secret(settings.base_url, settings.resolved_secret_key())
        request.app.state.issuing_site = found
    return found


def fetcher(request: Request) -> Fetcher:
    """The instance's guarded outgoing HTTP client, built once per app (its cache is shared)."""
    found: Fetcher | None = getattr(request.app.state, "fetcher", None)
    if found is None:
        found = Fetcher(FetchPolicy.from_settings(settings_of(request)))
        request.app.state.fetcher = found
    return found


def status_cache(request: Request) -> StatusListCache:
    """The instance's verified status lists, shared by every verification of this app."""
    found: StatusListCache | None = getattr(request.app.state, "status_list_cache", None)
    if found is None:
        with _BUILDING:
            found = getattr(request.app.state, "status_list_cache", None)
            if found is None:
                found = StatusListCache()
                request.app.state.status_list_cache = found
    return found


def trust(request: Request) -> TrustSettings:
    settings = settings_of(request)
    outside = fetcher(request)
    return TrustSettings(
        file=settings.trust_list_file,
        local_issuers=settings.trust_local_issuers,
        fetcher=outside if outside.enabled else None,
        status_cache=status_cache(request),
    )


SiteDep = Annotated[Site, Depends(site)]
FetcherDep = Annotated[Fetcher, Depends(fetcher)]
TrustDep = Annotated[TrustSettings, Depends(trust)]
