"""The application factory. Building the app connects to nothing; the engine connects lazily."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kunde import __version__
from kunde.config import Settings
from kunde.db.session import Database
from kunde.matching.pool import ConsentLog
from kunde.matching.service import MatchingService
from kunde.passport import KeyRing
from kunde.taxonomy.service import TaxonomyService
from kunde.web import errors
from kunde.web.api import router as api_router
from kunde.web.pages import router as pages_router
from kunde.web.public import router as public_router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(
    settings: Settings | None = None,
    *,
    database: Database | None = None,
    taxonomy: TaxonomyService | None = None,
    keys: KeyRing | None = None,
    warm_up: bool = False,
) -> FastAPI:
    """Build the web app and API for ``settings`` (default: read from the environment).

    ``warm_up`` builds the search index and loads the embedding model in the background as
    the server starts, so the first search does not pay for it. Without ``keys`` the app
    opens the key store of ``settings`` on first use of a passport.
    """
    settings = settings or Settings()
    logging.basicConfig(level=settings.log_level.upper())
    database = database or Database.from_url(settings.resolved_database_url())
    # The taxonomy is reference data shared by all requests; tests pass one in to reuse it.
    taxonomy = taxonomy or TaxonomyService(
        database, use_embeddings=settings.embeddings, cache_dir=settings.data_dir / "cache"
    )

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if warm_up:
            threading.Thread(target=taxonomy.warm_up, name="warm-up", daemon=True).start()
        yield
        outside = getattr(_app.state, "fetcher", None)  # built on first use (web/issuing.py)
        if outside is not None:
            outside.close()
        database.dispose()
        own_keystore = getattr(app.state, "own_keystore", None)
        if own_keystore is not None:
            own_keystore.dispose()

    app = FastAPI(
        lifespan=lifespan,
        title="Kunde",
        version=__version__,
        summary="Skills passport: taxonomy, passport, credentials, sharing and matching.",
        openapi_url="/openapi.json",
        docs_url="/api/docs",
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.database = database
    app.state.default_language = settings.default_language
    app.state.taxonomy = taxonomy
    settings.resolved_keystore_url()  # refuses, before serving, a key store inside the database
    if keys is not None:
        app.state.keyring = keys
    app.state.matching = MatchingService(taxonomy)
    # Every match shown to an employer is written to the holder's access log.
    app.state.access_recorder = ConsentLog()
    errors.install(app)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    app.include_router(public_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
