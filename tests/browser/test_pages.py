"""Pages in a real browser: both languages, keyboard only, small screens, zero axe violations."""

from __future__ import annotations

import pytest
from browser_helpers import Steps, assert_accessible
from playwright.sync_api import Page, expect

FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_home_page_in_both_languages(page: Page, steps: Steps, language: str) -> None:
    page.goto(f"/?lang={language}")
    expect(page.locator("html")).to_have_attribute("lang", language)
    heading = {"nl": "Uw vaardigheden", "en": "Your skills"}[language]
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.locator("footer")).to_contain_text("ESCO")
    steps.shot("home")
    assert_accessible(page)


def test_language_choice_is_remembered(page: Page) -> None:
    page.goto("/")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your skills")
    page.goto("/taxonomy")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find skills and occupations")


def test_search_by_keyboard_alone(page: Page, steps: Steps) -> None:
    page.goto("/")
    page.keyboard.press("Tab")  # skip link first
    expect(page.locator(".skip-link")).to_be_focused()
    page.locator("#q").focus()
    page.keyboard.type("heftruckchauffeur")
    page.keyboard.press("Enter")
    first = page.locator("ol.results li a").first
    expect(first).to_have_text("heftruckchauffeur")
    steps.shot("results")
    assert_accessible(page)
    first.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("heftruckchauffeur")
    expect(page.get_by_text("Industrial Truck and Tractor Operators")).to_be_visible()
    steps.shot("concept")
    assert_accessible(page)


def test_empty_search_says_what_to_do(page: Page) -> None:
    page.goto("/taxonomy?q=")
    expect(page.get_by_role("alert")).to_have_text("Typ een woord om op te zoeken.")
    assert_accessible(page)


def test_unknown_page_is_a_friendly_404(page: Page) -> None:
    response = page.goto("/bestaat-niet")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("We konden deze pagina niet vinden")
    assert_accessible(page)


@pytest.mark.parametrize("path", ["/", "/taxonomy?q=lassen", "/sign-up"])
def test_pages_fit_a_320_pixel_screen(page: Page, path: str) -> None:
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 320px"


@pytest.mark.parametrize("path", ["/", "/taxonomy?q=heftruck", "/verify", "/sign-in"])
def test_pages_reflow_at_200_percent_zoom(page: Page, path: str) -> None:
    # 200% zoom of a 1280-pixel window lays the page out in 640 CSS pixels.
    page.set_viewport_size({"width": 640, "height": 480})
    page.goto(path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at 200% zoom"
    assert_accessible(page)
