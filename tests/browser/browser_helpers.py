"""Helpers for the browser tests: step screenshots and axe-core checks."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Page, expect

ROOT = Path(__file__).parents[2]
AXE = ROOT / "tests" / "browser" / "node" / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts" / "browser"


class Steps:
    """Screenshots per step, named after the test."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.count = 0

    def shot(self, label: str) -> None:
        self.count += 1
        self.page.screenshot(
            path=str(self.folder / f"{self.count:02d}-{label}.png"), full_page=True
        )


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0-2.2 A and AA rules) on the page; return its violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => (await axe.run(document, {runOnly: {type: 'tag', values:
            ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})).violations"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result
    ]


def assert_accessible(page: Page) -> None:
    violations = axe_violations(page)
    assert not violations, json.dumps(violations, indent=2)


PASSWORD = "een lange zin als wachtwoord"


def make_account(api: httpx.Client, email: str, name: str) -> dict[str, str]:
    """A new account through the API; returns bearer headers for it."""
    made = api.post(
        "/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert made.status_code == 201, made.text
    token = api.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}


def sign_in(page: Page, email: str) -> None:
    """Sign in through the Dutch sign-in page, by keyboard."""
    page.goto("/sign-in")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    expect(page.get_by_role("button", name="Uitloggen")).to_be_visible()
