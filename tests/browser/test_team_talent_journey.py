"""An employer, from the team overview, sees who among staff who shared for talent
management is closest to a next role, and which training helps the team most; in Dutch,
by keyboard and mouse, and every page passes axe-core."""

from __future__ import annotations

import uuid

import httpx
from browser_helpers import Journey, Steps, assert_accessible, make_account
from playwright.sync_api import Page, expect

FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
STAFF = ("Anouk", "Bilal", "Carla", "Dirk", "Esra")


def _firm(server: str) -> tuple[str, str]:
    """An employer with five staff who share for talent management in team Magazijn and one
    colleague who does not share; returns the boss's e-mail and the organisation id."""
    tag = uuid.uuid4().hex[:8]
    boss_email = f"boss-{tag}@example.org"
    with httpx.Client(base_url=server, timeout=60) as api:
        boss = make_account(api, boss_email, "Bea Baas")
        org = api.post(
            "/api/v1/organisations",
            json={"name": f"Depot {tag}", "roles": ["employer"]},
            headers=boss,
        ).json()["organisation_id"]
        found = api.get(f"/api/v1/taxonomy/occupations/{FORKLIFT_OPERATOR}/skills").json()
        skills = [s["uri"] for s in found if s["relation"] == "essential_skill"]
        for n, name in enumerate((*STAFF, "Stille")):
            person = make_account(api, f"{name.lower()}-{tag}@example.org", f"{name} Collega")
            added = api.post(
                "/api/v1/passport/skills/confirm",
                json={"uris": skills[: 12 - 2 * n]},
                headers=person,
            )
            assert added.status_code == 201, added.text
            if name == "Stille":
                continue  # never shares: must never appear
            made = api.post(
                "/api/v1/shares",
                json={
                    "items": [{"kind": "skill", "id": i["id"]} for i in added.json()["added"]],
                    "audience": {"kind": "organisation", "organisation_id": org},
                    "purpose": {"kind": "talent_management", "detail": "Magazijn"},
                },
                headers=person,
            )
            assert made.status_code == 201, made.text
    return boss_email, org


def test_employer_sees_closest_staff_and_training(page: Page, steps: Steps, server: str) -> None:
    boss, org = _firm(server)
    Journey(page, "nl", keyboard=False).sign_in(boss)
    page.goto(f"/organisations/{org}/team")
    assert_accessible(page)
    page.get_by_role("link", name="Wie komt het dichtst bij een volgende functie?").click()
    expect(page).to_have_url(f"/organisations/{org}/team/next-role")
    assert_accessible(page)
    page.get_by_label("Zoek een beroep").fill("heftruck")
    page.get_by_label("Zoek een beroep").press("Enter")
    page.locator(f'input[name="profile"][value="{FORKLIFT_OPERATOR}"]').check()
    page.get_by_role("button", name="Laat zien wie het dichtst bij komt").click()
    people = page.locator("ol.records > li h3")
    expect(people).to_have_count(len(STAFF))
    expect(people.first).to_contain_text("Anouk Collega")
    expect(people.last).to_contain_text("Esra Collega")
    expect(page.locator("main")).not_to_contain_text("Stille Collega")
    page.get_by_text("Waarom, skill voor skill").first.click()
    expect(page.locator("table.reasons").first).to_be_visible()
    steps.shot("next-role")
    assert_accessible(page)

    page.get_by_role("link", name="Terug naar het teamoverzicht").click()
    page.get_by_role("link", name="Welke opleiding helpt het team het meest?").click()
    page.get_by_label("Zoek een beroep").fill("heftruck")
    page.get_by_label("Zoek een beroep").press("Enter")
    page.locator(f'input[name="profile"][value="{FORKLIFT_OPERATOR}"]').check()
    page.get_by_label("Team").select_option("Magazijn")
    page.get_by_role("button", name="Laat de opleidingen zien").click()
    expect(page.locator("main")).to_contain_text("5 mensen geteld.")
    expect(page.get_by_role("table", name="De grootste tekorten eerst")).to_be_visible()
    expect(page.locator("main")).not_to_contain_text("Collega")  # counts, never names
    steps.shot("training")
    assert_accessible(page)

    # In English, a role that is not one of the organisation's vacancies is refused
    # with a message linked to the field, and the page stays accessible.
    page.goto(f"/organisations/{org}/team/next-role?lang=en&profile=not-a-vacancy")
    summary = page.get_by_role("alert")
    expect(summary).to_contain_text("Your organisation has no vacancy with this id.")
    summary.get_by_role("link").click()
    expect(page).to_have_url(
        f"/organisations/{org}/team/next-role?lang=en&profile=not-a-vacancy#field-profile"
    )
    assert_accessible(page)
