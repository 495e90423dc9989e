"""A holder changes a skill, adds proof and a check, and fills in personal information,
in the browser; every page passes the accessibility check."""

from __future__ import annotations

import re

from browser_helpers import Steps, assert_accessible
from playwright.sync_api import Page, expect
from test_passport_journey import sign_up


def test_holder_changes_a_skill_and_adds_a_check(page: Page, steps: Steps) -> None:
    sign_up(page, steps)
    page.goto("/passport/skills/new")
    page.get_by_label("1. Welke skill? Typ een paar woorden").fill("heftruck besturen")
    page.keyboard.press("Enter")
    page.get_by_role("button", name="Toevoegen aan mijn paspoort").click()
    page.get_by_role("link", name="Veranderen, bewijs of beoordeling toevoegen").first.click()
    expect(page).to_have_url(re.compile(r"/passport/skills/[0-9a-f-]+/edit$"))
    assert_accessible(page)
    page.get_by_label("Of voeg een link toe").fill("niet-een-link")
    page.get_by_role("button", name="Link toevoegen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Een beoordeling toevoegen die u kreeg").click()
    assert_accessible(page)
    page.get_by_label("Naam van de beoordelaar").fill("Examenbureau")
    page.get_by_label("Datum van de beoordeling").fill("2024-05-01")
    page.get_by_role("button", name="Opslaan").click()
    expect(page.locator("main")).to_contain_text("Examenbureau")
    steps.shot("skill-with-check")
    page.goto("/passport/personal")
    assert_accessible(page)
    page.get_by_label("Zoek een beroep").fill("heftruck")
    page.get_by_role("button", name="Zoeken").click()
    assert_accessible(page)
    page.goto("/passport/files")
    assert_accessible(page)
