"""A holder's passport over its life, in the browser: a colleague confirms a skill through
a link, a school's microcredential goes into the wallet, the levels rise with a reason in
plain words, the timeline shows how it grew, the passport is downloaded as PDF, and erased
with a receipt. In Dutch and in English, by keyboard alone; every
page is checked with axe-core."""

from __future__ import annotations

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
from playwright.sync_api import Browser, Locator, Page, expect

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


def _card(page: Page, label: str) -> Locator:
    return page.locator("li.card").filter(has=page.get_by_role("heading", name=label))


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_confirm_credential_pdf_and_erase(  # noqa: PLR0915 - one story, step by step
    browser: Browser, server: str, language: str, keyboard: bool
) -> None:
    world = _world(server)
    page = open_page(browser, server, language)
    steps = Steps(page, f"holder-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    t = go.t

    def level(number: int, name: str) -> str:
        return t("Level %(level)s: %(name)s", level=number, name=t(name))

    go.sign_in(world["holder"])
    forklift = _card(page, "operate forklift")
    expect(forklift).to_contain_text(level(1, "Declaration"))
    assert_accessible(page)

    # Ask a colleague to confirm a skill: a one-time link.
    go.activate(forklift.get_by_text(t("Ask someone to confirm this skill")).first)
    go.fill(forklift.get_by_label(t("Name of the person")), "Kees de Boer")
    go.select(forklift.get_by_label(t("This person is my")), value="colleague")
    go.activate(forklift.get_by_role("button", name=t("Make a link")))
    link = page.locator("code").inner_text()
    assert "/endorse/" in link
    steps.shot("endorsement-link")
    assert_accessible(page)

    # The colleague opens it without an account and confirms what they saw.
    colleague = open_page(browser, server, language)
    other = Journey(colleague, language, keyboard=keyboard)
    other.goto(link[link.index("/endorse/") :])
    expect(colleague.get_by_role("heading", level=1)).to_have_text(t("Confirm a skill"))
    assert_accessible(colleague)
    other.activate(other.button("Confirm"))
    expect(colleague.get_by_role("status")).to_be_visible()
    colleague.context.close()

    go.activate(go.menu("My passport"))
    expect(_card(page, "operate forklift")).to_contain_text(level(2, "Certificate"))

    # The school's microcredential goes into the wallet and proves the other skill.
    go.activate(go.menu("My wallet"))
    assert_accessible(page)
    go.fill(go.label("The link you got from the school or employer"), world["offer"])
    go.activate(go.button("Put in my wallet"))
    expect(page.locator("main")).to_contain_text("Klantgericht werken")
    steps.shot("wallet")
    assert_accessible(page)
    go.activate(go.menu("My passport"))
    customers = _card(page, "communicate with customers")
    expect(customers).to_contain_text(level(3, "Proof"))
    go.activate(customers.get_by_text(t("How do we know?")))
    steps.shot("levels")
    assert_accessible(page)

    # The timeline of growth: two skills added and two levels raised, this month.
    go.activate(go.link("How your passport grew (timeline)"))
    chart = page.get_by_role("img", name=t("How your passport grew, per month"))
    expect(chart).to_be_visible()
    skills_and_levels = t(
        "From %(start)s to %(end)s. Skills added: %(skills)s. Levels raised: %(levels)s. "
        "Diplomas and courses added: %(achievements)s.",
        start="|",
        end="|",
        skills=2,
        levels=2,
        achievements="|",
    ).split("|")[2]
    expect(chart.locator("desc")).to_contain_text(skills_and_levels)
    rows = page.get_by_role("table", name=t("Growth per month, oldest first")).locator("tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.locator("td").nth(0)).to_have_text("2")
    expect(rows.locator("td").nth(1)).to_have_text("2")
    steps.shot("growth")
    assert_accessible(page)

    # Download the passport as PDF.
    go.activate(go.menu("My passport"))
    go.activate(go.link("Read or print your whole passport"))
    assert_accessible(page)
    with page.expect_download() as download:
        go.activate(go.button("Download PDF"), navigates=False)
    assert download.value.suggested_filename == "skills-passport.pdf"

    # Erase it for good, with a receipt.
    go.activate(go.menu("My passport"))
    go.activate(go.link("Erase your passport"))
    assert_accessible(page)
    go.activate(go.button("Erase"))
    expect(page.locator(".error-summary")).to_be_visible()
    go.check(go.label("Yes, erase my passport"))
    go.activate(go.button("Erase"))
    expect(page.get_by_role("status")).to_contain_text(
        t("Your passport is erased. Nobody can read it any more, also not from a backup.")
    )
    steps.shot("erased")
    assert_accessible(page)
    page.context.close()
