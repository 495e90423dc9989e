"""A holder builds a passport in the browser, in Dutch and in English, by keyboard
alone."""

from __future__ import annotations

import re
import uuid

import pytest
from browser_helpers import LANGUAGE_WAYS, PASSWORD, Journey, Steps, assert_accessible, open_page
from playwright.sync_api import Browser, Page, expect


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


AREA = {
    "nl": "werken met machines en gespecialiseerde apparatuur",
    "en": "working with machinery and specialised equipment",
}


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_holder_adds_a_skill_and_sees_how_we_know(
    browser: Browser, server: str, language: str, keyboard: bool
) -> None:
    page = open_page(browser, server, language)
    steps = Steps(page, f"passport-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    go.goto("/sign-up")
    go.fill(go.label("Your name"), "Fatima de Vries")
    go.fill(go.label("E-mail address"), f"holder-{uuid.uuid4().hex[:8]}@example.org")
    go.fill(go.label("Password"), PASSWORD)
    go.submit(go.label("Password"))
    expect(page).to_have_url("/passport")
    steps.shot("empty-passport")
    assert_accessible(page)
    go.activate(go.link("Add a skill"))
    search = go.label("1. Which skill? Type a few words")
    go.fill(search, {"nl": "heftruck besturen", "en": "drive a forklift"}[language])
    go.submit(search)
    choose = page.get_by_role("group", name=go.t("2. Choose the skill that fits best"))
    expect(choose).to_be_visible()
    go.check(choose.get_by_role("radio", name="operate forklift", exact=True))
    go.check(go.label("Also in difficult situations"))
    steps.shot("choose-skill")
    assert_accessible(page)
    go.activate(go.button("Add to my passport"))
    expect(page).to_have_url(re.compile(r"/passport\?made=skill$"))
    expect(page.locator("main")).to_contain_text("forklift")
    chart = page.get_by_role("img", name=go.t("Your skills by area and level"))
    expect(chart).to_be_visible()
    expect(chart).to_contain_text(AREA[language])
    steps.shot("passport-with-skill")
    assert_accessible(page)
    page.context.close()
