"""An employer in the browser: post a vacancy (Dutch: from an ESCO occupation; English: from
the vacancy text), see the candidates who agreed to be matched, best first, with the why;
open a passport an applicant shared; check the applicant's credential on the public page;
see the team overview. Run in Dutch and in English, by keyboard alone; axe-core on every page, a screenshot per step."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from browser_helpers import (
    LANGUAGE_WAYS,
    PASSWORD,
    Journey,
    Steps,
    assert_accessible,
    open_page,
    press_to,
)
from playwright.sync_api import Browser, expect

FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
CUSTOMERS = "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127"
STAFF = 5  # the team overview shows a team from five people (KUNDE_TEAM_MIN_GROUP)


@dataclass
class World:
    tag: str
    employer: str  # e-mail of the employer's recruiter
    organisation: str
    organisation_id: str
    applicant: dict[str, str]  # bearer headers
    applicant_id: str
    applicant_name: str
    credential: str  # the applicant's school credential, as sent to the employer
    applicant_skill: str
    staff_ids: list[str] = field(default_factory=list)
    outsider_id: str = ""


def _account(api: httpx.Client, email: str, name: str) -> tuple[dict[str, str], str]:
    made = api.post(
        "/api/v1/accounts", json={"email": email, "password": PASSWORD, "display_name": name}
    )
    assert made.status_code == 201, made.text
    token = api.post(
        "/api/v1/auth/token",
        data={"grant_type": "password", "username": email, "password": PASSWORD},
    ).json()["access_token"]
    return {"Authorization": f"Bearer {token}"}, made.json()["id"]


def _skills(api: httpx.Client, headers: dict[str, str], *uris: str) -> list[str]:
    ids = []
    for uri in uris:
        added = api.post("/api/v1/passport/skills", json={"concept_uri": uri}, headers=headers)
        assert added.status_code == 201, added.text
        ids.append(added.json()["id"])
    return ids


def _world(server: str) -> World:
    """An employer; five staff who share their skills for talent management (team
    'Magazijn'); someone with the same skills who shares nothing; and an applicant with a
    school's credential for driving a forklift."""
    tag = uuid.uuid4().hex[:8]
    with httpx.Client(base_url=server, timeout=60) as api:
        boss, _ = _account(api, f"boss-{tag}@example.org", "Jan Jansen")
        organisation = f"Logistiek Jansen {tag}"
        org_id = api.post(
            "/api/v1/organisations",
            json={"name": organisation, "roles": ["employer"]},
            headers=boss,
        ).json()["organisation_id"]
        school, _ = _account(api, f"roc-{tag}@example.org", "Docent ROC")
        school_id = api.post(
            "/api/v1/organisations",
            json={"name": f"ROC Voorbeeld {tag}", "roles": ["education_provider"]},
            headers=school,
        ).json()["organisation_id"]
        applicant, applicant_id = _account(api, f"sollicitant-{tag}@example.org", "Noor Amrani")
        (applicant_skill,) = _skills(api, applicant, FORKLIFT)
        offer = api.post(
            f"/api/v1/organisations/{school_id}/offers",
            json={
                "kind": "microcredential",
                "title": "Heftruck rijden",
                "skills": [{"uri": FORKLIFT, "label": "operate forklift", "level": "independent"}],
                "assessment": {
                    "assessor": "ROC Voorbeeld",
                    "method": "practical_assessment",
                    "standard": "Crebo 25254",
                    "purpose": "career",
                    "date": "2026-03-01",
                },
                "configuration_id": "kunde_skills_ob3",
            },
            headers=school,
        )
        assert offer.status_code == 201, offer.text
        taken = api.post(
            "/api/v1/wallet/offers", json={"offer": offer.json()["link"]}, headers=applicant
        )
        assert taken.status_code == 201, taken.text
        credential = api.get(
            f"/api/v1/wallet/credentials/{taken.json()['id']}", headers=applicant
        ).json()["credential"]
        world = World(
            tag,
            f"boss-{tag}@example.org",
            organisation,
            org_id,
            applicant,
            applicant_id,
            "Noor Amrani",
            credential if isinstance(credential, str) else json.dumps(credential),
            applicant_skill,
        )
        for n in range(STAFF):
            staff, staff_id = _account(api, f"staff{n}-{tag}@example.org", f"Medewerker {n}")
            ids = _skills(api, staff, FORKLIFT, CUSTOMERS)
            shared = api.post(
                "/api/v1/shares",
                json={
                    "items": [{"kind": "skill", "id": i} for i in ids],
                    "audience": {"kind": "organisation", "organisation_id": org_id},
                    "purpose": {"kind": "talent_management", "detail": "Magazijn"},
                },
                headers=staff,
            )
            assert shared.status_code == 201, shared.text
            world.staff_ids.append(staff_id)
        outsider, world.outsider_id = _account(api, f"anders-{tag}@example.org", "Niet Gedeeld")
        _skills(api, outsider, FORKLIFT, CUSTOMERS)
    return world


def _apply(server: str, world: World, vacancy_id: str) -> None:
    """The applicant applies: shares the forklift skill with the employer for this vacancy."""
    with httpx.Client(base_url=server, timeout=60) as api:
        applied = api.post(
            f"/api/v1/vacancies/{vacancy_id}/apply",
            json={"claims": [world.applicant_skill]},
            headers=world.applicant,
        )
        assert applied.status_code == 201, applied.text


