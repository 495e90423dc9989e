"""A holder signs up, writes about their work in their own words, confirms the skills found
and sees the vacancies that fit, with the why, and other kinds of work. In Dutch and in English, by keyboard alone; every page passes axe-core. (The
employer's side is in test_employer_journey.)"""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser_helpers import LANGUAGE_WAYS, PASSWORD, Journey, Steps, assert_accessible, open_page
from playwright.sync_api import Browser, expect

TEXTS = {
    "nl": "Ik heb drie jaar in een supermarkt gewerkt. Ik hielp klanten in de winkel en ik "
    "vulde de schappen.",
    "en": "I worked in a supermarket for three years. I helped customers in the shop and I "
    "filled the shelves.",
}


def employer_vacancy(server: str, email: str = "") -> str:
    """An employer organisation with one vacancy made from Dutch text, through the API."""
    email = email or f"boss-{uuid.uuid4().hex[:8]}@example.org"
    with httpx.Client(base_url=server) as api:
        made = api.post(
            "/api/v1/accounts",
            json={"email": email, "password": PASSWORD, "display_name": "Werkgever"},
        )
        assert made.status_code == 201, made.text
        token = api.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": email, "password": PASSWORD},
        ).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        org = api.post(
            "/api/v1/organisations",
            json={"name": "Buurtsuper B.V.", "roles": ["employer"]},
            headers=headers,
        ).json()["organisation_id"]
        title = f"Winkelmedewerker {uuid.uuid4().hex[:4]}"
        vacancy = api.post(
            "/api/v1/vacancies",
            json={
                "organisation_id": org,
                "title": title,
                "text": "Wij zoeken iemand die klanten helpt in de winkel en de schappen vult.",
                "lang": "nl",
            },
            headers=headers,
        )
        assert vacancy.status_code == 201, vacancy.text
    return title


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_holder_finds_skills_in_a_text_and_sees_matches(
    browser: Browser, server: str, language: str, keyboard: bool
) -> None:
    title = employer_vacancy(server)
    page = open_page(browser, server, language)
    steps = Steps(page, f"matching-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    t = go.t
    go.goto("/sign-up")
    go.fill(go.label("Your name"), "Sanne Bakker")
    go.fill(go.label("E-mail address"), f"holder-{uuid.uuid4().hex[:8]}@example.org")
    go.fill(go.label("Password"), PASSWORD)
    go.submit(go.label("Password"))
    expect(page).to_have_url("/passport")
    go.activate(go.link("Find skills in a text (your CV or your own words)"))
    expect(page).to_have_url("/passport/from-text")
    assert_accessible(page)
    go.fill(go.label("Your text"), TEXTS[language])
    go.activate(go.button("Find skills"))
    found = page.get_by_role(
        "group",
        name=t(
            "Tick the skills you really have. The ticked ones go into your passport as "
            "\N{LEFT DOUBLE QUOTATION MARK}you say so yourself\N{RIGHT DOUBLE QUOTATION MARK}."
        ),
    )
    expect(found).to_be_visible()
    expect(found.locator("mark").first).to_be_visible()
    steps.shot("proposals")
    assert_accessible(page)
    boxes = found.get_by_role("checkbox")
    for index in range(boxes.count()):
        go.check(boxes.nth(index))
    go.activate(go.button("Add the ticked skills to my passport"))
    expect(page).to_have_url(re.compile(r"/passport\?made=skill$"))
    expect(page.locator("main")).to_contain_text("customers")
    assert_accessible(page)
    go.activate(page.get_by_role("link", name=t("Vacancies that fit you"), exact=True).first)
    expect(page).to_have_url("/passport/matches")
    vacancy = page.locator("li.card", has_text=title)
    expect(vacancy).to_contain_text("Buurtsuper B.V.")
    before, after = t("%(score)s out of 100.", score="|").split("|")
    expect(vacancy).to_contain_text(re.compile(re.escape(before) + r"\d+" + re.escape(after)))
    go.activate(vacancy.get_by_text(t("Why, skill by skill")))
    reasons = vacancy.get_by_role("table", name=t("Skill by skill"))
    expect(reasons).to_be_visible()
    expect(reasons).to_contain_text(t("You have this skill"))
    steps.shot("matches")
    assert_accessible(page)
    go.activate(go.menu("My passport"))
    go.activate(go.link("Other kinds of work"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Other kinds of work"))
    steps.shot("careers")
    assert_accessible(page)
    page.context.close()
