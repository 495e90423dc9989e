"""A counsellor helps a holder under a mandate the holder gives, ends and can follow: the
counsellor sees the passport and proposes work experience, the holder accepts it, and
every step is in the holder's access log. In Dutch and in English, by keyboard alone; axe-core on every page."""

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
from playwright.sync_api import Browser, expect


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_counsellor_proposes_and_holder_accepts(
    browser: Browser, server: str, language: str, keyboard: bool
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
    page = open_page(browser, server, language)
    steps = Steps(page, f"counsellor-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    go.sign_in(f"holder-{tag}@example.org")
    go.activate(go.menu("What I share"))
    go.activate(go.link("Help from a counsellor"))
    assert_accessible(page)
    go.fill(go.label("E-mail address of the counsellor"), counsellor_email)
    go.select(go.label("Organisation of the counsellor"), label=f"Loopbaanpunt {tag}")
    go.check(go.label("Look, and propose changes that I accept or reject"))
    go.fill(go.label("For how many days (1 to 90)"), "30")
    steps.shot("mandate")
    go.activate(go.button("Give permission"))
    expect(go.button("Stop this help now")).to_be_visible()
    assert_accessible(page)

    # The counsellor sees the client and proposes a work experience.
    coach_page = open_page(browser, server, language)
    coach = Journey(coach_page, language, keyboard=keyboard)
    coach.sign_in(counsellor_email)
    coach.activate(coach.menu("What I share"))
    coach.activate(
        coach_page.get_by_role("link", name=f"{go.t('My clients')} (Loopbaanpunt {tag})")
    )
    expect(coach_page.get_by_role("heading", level=1)).to_have_text(go.t("My clients"))
    assert_accessible(coach_page)
    coach.activate(coach_page.get_by_role("link", name="Ahmed Yilmaz"))
    assert_accessible(coach_page)
    coach.fill(coach.label("Job or task"), "Vakkenvuller")
    coach.fill(coach.label("Start date"), "2021-03-01")
    coach.activate(coach.button("Propose"))
    assert_accessible(coach_page)
    coach_page.context.close()

    # The holder accepts; it is in the passport, and the log shows what the counsellor did.
    go.goto("/passport/helpers")
    expect(page.locator("main")).to_contain_text("Vakkenvuller")
    go.activate(go.button("Accept"))
    go.activate(go.menu("My passport"))
    expect(page.locator("main")).to_contain_text("Vakkenvuller")
    go.activate(go.link("Who saw my data"))
    expect(page.locator("main")).to_contain_text("Loes Coach")
    steps.shot("access-log")
    assert_accessible(page)
    page.context.close()
