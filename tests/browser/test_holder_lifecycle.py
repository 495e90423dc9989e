"""A holder's passport over its life, in the browser: a colleague confirms a skill through
a link, a school's microcredential goes into the wallet, the levels rise with a reason in
plain words, the passport is downloaded as PDF, and erased with a receipt. Every page is
checked with axe-core."""

from __future__ import annotations

import uuid

import httpx
from browser_helpers import Steps, assert_accessible, make_account, sign_in
from playwright.sync_api import Browser, Page, expect

FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
CUSTOMERS = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"


def _world(server: str) -> dict[str, str]:
    """A holder with two skills, and a school that offers a microcredential for one."""
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=server, timeout=60) as api:
        holder = make_account(api, f"holder-{tag}@example.org", "Samira Bakker")
        for uri in (FORKLIFT, CUSTOMERS):
            added = api.post("/api/v1/passport/skills", json={"concept_uri": uri}, headers=holder)
            assert added.status_code == 201, added.text
        school = make_account(api, f"roc-{tag}@example.org", "Docent ROC")
        org = api.post(
            "/api/v1/organisations",
            json={"name": f"ROC Voorbeeld {tag}", "roles": ["education_provider"]},
            headers=school,
        ).json()["organisation_id"]
        offer = api.post(
            f"/api/v1/organisations/{org}/offers",
            json={
                "kind": "microcredential",
                "title": "Klantgericht werken",
                "skills": [{"uri": CUSTOMERS, "label": "assist customers", "level": "independent"}],
                "assessment": {
                    "assessor": "ROC Voorbeeld",
                    "method": "exam",
                    "standard": "Crebo 25001",
                    "purpose": "education",
                    "date": "2026-06-01",
                },
                "learning": {"eqf_level": 4, "credits": 3, "awarding_body": "ROC Voorbeeld"},
                "configuration_id": "kunde_skills_ob3",
            },
            headers=school,
        )
        assert offer.status_code == 201, offer.text
    return {"holder": f"holder-{tag}@example.org", "offer": offer.json()["link"]}


def _card(page: Page, label: str):
    return page.locator("li.card").filter(has=page.get_by_role("heading", name=label))


def test_confirm_credential_pdf_and_erase(
    page: Page, steps: Steps, browser: Browser, server: str
) -> None:
    world = _world(server)
    sign_in(page, world["holder"])
    forklift = _card(page, "operate forklift")
    expect(forklift).to_contain_text("Niveau 1")
    assert_accessible(page)

    # Ask a colleague to confirm a skill: a one-time link.
    forklift.get_by_text("Vraag iemand om deze skill te bevestigen").first.click()
    forklift.get_by_label("Naam van de persoon").fill("Kees de Boer")
    forklift.get_by_label("Deze persoon is mijn").select_option("colleague")
    forklift.get_by_role("button", name="Maak een link").click()
    link = page.locator("code").inner_text()
    assert "/endorse/" in link
    steps.shot("endorsement-link")
    assert_accessible(page)

    # The colleague opens it without an account and confirms what they saw.
    colleague = browser.new_context(base_url=server, locale="nl-NL").new_page()
    colleague.goto(link[link.index("/endorse/") :])
    expect(colleague.get_by_role("heading", level=1)).to_have_text("Een skill bevestigen")
    assert_accessible(colleague)
    colleague.get_by_role("button", name="Bevestigen").click()
    expect(colleague.get_by_role("status")).to_be_visible()
    colleague.context.close()

    page.goto("/passport")
    expect(_card(page, "operate forklift")).to_contain_text("Niveau 2")

    # The school's microcredential goes into the wallet and proves the other skill.
    page.goto("/wallet")
    assert_accessible(page)
    page.get_by_label("De link die u van de school of werkgever kreeg").fill(world["offer"])
    page.get_by_role("button", name="In mijn portemonnee zetten").click()
    expect(page.locator("main")).to_contain_text("Klantgericht werken")
    steps.shot("wallet")
    assert_accessible(page)
    page.goto("/passport")
    customers = _card(page, "communicate with customers")
    expect(customers).to_contain_text("Niveau 3")
    customers.get_by_text("Hoe weten we dit?").click()
    steps.shot("levels")
    assert_accessible(page)

    # Download the passport as PDF.
    page.goto("/passport/export")
    assert_accessible(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF downloaden").click()
    assert download.value.suggested_filename == "skills-passport.pdf"

    # Erase it for good, with a receipt.
    page.goto("/passport/erase")
    assert_accessible(page)
    page.get_by_role("button", name="Wissen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    page.get_by_label("Ja, wis mijn paspoort").check()
    page.get_by_role("button", name="Wissen").click()
    expect(page.get_by_role("status")).to_contain_text("Uw paspoort is gewist")
    steps.shot("erased")
    assert_accessible(page)
