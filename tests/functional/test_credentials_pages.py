"""Credentials in the browser, without JavaScript: an employer issues from a form, the
holder accepts the offer by link in the wallet, sees what it proves, anyone checks it on
the public page, the employer withdraws it; in Dutch and English."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, FORKLIFT, PASSWORD
from passport_helpers import sign_up as api_sign_up
from test_credentials_flow import LibraryWallet, microcredential, organisation

from kunde.credentials import present

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


def test_wallet_import_says_when_a_credential_is_not_bound_to_you(client: TestClient) -> None:
    school = api_sign_up(client, "office@pages-school.example", "School office")
    roc = organisation(client, school, "ROC Pages", "education_provider")
    offer = client.post(
        f"/api/v1/organisations/{roc}/offers",
        json=microcredential(configuration_id="kunde_skills_sd_jwt"),
        headers=school,
    ).json()
    app_wallet = LibraryWallet(client)
    sd_jwt = app_wallet.receive(offer["link"])
    empty_file = {"upload": ("", b"", "application/octet-stream")}

    sign_up(client, "pages-holder@example.org")
    wallet = client.get("/wallet?lang=en", headers=HTML)
    added = client.post(
        "/wallet/import?lang=en",
        headers=HTML,
        data={"csrf_token": csrf(wallet.text), "text": sd_jwt},
        files=empty_file,
    )
    assert added.status_code == 200, added.text
    assert "Not bound to you: this credential belongs to a key" in added.text
    passport = client.get("/passport?lang=en", headers=HTML)
    assert "you did not show is yours" in passport.text

    wallet = client.get("/wallet?lang=en", headers=HTML)
    assert "Not bound to you" in wallet.text
    asked = client.post(
        "/wallet/import/nonce?lang=en", headers=HTML, data={"csrf_token": csrf(wallet.text)}
    )
    assert asked.status_code == 200, asked.text
    nonce = re.search(r'<code id="binding-nonce">([^<]+)</code>', asked.text)
    audience = re.search(r'<code id="binding-audience">([^<]+)</code>', asked.text)
    assert nonce
    assert audience
    assert f'name="nonce" value="{nonce.group(1)}"' in asked.text
    shown = present(
        sd_jwt,
        disclose=["*"],
        holder_key=app_wallet.key,
        nonce=nonce.group(1),
        audience=audience.group(1),
        now=datetime.now(UTC),
    )
    proved = client.post(
        "/wallet/import?lang=en",
        headers=HTML,
        data={"csrf_token": csrf(asked.text), "text": shown, "nonce": nonce.group(1)},
        files=empty_file,
    )
    assert proved.status_code == 200, proved.text
    assert "Not bound to you" not in proved.text
    assert "This credential is valid" in proved.text
    levels = client.get("/api/v1/passport", headers={"X-CSRF-Token": csrf(proved.text)}).json()
    assert {s["concept_uri"]: s["assurance"]["level"] for s in levels["skills"]}[CUSTOMERS] == 3
