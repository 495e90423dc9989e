"""FastAPI dependencies shared by the API and the pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, Request

from kunde.accounts.model import Account
from kunde.config import Settings
from kunde.db.session import Database, UnitOfWork
from kunde.matching.pool import AccessRecorder
from kunde.matching.service import MatchingService
from kunde.passport import KeyRing
from kunde.taxonomy.service import TaxonomyService
from kunde.web import security


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_database(request: Request) -> Database:
    database: Database = request.app.state.database
    return database


def get_uow(database: Annotated[Database, Depends(get_database)]) -> Iterator[UnitOfWork]:
    with database.unit_of_work() as uow:
        yield uow


def get_taxonomy(request: Request) -> TaxonomyService:
    service: TaxonomyService = request.app.state.taxonomy
    return service


def get_matching(request: Request) -> MatchingService:
    service: MatchingService = request.app.state.matching
    return service


def get_access_recorder(request: Request) -> AccessRecorder:
    recorder: AccessRecorder = request.app.state.access_recorder
    return recorder


async def current_account(
    request: Request, uow: Annotated[UnitOfWork, Depends(get_uow)]
) -> Account:
    """The signed-in account (bearer token or session cookie with CSRF); 401 when none."""
    return await security.authenticate(request, uow)


SettingsDep = Annotated[Settings, Depends(get_settings)]
UowDep = Annotated[UnitOfWork, Depends(get_uow)]
TaxonomyDep = Annotated[TaxonomyService, Depends(get_taxonomy)]
CurrentAccount = Annotated[Account, Depends(current_account)]
KeysDep = Annotated[KeyRing, Depends(security.keyring)]
MatchingDep = Annotated[MatchingService, Depends(get_matching)]
AccessRecorderDep = Annotated[AccessRecorder, Depends(get_access_recorder)]
