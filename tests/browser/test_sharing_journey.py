"""The holder decides, in the browser: share two chosen skills with an employer for one
vacancy for 14 days; the recruiter there is refused until the employer's admin ticks that
she handles shared passports; then she signs in and sees exactly those; the holder sees that
view in the access log, stops sharing, and the employer is refused at once. Every page
visited is checked with axe-core. In Dutch and in English, by keyboard alone."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta

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

FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
CUSTOMERS = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"


def _world(server: str) -> dict[str, str]:
    """A holder with three skills' worth of passport, and an employer with a recruiter."""
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=server) as api:
        holder = make_account(api, f"holder-{tag}@example.org", "Fatima de Vries")
        ids = [
            api.post("/api/v1/passport/skills", json={"concept_uri": uri}, headers=holder).json()[
                "id"
            ]
            for uri in (FORKLIFT, CUSTOMERS)
        ]
        api.post(
            "/api/v1/passport/experiences",
            json={"kind": "work", "role": "Orderpicker", "start": "2020-01-01"},
            headers=holder,
        )
        boss = make_account(api, f"boss-{tag}@example.org", "Jan Jansen")
        org = f"Bakkerij Jansen {tag}"
        org_id = api.post(
            "/api/v1/organisations", json={"name": org, "roles": ["employer"]}, headers=boss
        ).json()["organisation_id"]
        recruiter = make_account(api, f"hr-{tag}@example.org", "Rita Werving")
        invite = api.post(
            f"/api/v1/organisations/{org_id}/invitations",
            json={"email": f"hr-{tag}@example.org"},
            headers=boss,
        ).json()["token"]
        api.post(f"/api/v1/invitations/{invite}/accept", headers=recruiter)
    return {
        "holder": f"holder-{tag}@example.org",
        "boss": f"boss-{tag}@example.org",
        "org_id": org_id,
        "recruiter": f"hr-{tag}@example.org",
        "org": org,
        "forklift": ids[0],
        "customers": ids[1],
    }


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_share_view_log_revoke(  # noqa: PLR0915 - one story, step by step
    browser: Browser, server: str, language: str, keyboard: bool
) -> None:
    world = _world(server)
    page = open_page(browser, server, language)
    steps = Steps(page, f"sharing-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    t = go.t
    go.sign_in(world["holder"])

    # The holder shares two chosen skills with the employer, for one vacancy, for 14 days.
    go.activate(go.menu("What I share"))
    assert_accessible(page)
    go.activate(go.link("Share part of your passport"))
    expect(page.get_by_role("heading", level=1)).to_have_text(t("Share part of your passport"))
    assert_accessible(page)
    for key in ("forklift", "customers"):
        go.check(page.locator(f'input[value="skill:{world[key]}"]'))
    expect(page.locator('input[value="personal:motivation"]')).to_have_count(0)
    expect(go.label("An organisation, for example an employer")).to_be_checked()
    go.select(go.label("Organisation"), label=world["org"])
    go.fill(
        go.label("Name of the vacancy, team or role, or in your own words", exact=False),
        "Magazijnmedewerker",
    )
    until = (datetime.now(UTC) + timedelta(days=14)).date()
    go.fill(go.label("Last day"), until.isoformat())
    steps.shot("share-form")
    go.activate(go.button("Share"))

    expect(page.get_by_role("heading", level=1)).to_have_text(t("You shared part of your passport"))
    status = page.get_by_role("status")
    expect(status).to_contain_text(t("for the vacancy %(detail)s", detail="Magazijnmedewerker"))
    expect(status).to_contain_text(world["org"])
    expect(status.get_by_role("listitem")).to_have_count(2)
    expect(page.locator(".qr svg")).to_be_visible()
    link = page.locator("#share-link").inner_text()
    assert re.fullmatch(rf"{server}/shares/[0-9a-f-]{{36}}", link), link
    steps.shot("share-made")
    assert_accessible(page)

    # The recruiter is a member, but does not handle shared passports yet: not found.
    employer = open_page(browser, server, language)
    recruiter = Journey(employer, language, keyboard=keyboard)
    recruiter.sign_in(world["recruiter"])
    hidden = employer.goto(link)
    assert hidden is not None
    assert hidden.status == 404
    expect(employer.locator("main")).not_to_contain_text("Fatima")

    # The admin ticks, on the members page, that she handles shared passports.
    admin_page = open_page(browser, server, language)
    admin = Journey(admin_page, language, keyboard=keyboard)
    admin.sign_in(world["boss"])
    admin.goto(f"/organisations/{world['org_id']}/members")
    expect(admin_page.get_by_role("heading", level=1)).to_have_text(
        f"{t('Members')}: {world['org']}"
    )
    expect(admin_page.locator("tbody")).to_contain_text(t("yes, as administrator"))
    assert_accessible(admin_page)
    box = admin.label("%(name)s handles shared passports", name="Rita Werving")
    expect(box).not_to_be_checked()
    admin.check(box)
    admin.activate(admin.button("Save"))
    expect(admin_page.get_by_role("status")).to_have_text(t("Saved."))
    expect(admin.label("%(name)s handles shared passports", name="Rita Werving")).to_be_checked()
    Steps(admin_page, f"employer-admin-{language}").shot("members")
    assert_accessible(admin_page)
    admin_page.context.close()

    # Now the recruiter sees exactly those two skills.
    recruiter.goto(link)
    expect(employer.get_by_role("heading", level=1)).to_have_text(
        t("Shared with you by %(holder)s", holder="Fatima de Vries")
    )
    expect(employer.locator("main")).to_contain_text(
        t("for the vacancy %(detail)s", detail="Magazijnmedewerker")
    )
    expect(employer.locator(".records > li")).to_have_count(2)
    expect(employer.locator("main")).not_to_contain_text("Orderpicker")
    Steps(employer, f"employer-view-{language}").shot("shared-view")
    assert_accessible(employer)

    # The holder sees the view in the access log, then stops sharing.
    go.activate(go.menu("What I share"))
    go.activate(go.link("Who saw my data"))
    log = page.locator("ol.log")
    expect(log).to_contain_text(f"{world['org']} (Rita Werving)")
    expect(log).to_contain_text(t("for the vacancy %(detail)s", detail="Magazijnmedewerker"))
    expect(page.get_by_role("status")).to_contain_text(
        t("We checked the list: nothing was changed or removed.")
    )
    steps.shot("access-log")
    assert_accessible(page)
    go.activate(go.menu("What I share"))
    go.activate(go.button("Stop sharing with %(who)s now", who=world["org"]))
    expect(page.get_by_role("status")).to_contain_text(
        t("You stopped sharing. Nobody can see it any more.")
    )
    expect(page.locator("tbody")).to_contain_text(t("stopped"))
    steps.shot("stopped")
    assert_accessible(page)

    # The employer is refused at once.
    refused = employer.goto(link)
    assert refused is not None
    assert refused.status == 403
    Steps(employer, f"employer-view-{language}").shot("refused")
    assert_accessible(employer)
    employer.context.close()
    page.context.close()
