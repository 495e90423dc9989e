"""Credentials in the browser, without JavaScript: an employer issues from a form, the
holder accepts the offer by link in the wallet, sees what it proves, anyone checks it on
the public page, the employer withdraws it; in Dutch and English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT, PASSWORD

HTML = {"Accept": "text/html"}


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


def sign_up(client: TestClient, email: str) -> None:
    client.cookies.clear()
    form = client.get("/sign-up", headers=HTML)
    answer = client.post(
        "/sign-up",
        headers=HTML,
        data={
            "display_name": "X",
            "email": email,
            "password": PASSWORD,
            "csrf_token": csrf(form.text),
        },
    )
    assert answer.status_code == 200, answer.text


def test_issue_accept_check_and_withdraw_in_the_browser(client: TestClient) -> None:
    sign_up(client, "hr@acme.example")
    page = client.get("/passport", headers=HTML)
    org = client.post(
        "/api/v1/organisations",
        json={"name": "Acme", "roles": ["employer"]},
        headers={"X-CSRF-Token": csrf(page.text)},
    ).json()["organisation_id"]
    form = client.get(f"/organisations/{org}/issue?lang=en&q=operate+forklift", headers=HTML)
    assert "Issue a credential" in form.text
    assert f'name="skills" value="{FORKLIFT}"' in form.text
    bad = client.post(
        f"/organisations/{org}/issue", headers=HTML, data={"csrf_token": csrf(form.text)}
    )
    assert bad.status_code == 422
    assert 'href="#field-' in bad.text
    made = client.post(
        f"/organisations/{org}/issue",
        headers=HTML,
        data={
            "csrf_token": csrf(form.text),
            "kind": "skills-certificate",
            "title": "Forklift",
            "skills": FORKLIFT,
            "level": "experienced",
            "assessor": "Jan",
            "method": "observation",
            "purpose": "career",
            "tx_code": "yes",
        },
    )
    assert made.status_code == 200, made.text
    link = re.search(r"<code>(openid-credential-offer://[^<]+)</code>", made.text)
    code = re.search(r"<strong>(\d{6})</strong>", made.text)
    assert link
    assert code
    assert "<svg" in made.text

    sign_up(client, "holder@example.org")
    wallet = client.get("/wallet?lang=nl", headers=HTML)
    assert "Mijn portemonnee" in wallet.text
    wrong = client.post(
        "/wallet/offers",
        headers=HTML,
        data={"csrf_token": csrf(wallet.text), "offer": "not a link"},
    )
    assert wrong.status_code == 422
    shown = client.post(
        "/wallet/offers",
        headers=HTML,
        data={
            "csrf_token": csrf(wallet.text),
            "offer": link.group(1).replace("&amp;", "&"),
            "tx_code": code.group(1),
        },
    )
    assert shown.status_code == 200, shown.text
    assert "Dit bewijs is geldig" in shown.text
    assert "operate forklift" in shown.text

    verify = client.get("/verify?lang=en", headers=HTML)
    assert "Check a credential" in verify.text
    empty = client.post("/verify", headers=HTML, data={"csrf_token": csrf(verify.text), "text": ""})
    assert empty.status_code == 422
