"""An issuer in the browser: a school picks the skills by search, makes an offer with a
link, QR code and code; the holder's wallet takes it; the school sees it issued and
withdraws it; the public verification page then says it no longer passes. axe-core on
every page."""

from __future__ import annotations

import re
import uuid

import httpx
from browser_helpers import PASSWORD, Steps, assert_accessible, make_account
from playwright.sync_api import Browser, Page, expect


def test_school_issues_and_withdraws(
    page: Page, steps: Steps, browser: Browser, server: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=server, timeout=60) as api:
        school = make_account(api, f"roc-{tag}@example.org", "Docent ROC")
        org = api.post(
            "/api/v1/organisations",
            json={"name": f"ROC Voorbeeld {tag}", "roles": ["education_provider"]},
            headers=school,
        ).json()["organisation_id"]
        holder = make_account(api, f"holder-{tag}@example.org", "Samira Bakker")

    page.goto("/sign-in")
    page.get_by_label("E-mailadres").fill(f"roc-{tag}@example.org")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_label("Wachtwoord").press("Enter")
    page.goto(f"/organisations/{org}/issue")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Een bewijs geven")
    assert_accessible(page)

    # Find the skill by a Dutch word; tick it; describe how it was checked.
    page.get_by_label("1. Welke skills bewijst het? Typ een paar woorden").fill("heftruck besturen")
    page.keyboard.press("Enter")
    skill = page.get_by_label("operate forklift", exact=True)
    skill.check()
    page.get_by_label("Titel").fill("Heftruckcertificaat")
    page.get_by_label("Gecontroleerd door").fill("ROC Voorbeeld, praktijkbeoordelaar")
    page.get_by_label("Hoe het is gecontroleerd").select_option("practical_assessment")
    page.get_by_label("Doel").select_option("career")
    steps.shot("issue-form")
    assert_accessible(page)
    page.get_by_role("button", name="Aanbod maken").click()
    offer = page.get_by_role("status")
    expect(offer).to_contain_text("Het aanbod is klaar")
    expect(offer.locator("svg")).to_be_visible()
    link = offer.locator("code").inner_text()
    assert link.startswith("openid-credential-offer://")
    steps.shot("offer")
    assert_accessible(page)

    # The holder's Kunde wallet takes the offer.
    with httpx.Client(base_url=server, timeout=60) as api:
        taken = api.post("/api/v1/wallet/offers", json={"offer": link}, headers=holder)
        assert taken.status_code == 201, taken.text
        entry = taken.json()["id"]
        credential = api.get(f"/api/v1/wallet/credentials/{entry}", headers=holder).json()[
            "credential"
        ]

    # The school sees it issued, valid; and withdraws it.
    page.reload()
    row = page.locator("tr").filter(has_text="Heftruckcertificaat")
    expect(row).to_contain_text("geldig")
    row.get_by_role("button", name="Intrekken").click()
    expect(page.locator("tr").filter(has_text="Heftruckcertificaat")).to_contain_text("ingetrokken")
    steps.shot("withdrawn")
    assert_accessible(page)

    # Anyone can check it on the public page: no longer valid.
    checker = browser.new_context(base_url=server, locale="nl-NL").new_page()
    checker.goto("/verify")
    assert_accessible(checker)
    checker.get_by_label("Of plak het bewijs hier").fill(
        credential if isinstance(credential, str) else str(credential)
    )
    checker.get_by_role("button", name="Controleren").click()
    expect(checker.get_by_role("status")).to_have_text(re.compile("Dit bewijs is niet goedgekeurd"))
    assert_accessible(checker)
    checker.context.close()
