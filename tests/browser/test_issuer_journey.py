"""An issuer in the browser: a school picks the skills by search, makes an offer with a
link, QR code and code; the holder's wallet takes it; the school sees it issued and
withdraws it; the public verification page then says it no longer passes. In Dutch and in English, by keyboard alone; axe-core on every page."""

from __future__ import annotations

import re
import uuid

import httpx
import pytest
from browser_helpers import (
    LANGUAGE_WAYS,
    Journey,
    Steps,
    assert_accessible,
    make_account,
    open_page,
)
from playwright.sync_api import Browser, expect


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_school_issues_and_withdraws(  # noqa: PLR0915 - one story, step by step
    browser: Browser, server: str, language: str, keyboard: bool
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

    page = open_page(browser, server, language)
    steps = Steps(page, f"issuer-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    go.sign_in(f"roc-{tag}@example.org")
    go.goto(f"/organisations/{org}/issue")
    expect(page.get_by_role("heading", level=1)).to_contain_text(go.t("Issue a credential"))
    assert_accessible(page)

    # Find the skill by a word in the page's language; tick it; describe how it was checked.
    search = go.label("1. Which skills does it prove? Type a few words")
    go.fill(search, {"nl": "heftruck besturen", "en": "drive a forklift"}[language])
    go.submit(search)
    go.check(page.get_by_label("operate forklift", exact=True))
    go.fill(go.label("Title"), "Heftruckcertificaat")
    go.fill(go.label("Checked by"), "ROC Voorbeeld, praktijkbeoordelaar")
    go.select(go.label("How it was checked"), value="practical_assessment")
    go.select(go.label("Purpose"), value="career")
    steps.shot("issue-form")
    assert_accessible(page)
    go.activate(go.button("Make the offer"))
    offer = page.get_by_role("status")
    expect(offer).to_contain_text(
        go.t(
            "The offer is ready. Give the holder this link, or let them scan the code with their wallet app."
        )
    )
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
    expect(row.locator("td").nth(2)).to_have_text(go.t("valid"))
    go.activate(row.get_by_role("button", name=go.t("Withdraw")))
    row = page.locator("tr").filter(has_text="Heftruckcertificaat")
    expect(row.locator("td").nth(2)).to_have_text(go.t("withdrawn"))
    steps.shot("withdrawn")
    assert_accessible(page)

    # Anyone can check it on the public page: no longer valid.
    checker = open_page(browser, server, language)
    check = Journey(checker, language, keyboard=keyboard)
    check.goto("/verify")
    assert_accessible(checker)
    check.fill(
        check.label("Or paste the credential here"),
        credential if isinstance(credential, str) else str(credential),
    )
    check.activate(check.button("Check"))
    expect(checker.get_by_role("status")).to_have_text(
        re.compile(re.escape(go.t("This credential did not pass the checks.")))
    )
    assert_accessible(checker)
    checker.context.close()
    page.context.close()
