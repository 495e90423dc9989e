"""A holder pastes a Dutch text, confirms the skills found and sees the vacancies that fit,
with the why; every page passes axe-core."""

from __future__ import annotations

import re
import uuid

import httpx
from browser_helpers import Steps, assert_accessible
from playwright.sync_api import Page, expect

PASSWORD = "een lange zin als wachtwoord"
TEXT = (
    "Ik heb drie jaar in een supermarkt gewerkt. Ik hielp klanten in de winkel en ik vulde "
    "de schappen."
)


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


def test_holder_finds_skills_in_a_text_and_sees_matches(
    page: Page, steps: Steps, server: str
) -> None:
    title = employer_vacancy(server)
    page.goto("/sign-up")
    page.get_by_label("Uw naam").fill("Sanne Bakker")
    page.get_by_label("E-mailadres").fill(f"holder-{uuid.uuid4().hex[:8]}@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    expect(page).to_have_url("/passport")
    page.get_by_role("link", name="Skills vinden in een tekst (uw cv of uw eigen woorden)").click()
    expect(page).to_have_url("/passport/from-text")
    assert_accessible(page)
    page.get_by_label("Uw tekst").fill(TEXT)
    page.get_by_role("button", name="Skills zoeken").click()
    found = page.get_by_role("group", name=re.compile("Vink de skills aan"))
    expect(found).to_be_visible()
    expect(found.locator("mark").first).to_be_visible()
    steps.shot("proposals")
    assert_accessible(page)
    boxes = found.get_by_role("checkbox")
    for index in range(boxes.count()):
        boxes.nth(index).check()
    page.get_by_role("button", name="Aangevinkte skills in mijn paspoort zetten").click()
    expect(page).to_have_url(re.compile(r"/passport\?made=skill$"))
    expect(page.locator("main")).to_contain_text("customers")
    assert_accessible(page)
    page.get_by_role("link", name="Vacatures die bij u passen").first.click()
    expect(page).to_have_url("/passport/matches")
    vacancy = page.locator("li.card", has_text=title)
    expect(vacancy).to_contain_text("Buurtsuper B.V.")
    expect(vacancy).to_contain_text("van de 100")
    vacancy.get_by_text("Waarom, skill voor skill").click()
    reasons = vacancy.get_by_role("table", name="Skill voor skill")
    expect(reasons).to_be_visible()
    expect(reasons).to_contain_text("U hebt deze skill")
    steps.shot("matches")
    assert_accessible(page)
    page.goto("/passport/careers")
    expect(page.get_by_role("heading", level=1)).to_have_text("Ander soort werk")
    steps.shot("careers")
    assert_accessible(page)


def test_employer_makes_a_vacancy_and_sees_candidates(
    page: Page, steps: Steps, server: str
) -> None:
    email = f"boss-{uuid.uuid4().hex[:8]}@example.org"
    employer_vacancy(server, email)
    page.goto("/sign-in")
    page.get_by_label("E-mailadres").fill(email)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    expect(page).to_have_url("/passport")
    page.get_by_role("link", name="Vacatures van Buurtsuper B.V.").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vacatures van Buurtsuper B.V.")
    assert_accessible(page)
    page.get_by_label("Zoek een beroep").fill("magazijn")
    page.get_by_role("button", name="Zoeken").click()
    occupations = page.get_by_role("group", name=re.compile(r"^Beroep"))
    expect(occupations.get_by_role("radio").first).to_be_visible()
    assert_accessible(page)
    occupations.get_by_role("radio").first.check()
    page.get_by_label("Titel van de vacature").fill("Magazijnmedewerker")
    page.get_by_role("button", name="Vacature maken").click()
    expect(page).to_have_url(re.compile(r"/vacancies/[^/]+/candidates$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kandidaten voor Magazijnmedewerker")
    steps.shot("candidates")
    assert_accessible(page)
