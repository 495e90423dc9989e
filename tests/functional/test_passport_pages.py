"""The passport in the browser, without JavaScript: sign up, add, pick a skill, endorse,
history, export, erase; in Dutch and English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT, PASSWORD

HTML = {"Accept": "text/html"}


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def signed_up(client: TestClient, email: str = "web@example.org") -> str:
    form = client.get("/sign-up", headers=HTML)
    answer = client.post(
        "/sign-up",
        headers=HTML,
        data={
            "display_name": "Anna",
            "email": email,
            "password": PASSWORD,
            "csrf_token": csrf(form.text),
        },
    )
    assert answer.status_code == 200, answer.text  # followed to /passport
    return answer.text


def test_not_signed_in_goes_to_sign_in(client: TestClient) -> None:
    answer = client.get("/passport", headers=HTML, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"].startswith("/sign-in?next=/passport")


def test_sign_up_errors_are_listed_and_linked_to_fields(client: TestClient) -> None:
    form = client.get("/sign-up?lang=nl", headers=HTML)
    answer = client.post(
        "/sign-up",
        headers=HTML,
        data={
            "display_name": "Anna",
            "email": "not-an-address",
            "password": "x",
            "csrf_token": csrf(form.text),
        },
    )
    assert answer.status_code == 422
    assert 'href="#field-email"' in answer.text
    assert 'id="field-email"' in answer.text
    assert "Controleer dit" in answer.text


def test_a_form_without_csrf_token_is_refused(client: TestClient) -> None:
    client.get("/sign-up", headers=HTML)
    answer = client.post(
        "/sign-up",
        headers=HTML,
        data={"display_name": "A", "email": "a@example.org", "password": PASSWORD},
    )
    assert answer.status_code == 403


def test_build_a_passport_in_the_browser(client: TestClient) -> None:
    page = signed_up(client)
    empty = client.get("/passport/growth?lang=en", headers=HTML)
    assert empty.status_code == 200
    assert "You have not added anything yet." in empty.text
    assert "<svg" not in empty.text
    assert "Anna" in page
    token = csrf(page)
    added = client.post(
        "/passport/experiences/new",
        headers=HTML,
        data={
            "csrf_token": token,
            "kind": "volunteering",
            "role": "Voetbaltrainer",
            "start": "2020-01-01",
            "end": "2019-01-01",
        },
    )
    assert added.status_code == 422
    assert "#field-body" in added.text or "end date" in added.text
    added = client.post(
        "/passport/experiences/new",
        headers=HTML,
        data={
            "csrf_token": token,
            "kind": "volunteering",
            "role": "Voetbaltrainer",
            "start": "2019-01-01",
        },
    )
    assert added.status_code == 200
    assert "Voetbaltrainer" in added.text
    picker = client.get("/passport/skills/new", params={"q": "forklift"}, headers=HTML)
    assert 'type="radio"' in picker.text
    assert FORKLIFT in picker.text
    chosen = client.post(
        "/passport/skills/new",
        headers=HTML,
        data={"csrf_token": token, "q": "forklift", "concept_uri": FORKLIFT, "proficiency": "3"},
    )
    assert chosen.status_code == 200
    assert "operate forklift" in chosen.text or "heftruck" in chosen.text.lower()
    skill_id = re.search(r"/passport/skills/([0-9a-f-]+)/endorsements", chosen.text).group(1)
    link_page = client.post(
        f"/passport/skills/{skill_id}/endorsements",
        headers=HTML,
        data={"csrf_token": token, "endorser_name": "Piet", "endorser_role": "employer"},
    )
    link = re.search(r"/endorse/([A-Za-z0-9_-]+)", link_page.text).group(1)
    endorser = TestClient(client.app)
    form = endorser.get(f"/endorse/{link}", headers=HTML)
    assert form.status_code == 200
    done = endorser.post(
        f"/endorse/{link}",
        headers=HTML,
        data={"csrf_token": csrf(form.text), "method": "observation", "comment": "Goed"},
    )
    assert done.status_code == 200
    overview = client.get("/passport?lang=en", headers=HTML)
    assert "Level 2" in overview.text
    assert "Piet" in overview.text
    assert "Voetbaltrainer" in client.get("/passport/export", headers=HTML).text
    assert "added" in client.get("/passport/history", headers=HTML).text
    # The timeline of growth, drawn on the server: one skill added, its level raised once.
    growth = client.get("/passport/growth", headers=HTML).text
    assert '<svg role="img" aria-labelledby="growth-title growth-desc"' in growth
    assert "Skills added: 1. Levels raised: 1. Diplomas and courses added: 0." in growth
    assert re.search(
        r'<tbody>\s*<tr><th scope="row">[^<]+</th><td>1</td><td>1</td><td>0</td>', growth
    )
    dutch = client.get("/passport/growth?lang=nl", headers=HTML).text
    assert "Hoe uw paspoort groeide, per maand" in dutch
    assert "Skills erbij: 1. Niveau omhoog: 1." in dutch
    client.get("/passport?lang=en", headers=HTML)
    refused = client.post("/passport/erase", headers=HTML, data={"csrf_token": token})
    assert refused.status_code == 422
    erased = client.post(
        "/passport/erase", headers=HTML, data={"csrf_token": token, "confirm": "yes"}
    )
    assert erased.status_code == 200
    assert "Receipt number" in erased.text
    assert "Voetbaltrainer" not in client.get("/passport", headers=HTML).text


def test_pages_of_another_holder_are_not_reachable(client: TestClient) -> None:
    page = signed_up(client, "first@example.org")
    token = csrf(page)
    client.post(
        "/passport/skills/new",
        headers=HTML,
        data={"csrf_token": token, "q": "forklift", "concept_uri": FORKLIFT},
    )
    skill_id = re.search(
        r"/passport/skills/([0-9a-f-]+)/delete", client.get("/passport", headers=HTML).text
    ).group(1)
    client.cookies.clear()
    second = signed_up(client, "second@example.org")
    answer = client.post(
        f"/passport/skills/{skill_id}/delete", headers=HTML, data={"csrf_token": csrf(second)}
    )
    assert answer.status_code == 404
