"""The application factory. Building the app connects to nothing; the engine connects lazily."""

from __future__ import annotations

import logging
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kunde import __version__
from kunde.config import Settings
from kunde.db.session import Database
from kunde.taxonomy.service import TaxonomyService
from kunde.web import errors
from kunde.web.api import router as api_router
from kunde.web.pages import router as pages_router

STATIC_DIR = Path(__file__).parent / "static"


def create_app(settings: Settings | None = None, *, database: Database | None = None) -> FastAPI:
    """Build the web app and API for ``settings`` (default: read from the environment)."""
    settings = settings or Settings()
    logging.basicConfig(level=settings.log_level.upper())
    database = database or Database.from_url(settings.resolved_database_url())
    app = FastAPI(
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
    app.state.taxonomy = TaxonomyService(database, use_embeddings=settings.embeddings)
    errors.install(app)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(pages_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app
