"""Pages in a real browser: both languages, keyboard only, small screens, zero axe violations."""

from __future__ import annotations

import uuid

import httpx
import pytest
from browser_helpers import Journey, Steps, assert_accessible, make_account, open_page
from playwright.sync_api import Browser, Page, expect

FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
FORKLIFT_SKILL = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"


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


def _signed_in_world(server: str) -> dict[str, str]:
    """A holder with skills, work and a share; an employer with a vacancy; a school."""
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=server, timeout=60) as api:
        holder = make_account(api, f"holder-{tag}@example.org", "Fatima de Vries")
        skill = api.post(
            "/api/v1/passport/skills", json={"concept_uri": FORKLIFT_SKILL}, headers=holder
        ).json()["id"]
        api.post(
            "/api/v1/passport/experiences",
            json={"kind": "work", "role": "Orderpicker", "start": "2020-01-01"},
            headers=holder,
        ).raise_for_status()
        boss = make_account(api, f"boss-{tag}@example.org", "Jan Jansen")
        org = api.post(
            "/api/v1/organisations",
            json={"name": f"Bakkerij Jansen {tag}", "roles": ["employer", "education_provider"]},
            headers=boss,
        ).json()["organisation_id"]
        vacancy = api.post(
            "/api/v1/vacancies",
            json={
                "organisation_id": org,
                "title": "Heftruckchauffeur",
                "occupation_uri": FORKLIFT_OPERATOR,
            },
            headers=boss,
        ).json()["id"]
        share = api.post(
            "/api/v1/shares",
            json={
                "items": [{"kind": "skill", "id": skill}],
                "audience": {"kind": "organisation", "organisation_id": org},
                "purpose": {
                    "kind": "vacancy",
                    "detail": "Heftruckchauffeur",
                    "vacancy_id": vacancy,
                },
            },
            headers=holder,
        ).json()["id"]
    return {
        "holder": f"holder-{tag}@example.org",
        "employer": f"boss-{tag}@example.org",
        "org": org,
        "vacancy": vacancy,
        "share": share,
    }


# The innermost elements that stick out on the right: what to fix when a page scrolls.
_WIDE_ELEMENTS = """() => [...document.querySelectorAll('main *')]
    .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
    .filter(e => ![...e.children].some(c => c.getBoundingClientRect().right > window.innerWidth + 1))
    .slice(0, 4)
    .map(e => `${e.tagName.toLowerCase()}.${e.getAttribute('class') || ''} ${Math.round(e.getBoundingClientRect().right)}`)
"""

HOLDER_PAGES = [
    "/passport",
    "/passport/growth",
    "/passport/history",
    "/passport/from-text",
    "/passport/matches",
    "/passport/careers",
    "/passport/helpers",
    "/passport/access-log",
    "/passport/export",
    "/passport/erase",
    "/shares",
    "/shares/new",
    "/wallet",
]
EMPLOYER_PAGES = [
    "/organisations/{org}/vacancies?q=heftruck",
    "/vacancies/{vacancy}/candidates",
    "/shares/{share}",
    "/organisations/{org}/team",
    "/organisations/{org}/issue?q=heftruck",
    "/counselling",
]


def test_journey_pages_reflow_at_320_pixels_and_200_percent_zoom(
    browser: Browser, server: str
) -> None:
    """Every page the journeys visit, signed in: no sideways scrolling of the page at 320
    CSS pixels (WCAG 1.4.10) nor at 200% zoom of a 1280-pixel window (640 CSS pixels)."""
    world = _signed_in_world(server)
    wide: list[str] = []
    for person, paths in (("holder", HOLDER_PAGES), ("employer", EMPLOYER_PAGES)):
        page = open_page(browser, server, "nl")
        Journey(page, "nl", keyboard=False).sign_in(world[person])
        for raw in paths:
            path = raw.format(**world)
            for width in (320, 640):
                page.set_viewport_size({"width": width, "height": 640})
                response = page.goto(path)
                assert response is not None
                assert response.ok, (path, response.status)
                overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                if overflow > 0:
                    culprits = page.evaluate(_WIDE_ELEMENTS)
                    wide.append(f"{path} at {width}px: {overflow}px ({culprits})")
                    Steps(page, "reflow").shot(f"{width}-{path.strip('/').replace('/', '-')}")
        page.context.close()
    assert not wide, "pages scroll sideways:\n" + "\n".join(wide)
