"""The holder decides, in the browser: share two chosen skills with an employer for one
vacancy for 14 days; the recruiter there is refused until the employer's admin ticks that
she handles shared passports; then she signs in and sees exactly those; the holder sees that
view in the access log, stops sharing, and the employer is refused at once. Every page
visited is checked with axe-core; the form is filled with the keyboard where practical."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

import httpx
from browser_helpers import Steps, assert_accessible, make_account, sign_in
from playwright.sync_api import Browser, Page, expect

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
        "recruiter": f"hr-{tag}@example.org",
        "org": org,
        "forklift": ids[0],
        "customers": ids[1],
    }


@contextmanager
def other_person(browser: Browser, server: str) -> Iterator[Page]:
    context = browser.new_context(base_url=server, locale="nl-NL")
    opened = context.new_page()
    opened.set_default_timeout(15_000)
    yield opened
    context.close()


def test_share_view_log_revoke(  # noqa: PLR0915 - one story, step by step
    page: Page, steps: Steps, browser: Browser, server: str
) -> None:
    world = _world(server)
    sign_in(page, world["holder"])

    # The holder shares two chosen skills with the employer, for one vacancy, for 14 days.
    page.get_by_role("link", name="Wat ik deel").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Een deel van uw paspoort delen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Een deel van uw paspoort delen")
    assert_accessible(page)
    for key in ("forklift", "customers"):
        box = page.locator(f'input[value="skill:{world[key]}"]')
        box.focus()
        page.keyboard.press("Space")
        expect(box).to_be_checked()
    expect(page.locator('input[value="personal:motivation"]')).to_have_count(0)
    expect(page.get_by_label("Een organisatie, bijvoorbeeld een werkgever")).to_be_checked()
    page.get_by_label("Organisatie", exact=True).select_option(label=world["org"])
    page.get_by_label("Naam van de vacature, het team of de functie").fill("Magazijnmedewerker")
    until = (datetime.now(UTC) + timedelta(days=14)).date()
    page.get_by_label("Laatste dag").fill(until.isoformat())
    steps.shot("share-form")
    page.get_by_role("button", name="Delen", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "U hebt een deel van uw paspoort gedeeld"
    )
    status = page.get_by_role("status")
    expect(status).to_contain_text(f"{world['org']} kan dit zien tot")
    expect(status).to_contain_text("voor de vacature Magazijnmedewerker")
    expect(status.get_by_role("listitem")).to_have_count(2)
    expect(page.locator(".qr svg")).to_be_visible()
    link = page.locator("#share-link").inner_text()
    assert re.fullmatch(rf"{server}/shares/[0-9a-f-]{{36}}", link), link
    steps.shot("share-made")
    assert_accessible(page)

    # The recruiter is a member, but does not handle shared passports yet: not found.
    with other_person(browser, server) as employer:
        sign_in(employer, world["recruiter"])
        hidden = employer.goto(link)
        assert hidden is not None
        assert hidden.status == 404
        expect(employer.locator("main")).not_to_contain_text("Fatima")

    # The admin ticks, on the members page, that she handles shared passports.
    with other_person(browser, server) as boss:
        sign_in(boss, world["boss"])
        boss.goto("/shares")
        boss.get_by_role("link", name=f"Leden ({world['org']})").click()
        expect(boss.get_by_role("heading", level=1)).to_have_text(f"Leden: {world['org']}")
        expect(boss.locator("tbody")).to_contain_text("ja, als beheerder")
        assert_accessible(boss)
        box = boss.get_by_label("Rita Werving behandelt gedeelde paspoorten")
        expect(box).not_to_be_checked()
        box.check()
        boss.get_by_role("button", name="Opslaan").click()
        expect(boss.get_by_role("status")).to_have_text("Opgeslagen.")
        expect(boss.get_by_label("Rita Werving behandelt gedeelde paspoorten")).to_be_checked()
        Steps(boss, "employer-admin").shot("members")
        assert_accessible(boss)

    # Now the recruiter signs in and sees exactly those two skills.
    with other_person(browser, server) as employer:
        sign_in(employer, world["recruiter"])
        employer.goto(link)
        expect(employer.get_by_role("heading", level=1)).to_have_text(
            "Met u gedeeld door Fatima de Vries"
        )
        expect(employer.locator("main")).to_contain_text("voor de vacature Magazijnmedewerker")
        expect(employer.locator(".records > li")).to_have_count(2)
        expect(employer.locator("main")).not_to_contain_text("Orderpicker")
        Steps(employer, "employer-view").shot("shared-view")
        assert_accessible(employer)

        # The holder sees the view in the access log, then stops sharing.
        page.goto("/shares")
        page.get_by_role("link", name="Wie heeft mijn gegevens gezien").click()
        log = page.locator("ol.log")
        expect(log).to_contain_text(f"{world['org']} (Rita Werving) heeft uw skill")
        expect(log).to_contain_text("bekeken op")
        expect(log).to_contain_text("voor de vacature Magazijnmedewerker.")
        expect(page.get_by_role("status")).to_contain_text("er is niets veranderd")
        steps.shot("access-log")
        assert_accessible(page)
        page.go_back()
        stop = page.get_by_role("button", name=re.compile(f"stoppen met delen met {world['org']}"))
        stop.focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("status")).to_contain_text("U bent gestopt met delen")
        expect(page.locator("tbody")).to_contain_text("gestopt")
        steps.shot("stopped")
        assert_accessible(page)

        # The employer is refused at once.
        refused = employer.goto(link)
        assert refused is not None
        assert refused.status == 403
        Steps(employer, "employer-view").shot("refused")
        assert_accessible(employer)
