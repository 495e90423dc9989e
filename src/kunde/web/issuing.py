"""What the issuing and wallet routes share: this instance as an issuer (:class:`Site`,
built once per app from the settings) and the trust settings."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

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


def trust(request: Request) -> TrustSettings:
    settings = settings_of(request)
    return TrustSettings(file=settings.trust_list_file, local_issuers=settings.trust_local_issuers)


SiteDep = Annotated[Site, Depends(site)]
TrustDep = Annotated[TrustSettings, Depends(trust)]
