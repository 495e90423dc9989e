"""The matching pages without JavaScript: skills from a text, matches with the why and the
route, career moves, and the employer's vacancies and candidates; Dutch and English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from passport_helpers import PASSWORD, sign_up

HTML = {"Accept": "text/html"}
WAREHOUSE = "http://data.europa.eu/esco/occupation/bea705fe-06ac-4147-b8e0-6e8ac1208d8f"
TEXT = (
    "Ik heb drie jaar in een magazijn gewerkt. Ik kan een heftruck besturen en ik vulde de "
    "schappen. Ik hielp klanten in de winkel."
)


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def signed_in(client: TestClient, email: str) -> str:
    """Sign in an account made through the API; returns the passport page."""
    form = client.get("/sign-in", headers=HTML)
    answer = client.post(
        "/sign-in",
        headers=HTML,
        data={"email": email, "password": PASSWORD, "csrf_token": csrf(form.text)},
    )
    assert answer.status_code == 200, answer.text
    return answer.text


def employer_vacancy(client: TestClient, text: str = "") -> tuple[dict[str, str], str, str]:
    """An employer organisation and one vacancy: from ``text`` if given, else from the
    warehouse worker occupation."""
    boss = sign_up(client, "boss@example.org")
    org = client.post(
        "/api/v1/organisations", json={"name": "Depot B.V.", "roles": ["employer"]}, headers=boss
    ).json()["organisation_id"]
    made = client.post(
        "/api/v1/vacancies",
        json={"organisation_id": org, "title": "Orderpicker", "text": text, "lang": "nl"}
        if text
        else {"organisation_id": org, "title": "Orderpicker", "occupation_uri": WAREHOUSE},
        headers=boss,
    )
    assert made.status_code == 201, made.text
    return boss, org, made.json()["id"]


def test_from_text_proposes_confirms_and_shows_matches(client: TestClient) -> None:
    _, _, vacancy_id = employer_vacancy(
        client, "Voor onze winkel zoeken wij iemand die klanten helpt en de schappen vult."
    )
    sign_up(client, "holder@example.org")
    client.cookies.clear()
    passport = signed_in(client, "holder@example.org")
    assert 'href="/passport/from-text"' in passport
    form = client.get("/passport/from-text?lang=nl", headers=HTML)
    assert form.status_code == 200
    assert "Uw tekst" in form.text
    proposed = client.post(
        "/passport/from-text",
        headers=HTML,
        data={"text": TEXT, "lang": "nl", "csrf_token": csrf(form.text)},
    )
    assert proposed.status_code == 200, proposed.text
    assert "<mark>" in proposed.text
    uris = re.findall(r'name="uris" value="([^"]+)"', proposed.text)
    assert uris
    done = client.post(
        "/passport/from-text/confirm",
        headers=HTML,
        data={"uris": uris, "text": TEXT, "lang": "nl", "csrf_token": csrf(proposed.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303
    assert done.headers["location"] == "/passport?made=skill"
    matches = client.get("/passport/matches?lang=nl", headers=HTML)
    assert matches.status_code == 200
    assert "Orderpicker" in matches.text
    assert "Depot B.V." in matches.text
    assert "Waarom, skill voor skill" in matches.text
    english = client.get("/passport/matches?lang=en", headers=HTML)
    assert "Why, skill by skill" in english.text
    assert "You have this skill" in english.text
    assert f"/vacancies/{vacancy_id}" not in english.text  # no employer links for a holder


def test_from_text_errors_are_linked_to_fields(client: TestClient) -> None:
    sign_up(client, "empty@example.org")
    client.cookies.clear()
    signed_in(client, "empty@example.org")
    form = client.get("/passport/from-text?lang=en", headers=HTML)
    empty = client.post(
        "/passport/from-text", headers=HTML, data={"text": " ", "csrf_token": csrf(form.text)}
    )
    assert empty.status_code == 422
    assert 'href="#field-text"' in empty.text
    none_ticked = client.post(
        "/passport/from-text/confirm",
        headers=HTML,
        data={"text": TEXT, "lang": "nl", "csrf_token": csrf(form.text)},
    )
    assert none_ticked.status_code == 422
    assert 'href="#field-uris"' in none_ticked.text
    bad = client.post(
        "/passport/from-text/confirm",
        headers=HTML,
        data={"uris": "http://example.org/x", "text": TEXT, "csrf_token": csrf(form.text)},
    )
    assert bad.status_code == 422
    english = client.post(
        "/passport/from-text",
        headers=HTML,
        data={
            "text": "At the supermarket I stocked shelves.",
            "lang": "en",
            "csrf_token": csrf(form.text),
        },
    )
    # The words of a skill's name were found: that proposal is ticked already.
    assert re.search(r'value="[^"]+"\s+aria-describedby="from-1"\s+checked', english.text)
    assert "<mark>stocked shelves</mark>" in english.text
    no_csrf = client.post("/passport/from-text", headers=HTML, data={"text": TEXT})
    assert no_csrf.status_code == 403


def test_careers_and_empty_matches(client: TestClient) -> None:
    holder = sign_up(client, "mover@example.org")
    client.cookies.clear()
    signed_in(client, "mover@example.org")
    empty = client.get("/passport/careers?lang=en", headers=HTML)
    assert empty.status_code == 200
    assert "You have no skills in your passport yet." in empty.text
    skills = client.get(f"/api/v1/taxonomy/occupations/{WAREHOUSE}/skills").json()
    uris = [s["uri"] for s in skills if s["relation"] == "essential_skill"][:8]
    client.post("/api/v1/passport/skills/confirm", json={"uris": uris}, headers=holder)
    moves = client.get("/passport/careers?lang=en", headers=HTML)
    assert moves.status_code == 200
    assert "out of 100" in moves.text
    assert "<ol" in moves.text
    none = client.get("/passport/matches?lang=en", headers=HTML)
    assert "No vacancy fits your skills yet." in none.text


def test_employer_makes_a_vacancy_and_sees_candidates(client: TestClient) -> None:
    _, org, _ = employer_vacancy(client)
    werkplein = sign_up(client, "werkplein@example.org")
    client.post(
        "/api/v1/organisations",
        json={"name": "Werkplein Regio", "roles": ["labour_market_service"]},
        headers=werkplein,
    )
    holder = sign_up(client, "candidate@example.org")
    skills = client.get(f"/api/v1/taxonomy/occupations/{WAREHOUSE}/skills").json()
    uris = [s["uri"] for s in skills if s["relation"] == "essential_skill"][:10]
    client.post("/api/v1/passport/skills/confirm", json={"uris": uris}, headers=holder)
    assert client.put("/api/v1/passport/matching-pool", headers=holder).status_code == 200
    client.cookies.clear()
    passport = signed_in(client, "boss@example.org")
    assert f'href="/organisations/{org}/vacancies"' in passport
    listing = client.get(f"/organisations/{org}/vacancies?lang=en&q=warehouse", headers=HTML)
    assert listing.status_code == 200
    assert "Orderpicker" in listing.text
    assert WAREHOUSE in listing.text  # the search offers the occupation to pick
    missing = client.post(
        f"/organisations/{org}/vacancies",
        headers=HTML,
        data={"title": "Picker", "csrf_token": csrf(listing.text)},
    )
    assert missing.status_code == 422
    assert 'href="#field-occupation"' in missing.text
    made = client.post(
        f"/organisations/{org}/vacancies",
        headers=HTML,
        data={
            "title": "Magazijnmedewerker",
            "occupation_uri": WAREHOUSE,
            "csrf_token": csrf(listing.text),
        },
        follow_redirects=False,
    )
    assert made.status_code == 303, made.text
    page = client.get(made.headers["location"] + "?lang=en", headers=HTML)
    assert page.status_code == 200
    assert "Candidate 1" in page.text
    assert "Has this skill" in page.text
    assert "Candidate 2" not in page.text  # "boss" never joined the pool
    # Someone outside the organisation learns nothing.
    client.cookies.clear()
    signed_in(client, "candidate@example.org")
    assert client.get(f"/organisations/{org}/vacancies", headers=HTML).status_code == 404
    assert client.get(made.headers["location"], headers=HTML).status_code == 404
