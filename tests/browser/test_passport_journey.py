"""A holder builds a passport in the browser, with the keyboard where it matters."""

from __future__ import annotations

import re
import uuid

from browser_helpers import Steps, assert_accessible
from playwright.sync_api import Page, expect


def sign_up(page: Page, steps: Steps) -> str:
    email = f"holder-{uuid.uuid4().hex[:8]}@example.org"
    page.goto("/sign-up")
    assert_accessible(page)
    page.get_by_label("Uw naam").fill("Fatima de Vries")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill("een lange zin als wachtwoord")
    steps.shot("sign-up")
    page.get_by_label("Wachtwoord").press("Enter")
    expect(page).to_have_url("/passport")
    return email


def test_sign_up_errors_are_announced_and_linked(page: Page, steps: Steps) -> None:
    page.goto("/sign-up")
    page.get_by_role("button", name="Account maken").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    steps.shot("errors")
    link = summary.get_by_role("link").first
    target = link.get_attribute("href")
    assert target
    assert target.startswith("#")
    link.click()
    expect(page.locator(target)).to_be_focused()
    assert_accessible(page)


def test_holder_adds_a_skill_and_sees_how_we_know(page: Page, steps: Steps) -> None:
    sign_up(page, steps)
    steps.shot("empty-passport")
    assert_accessible(page)
    page.goto("/passport/skills/new")
    page.get_by_label("1. Welke skill? Typ een paar woorden").fill("heftruck besturen")
    page.keyboard.press("Enter")
    expect(page.get_by_role("group", name="2. Kies de skill die het beste past")).to_be_visible()
    steps.shot("choose-skill")
    assert_accessible(page)
    page.get_by_role("button", name="Toevoegen aan mijn paspoort").click()
    expect(page).to_have_url(re.compile(r"/passport\?made=skill$"))
    expect(page.locator("main")).to_contain_text("forklift")
    chart = page.get_by_role("img", name="Uw skills per gebied en niveau")
    expect(chart).to_be_visible()
    expect(chart).to_contain_text("werken met machines en gespecialiseerde apparatuur")
    steps.shot("passport-with-skill")
    assert_accessible(page)
