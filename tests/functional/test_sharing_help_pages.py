"""Counsellor help, team overviews and credential requests in the browser, without
JavaScript: the holder gives a mandate, the counsellor proposes, the holder accepts; the
employer's team page hides small groups; the wallet's consent screen sends a credential."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sharing_helpers import API, build_world
from test_credentials_flow import certificate
from test_sharing_pages import HTML, browser, csrf


def test_mandate_proposal_accept_and_end(app: FastAPI, client: TestClient) -> None:
    world = build_world(client)
    with browser(app, "holder@example.org") as holder:
        form = holder.get("/passport/helpers?lang=en", headers=HTML)
        assert "Werkplein" in form.text
        bad = holder.post(
            "/passport/helpers",
            headers=HTML,
            data={"csrf_token": csrf(form.text), "counsellor_email": "nobody@example.org",
                  "organisation_id": world.counselling_id, "right": "propose", "days": "30"},
        )  # fmt: skip
        assert bad.status_code == 422
        assert 'href="#field-counsellor_email"' in bad.text
        given = holder.post(
            "/passport/helpers",
            headers=HTML,
            data={"csrf_token": csrf(form.text), "counsellor_email": "coach@werkplein.example",
                  "organisation_id": world.counselling_id, "right": "propose", "days": "30"},
        )  # fmt: skip
        assert given.status_code == 200
        assert "Cora Coach" in given.text

    with browser(app, "coach@werkplein.example") as coach:
        clients = coach.get("/counselling?lang=en", headers=HTML)
        mandate = re.search(r'href="/counselling/([0-9a-f-]{36})"', clients.text)
        assert mandate
        page = coach.get(f"/counselling/{mandate.group(1)}?lang=en", headers=HTML)
        assert "Order picker" in page.text
        proposed = coach.post(
            f"/counselling/{mandate.group(1)}",
            headers=HTML,
            data={"csrf_token": csrf(page.text), "role": "Baker", "start": "2019-01-01"},
        )
        assert "will accept or reject it" in proposed.text

    with browser(app, "holder@example.org") as holder:
        helpers = holder.get("/passport/helpers?lang=en", headers=HTML)
        assert "Cora Coach proposes to add:" in helpers.text
        proposal = re.search(r'action="/passport/helpers/proposals/([0-9a-f-]{36})"', helpers.text)
        assert proposal
        holder.post(
            f"/passport/helpers/proposals/{proposal.group(1)}",
            headers=HTML,
            data={"csrf_token": csrf(helpers.text), "decision": "accept"},
        )
        assert "Baker" in holder.get("/passport", headers=HTML).text
        log = holder.get("/passport/access-log?lang=en", headers=HTML)
        assert "Your counsellor Werkplein (Cora Coach) looked at your passport" in log.text
        assert "proposed a change to your passport" in log.text
        helpers = holder.get("/passport/helpers?lang=en", headers=HTML)
        ended = re.search(r'action="/passport/helpers/([0-9a-f-]{36})/end"', helpers.text)
        assert ended
        holder.post(ended.group(0).split('"')[1], headers=HTML,
                    data={"csrf_token": csrf(helpers.text)})  # fmt: skip

    with browser(app, "coach@werkplein.example") as coach:
        assert coach.get(f"/counselling/{mandate.group(1)}", headers=HTML).status_code == 404


def test_team_page_hides_small_groups(app: FastAPI, client: TestClient) -> None:
    world = build_world(client)
    client.post(
        f"{API}/shares",
        json={
            "items": [{"kind": "skill", "id": world.forklift}],
            "audience": {"kind": "organisation", "organisation_id": world.employer_id},
            "purpose": {"kind": "talent_management", "detail": "Warehouse"},
        },
        headers=world.holder,
    )
    with browser(app, "hr@jansen.example") as employer:
        page = employer.get(f"/organisations/{world.employer_id}/team?lang=en", headers=HTML)
        assert page.status_code == 200
        assert "Teams hidden for this reason: 1." in page.text
        assert "Sam Holder" not in page.text
    with browser(app, "stranger@example.org") as stranger:
        page = stranger.get(f"/organisations/{world.employer_id}/team", headers=HTML)
        assert page.status_code == 404


def test_request_consent_and_result_pages(app: FastAPI, client: TestClient) -> None:
    world = build_world(client)
    offer = client.post(
        f"{API}/organisations/{world.employer_id}/offers",
        json=certificate("kunde_skills_sd_jwt"),
        headers=world.employer,
    ).json()
    client.post(f"{API}/wallet/offers", json={"offer": offer["link"]}, headers=world.holder)
    with browser(app, "hr@jansen.example") as employer:
        form = employer.get(
            f"/organisations/{world.employer_id}/presentation-requests?lang=en", headers=HTML
        )
        made = employer.post(
            f"/organisations/{world.employer_id}/presentation-requests",
            headers=HTML,
            data={"csrf_token": csrf(form.text), "claim": ["skills"], "purpose": "vacancy",
                  "detail": "Warehouse assistant"},
        )  # fmt: skip
        assert made.status_code == 200, made.text
        link = re.search(r"<code>(openid4vp://[^<]+)</code>", made.text)
        assert link
        request_page = str(made.url)
    with browser(app, "holder@example.org") as holder:
        consent = holder.get(
            "/wallet/present", params={"link": link.group(1).replace("&amp;", "&"), "lang": "en"},
            headers=HTML,
        )  # fmt: skip
        assert "Bakkerij Jansen asks for a credential for the vacancy Warehouse assistant." in (
            consent.text
        )
        assert "<li>the skills</li>" in consent.text
        entry = re.search(r'name="credential" value="([^"]+)"', consent.text)
        assert entry
        sent = holder.post(
            "/wallet/present",
            headers=HTML,
            data={"csrf_token": csrf(consent.text), "link": link.group(1).replace("&amp;", "&"),
                  "credential": entry.group(1)},
        )  # fmt: skip
        assert "Sent." in sent.text
        log = holder.get("/passport/access-log?lang=en", headers=HTML)
        assert "Bakkerij Jansen received your credential Forklift driving at Acme" in log.text
    with browser(app, "hr@jansen.example") as employer:
        result = employer.get(request_page + "?lang=en", headers=HTML)
        assert "It passed all checks" in result.text
        assert "operate forklift" in result.text
