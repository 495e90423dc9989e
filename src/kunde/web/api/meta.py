"""Liveness and version."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel
from sqlalchemy import text

from kunde import __version__
from kunde.web.deps import UowDep

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    version: str
    database: str


@router.get("/health", response_model=Health)
def health(uow: UowDep) -> Health:
    """Answers when the app and its database are up."""
    uow.session.execute(text("SELECT 1"))
    return Health(status="ok", version=__version__, database=uow.session.get_bind().dialect.name)