@pytest.mark.parametrize(("language", "keyboard"), LANGUAGE_WAYS)
def test_employer_vacancy_candidates_shared_passport_verify_team(  # noqa: PLR0915 - one story
    browser: Browser, server: str, tmp_path: Path, language: str, keyboard: bool
) -> None:
    world = _world(server)
    page = open_page(browser, server, language)
    steps = Steps(page, f"employer-{language}-{'keyboard' if keyboard else 'ordinary'}")
    go = Journey(page, language, keyboard=keyboard)
    t = go.t

    go.sign_in(world.employer)
    go.activate(go.link("Vacancies of %(name)s", name=world.organisation))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Vacancies of %(name)s", name=world.organisation)
    )
    steps.shot("vacancies")
    assert_accessible(page)

    # Post the vacancy: in Dutch from an ESCO occupation found by search, in English from text.
    title = {"nl": "Heftruckchauffeur", "en": "Forklift driver"}[language]
    if language == "nl":
        go.fill(go.label("Search an occupation"), "heftruck")
        go.submit(go.label("Search an occupation"))
        occupation = page.get_by_role("radio", name="heftruckchauffeur", exact=True)
        expect(occupation).to_be_visible()
        assert_accessible(page)
        go.check(occupation)
    else:
        go.fill(
            go.label("Text of the vacancy", exact=False),
            "We are looking for someone who can operate a forklift truck in our warehouse "
            "and who helps customers at the counter.",
        )
        go.check(go.label("English"))
    go.fill(go.label("Title of the vacancy"), title)
    steps.shot("vacancy-form")
    go.activate(go.button("Make the vacancy"))
    expect(page).to_have_url(re.compile(r"/vacancies/[^/]+/candidates$"))
    vacancy_id = page.url.rsplit("/", 2)[-2]
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Candidates for %(title)s", title=title)
    )
    assert_accessible(page)

    # Candidates: only those who agreed; the staff (talent management) and, once the
    # applicant applies, the applicant; never the person who shares nothing.
    _apply(server, world, vacancy_id)
    page.reload()
    candidates = page.locator("ol.records > li")
    text = page.locator("main").inner_text()
    for holder_id in [*world.staff_ids, world.applicant_id]:
        assert t("reference %(ref)s", ref=holder_id[:8]) in text, (holder_id, text)
    assert world.outsider_id[:8] not in text
    assert world.applicant_name not in text  # skills, not names
    first = candidates.first
    expect(first).to_contain_text(t("Candidate %(number)s", number=1))
    before, after = t("%(score)s out of 100.", score="|").split("|")
    scores = [int(m) for m in re.findall(re.escape(before) + r"(\d+)" + re.escape(after), text)]
    why = first.get_by_text(t("Why, skill by skill"))
    go.activate(why)
    reasons = first.get_by_role("table", name=t("Skill by skill"))
    expect(reasons).to_be_visible()
    expect(reasons).to_contain_text("operate forklift")
    steps.shot("candidates")
    assert_accessible(page)
    assert scores == sorted(scores, reverse=True), scores  # best fit first

    # The applicant's shared passport, found under "What I share" → "Shared with me".
    go.activate(go.menu("What I share"))
    shared_link = page.get_by_role("link", name=re.compile(re.escape(world.applicant_name)))
    expect(shared_link).to_have_count(1)
    assert_accessible(page)
    go.activate(shared_link)
    expect(page.get_by_role("heading", level=1)).to_have_text(
        t("Shared with you by %(holder)s", holder=world.applicant_name)
    )
    expect(page.locator(".records > li")).to_have_count(1)
    expect(page.locator(".records")).to_contain_text(
        t("Level %(level)s: %(name)s", level=3, name=t("Proof"))
    )
    steps.shot("shared-passport")
    assert_accessible(page)

    # Check the credential the applicant sent: upload the file (Dutch), or paste it (English).
    go.activate(go.menu("Check a credential"))
    assert_accessible(page)
    if language == "nl":
        sent = tmp_path / "heftruck-rijden.jwt"
        sent.write_text(world.credential)
        press_to(page, go.label("Choose a file"))
        with page.expect_file_chooser() as chooser:
            page.keyboard.press("Space")
        chooser.value.set_files(str(sent))
    else:
        go.fill(go.label("Or paste the credential here"), world.credential)
    go.activate(go.button("Check"))
    expect(page.get_by_role("status")).to_have_text(t("This credential is real and valid."))
    expect(page.locator("main")).to_contain_text("Heftruck rijden")
    expect(page.locator("main")).to_contain_text("operate forklift")
    expect(page.locator("main")).not_to_contain_text("practical_assessment")  # words, not codes
    steps.shot("verified")
    assert_accessible(page)

    # The team overview: numbers, not names, of staff who agreed.
    go.activate(go.menu("What I share"))
    go.activate(
        page.get_by_role("link", name=f"{t('Team overview')} ({world.organisation})", exact=True)
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text(world.organisation)
    team = page.get_by_role("heading", name=re.compile("^Magazijn"))
    expect(team).to_have_text(f"Magazijn \N{EN DASH} {t('%(count)s people', count=STAFF)}")
    expect(page.locator("main")).not_to_contain_text("Medewerker")
    steps.shot("team")
    assert_accessible(page)
    page.context.close()
