"""What the issuing and wallet routes share: this instance as an issuer (:class:`Site`,
built once per app from the settings) and the trust settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from kunde.fetching import Fetcher, FetchPolicy
from kunde.issuing import Site, TrustSettings
from kunde.web.security import settings_of


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


def trust(request: Request) -> TrustSettings:
    settings = settings_of(request)
    outside = fetcher(request)
    return TrustSettings(
        file=settings.trust_list_file,
        local_issuers=settings.trust_local_issuers,
        fetcher=outside if outside.enabled else None,
    )


SiteDep = Annotated[Site, Depends(site)]
FetcherDep = Annotated[Fetcher, Depends(fetcher)]
TrustDep = Annotated[TrustSettings, Depends(trust)]
