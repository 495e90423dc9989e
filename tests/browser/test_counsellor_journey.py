"""A counsellor helps a holder under a mandate the holder gives, ends and can follow: the
counsellor sees the passport and proposes work experience, the holder accepts it, and
every step is in the holder's access log. axe-core on every page."""

from __future__ import annotations

import uuid

import httpx
from browser_helpers import Steps, assert_accessible, make_account, sign_in
from playwright.sync_api import Browser, Page, expect


def test_counsellor_proposes_and_holder_accepts(
    page: Page, steps: Steps, browser: Browser, server: str
) -> None:
    tag = uuid.uuid4().hex[:8]
    counsellor_email = f"coach-{tag}@example.org"
    with httpx.Client(base_url=server, timeout=60) as api:
        make_account(api, f"holder-{tag}@example.org", "Ahmed Yilmaz")
        coach = make_account(api, counsellor_email, "Loes Coach")
        api.post(
            "/api/v1/organisations",
            json={"name": f"Loopbaanpunt {tag}", "roles": ["counselling"]},
            headers=coach,
        ).raise_for_status()

    # The holder asks the counsellor for help: look and propose, for 30 days.
    sign_in(page, f"holder-{tag}@example.org")
    page.goto("/passport/helpers")
    assert_accessible(page)
    page.get_by_label("E-mailadres van de begeleider").fill(counsellor_email)
    page.get_by_label("Organisatie van de begeleider").select_option(label=f"Loopbaanpunt {tag}")
    page.get_by_label("Bekijken, en veranderingen voorstellen die ik goedkeur of afwijs").check()
    page.get_by_label("Voor hoeveel dagen (1 tot 90)").fill("30")
    steps.shot("mandate")
    page.get_by_role("button", name="Toestemming geven").click()
    expect(page.get_by_role("button", name="Deze hulp nu stoppen")).to_be_visible()
    assert_accessible(page)

    # The counsellor sees the client and proposes a work experience.
    coach_page = browser.new_context(base_url=server, locale="nl-NL").new_page()
    sign_in(coach_page, counsellor_email)
    coach_page.goto("/counselling")
    expect(coach_page.get_by_role("heading", level=1)).to_have_text("Mijn cliënten")
    assert_accessible(coach_page)
    coach_page.get_by_role("link", name="Ahmed Yilmaz").click()
    assert_accessible(coach_page)
    coach_page.get_by_label("Baan of taak").fill("Vakkenvuller")
    coach_page.get_by_label("Begindatum").fill("2021-03-01")
    coach_page.get_by_role("button", name="Voorstellen").click()
    assert_accessible(coach_page)
    coach_page.context.close()

    # The holder accepts; it is in the passport, and the log shows what the counsellor did.
    page.goto("/passport/helpers")
    expect(page.locator("main")).to_contain_text("Vakkenvuller")
    page.get_by_role("button", name="Goedkeuren").click()
    page.goto("/passport")
    expect(page.locator("main")).to_contain_text("Vakkenvuller")
    page.goto("/passport/access-log")
    log = page.locator("main")
    expect(log).to_contain_text("Loes Coach")
    steps.shot("access-log")
    assert_accessible(page)
