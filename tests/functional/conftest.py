"""Fixtures of the functional tests: an app without the taxonomy, signed-up holders."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from passport_helpers import sign_up

from kunde.config import Settings
from kunde.db.session import Database
from kunde.passport import KeyRing
from kunde.web.app import create_app


@pytest.fixture
def bare_app(settings: Settings, database: Database, keys: KeyRing) -> FastAPI:
    """The app without the imported taxonomy, for tests that need no skills language."""
    return create_app(settings, database=database, keys=keys)


@pytest.fixture
def bare_client(bare_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(bare_app) as test_client:
        yield test_client


@pytest.fixture
def holder(client: TestClient) -> dict[str, str]:
    return sign_up(client, "holder@example.org", "Anna de Vries")


@pytest.fixture
def other(client: TestClient) -> dict[str, str]:
    return sign_up(client, "other@example.org", "Bram Jansen")
