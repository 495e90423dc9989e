"""A real server on loopback and Debian's headless Chromium, driven by Playwright.

The server runs in a thread on the session's database (the taxonomy is committed there);
each test makes its own account, so tests do not depend on each other. Screenshots of every
step land in test-artifacts/browser/. axe-core (npm) checks each page for WCAG problems.
"""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from browser_helpers import Steps
from playwright.sync_api import Browser, Page, expect, sync_playwright
from sqlalchemy import Engine

from kunde.config import Settings
from kunde.db.session import Database, make_engine
from kunde.passport.key_store import KeyStore
from kunde.taxonomy.service import TaxonomyService
from kunde.web.app import create_app

ROOT = Path(__file__).parents[2]
AXE = ROOT / "tests" / "browser" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# Network features that would call home are off: the machine's network is closed.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser
# Two cores shared with other work: matching a vacancy can take a few seconds.
expect.set_options(timeout=15_000)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        item.add_marker(pytest.mark.browser)


def _own_copy(engine: Engine, tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The browser server commits what its pages do; on SQLite it gets a copy of the
    session database (taxonomy included) so other suites never see those rows."""
    if engine.dialect.name != "sqlite" or not engine.url.database:
        return engine
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    copy = tmp_path_factory.mktemp("browser-db") / "kunde-browser.sqlite3"
    shutil.copyfile(engine.url.database, copy)
    return make_engine(f"sqlite:///{copy}")


@pytest.fixture(scope="session")
def server(
    engine: Engine, taxonomy: TaxonomyService, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium is not installed: run `make browser-deps` (Debian package chromium)")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("browser-data"),
        base_url=base,
        secret_key="browser-tests-secret-key",
    )
    # The server's own key store, in its data folder (the default place).
    key_store = KeyStore.from_url(settings.resolved_keystore_url())
    key_store.upgrade()
    key_store.dispose()
    app = create_app(
        settings, database=Database(_own_copy(engine, tmp_path_factory)), taxonomy=taxonomy
    )
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    web = uvicorn.Server(config)
    thread = threading.Thread(target=web.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not web.started:
        if time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    yield base
    web.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Browser, server: str, request: pytest.FixtureRequest) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale="nl-NL")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


@pytest.fixture
def steps(page: Page, request: pytest.FixtureRequest) -> Steps:
    return Steps(page, request.node.name)
