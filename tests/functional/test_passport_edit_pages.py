"""Changing and removing records, proof files and links, personal information and checks
the holder received, in the browser (no JavaScript), in Dutch and English."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from passport_helpers import FORKLIFT, FORKLIFT_OPERATOR
from test_passport_pages import HTML, csrf, signed_up

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def _experience(client: TestClient, token: str) -> str:
    client.post(
        "/passport/experiences/new",
        headers=HTML,
        data={
            "csrf_token": token,
            "kind": "work",
            "role": "Magazijnmedewerker",
            "start": "2019-01-01",
            "end": "2020-01-01",
        },
    )
    page = client.get("/passport", headers=HTML).text
    return re.search(r"/passport/experiences/([0-9a-f-]+)/edit", page).group(1)


def _skill(client: TestClient, token: str) -> str:
    client.post(
        "/passport/skills/new",
        headers=HTML,
        data={"csrf_token": token, "q": "forklift", "concept_uri": FORKLIFT},
    )
    page = client.get("/passport", headers=HTML).text
    return re.search(r"/passport/skills/([0-9a-f-]+)/edit", page).group(1)


def test_change_an_experience_and_a_stale_form_keeps_the_input(client: TestClient) -> None:
    token = csrf(signed_up(client))
    item = _experience(client, token)
    form = client.get(f"/passport/experiences/{item}/edit", headers=HTML)
    assert 'value="Magazijnmedewerker"' in form.text
    assert 'name="version" value="1"' in form.text
    fields = {"csrf_token": token, "kind": "work", "role": "Teamleider", "start": "2019-01-01"}
    saved = client.post(
        f"/passport/experiences/{item}/edit", headers=HTML, data={**fields, "version": "1"}
    )
    assert saved.status_code == 200
    assert 'value="Teamleider"' in saved.text
    assert 'name="end" type="date" value=""' in saved.text  # emptied: ongoing now
    stale = client.post(
        f"/passport/experiences/{item}/edit?lang=nl",
        headers=HTML,
        data={**fields, "role": "Chef", "version": "1"},
    )
    assert stale.status_code == 409
    assert 'value="Chef"' in stale.text  # what the holder typed is still there
    assert "Nu opgeslagen" in stale.text
    assert "Teamleider" in stale.text  # and what is saved now
    assert 'name="version" value="2"' in stale.text
    bad = client.post(
        f"/passport/experiences/{item}/edit?lang=en",
        headers=HTML,
        data={**fields, "end": "2018-01-01", "version": "2"},
    )
    assert bad.status_code == 422
    assert "end date is before" in bad.text


def test_change_an_achievement_refuses_a_bad_level(client: TestClient) -> None:
    token = csrf(signed_up(client))
    client.post(
        "/passport/achievements/new",
        headers=HTML,
        data={"csrf_token": token, "kind": "formal", "type": "diploma", "title": "MBO Logistiek"},
    )
    item = re.search(
        r"/passport/achievements/([0-9a-f-]+)/edit", client.get("/passport", headers=HTML).text
    ).group(1)
    fields = {"csrf_token": token, "kind": "formal", "type": "diploma", "version": "1"}
    bad = client.post(
        f"/passport/achievements/{item}/edit",
        headers=HTML,
        data={**fields, "title": "MBO Logistiek", "nlqf_level": "12"},
    )
    assert bad.status_code == 422
    assert 'href="#field-nlqf_level"' in bad.text
    good = client.post(
        f"/passport/achievements/{item}/edit",
        headers=HTML,
        data={**fields, "title": "MBO Logistiek 2", "nlqf_level": "2"},
    )
    assert good.status_code == 200
    assert "MBO Logistiek 2" in client.get("/passport", headers=HTML).text


def test_change_a_skill_with_links_and_remove_it_after_confirming(client: TestClient) -> None:
    token = csrf(signed_up(client))
    experience = _experience(client, token)
    skill = _skill(client, token)
    changed = client.post(
        f"/passport/skills/{skill}/edit",
        headers=HTML,
        data={
            "csrf_token": token,
            "version": "1",
            "links_shown": "1",
            "proficiency": "4",
            "last_used": "2024-03-01",
            "experience_ids": experience,
        },
    )
    assert changed.status_code == 200
    assert f'value="{experience}" checked' in changed.text
    assert 'id="p4" name="proficiency" value="4" checked' in changed.text
    stale = client.post(
        f"/passport/skills/{skill}/edit?lang=en",
        headers=HTML,
        data={"csrf_token": token, "version": "1", "links_shown": "1", "proficiency": "1"},
    )
    assert stale.status_code == 409
    assert "Saved now" in stale.text
    confirm = client.get(f"/passport/skills/{skill}/delete", headers=HTML)
    assert 'name="confirm"' in confirm.text
    refused = client.post(
        f"/passport/skills/{skill}/delete", headers=HTML, data={"csrf_token": token, "version": "2"}
    )
    assert refused.status_code == 422
    assert 'href="#field-confirm"' in refused.text
    old = client.post(
        f"/passport/skills/{skill}/delete",
        headers=HTML,
        data={"csrf_token": token, "version": "1", "confirm": "yes"},
    )
    assert old.status_code == 409
    removed = client.post(
        f"/passport/skills/{skill}/delete",
        headers=HTML,
        data={"csrf_token": token, "version": "2", "confirm": "yes"},
    )
    assert removed.status_code == 200
    assert f"/passport/skills/{skill}/edit" not in removed.text


def test_evidence_files_and_links(client: TestClient) -> None:
    token = csrf(signed_up(client))
    skill = _skill(client, token)
    wrong = client.post(
        f"/passport/skills/{skill}/evidence/file?lang=nl",
        headers=HTML,
        data={"csrf_token": token},
        files={"file": ("cv.png", b"MZ not an image", "image/png")},
    )
    assert wrong.status_code == 422
    assert 'href="#field-file"' in wrong.text
    assert "Gebruik een bestand in PDF, PNG of JPEG." in wrong.text
    big = client.post(
        "/passport/files?lang=en",
        headers=HTML,
        data={"csrf_token": token},
        files={"file": ("big.png", PNG + b"\x00" * (5 * 1024 * 1024), "image/png")},
    )
    assert big.status_code == 422
    assert "at most 5 MB" in big.text
    added = client.post(
        f"/passport/skills/{skill}/evidence/file",
        headers=HTML,
        data={"csrf_token": token, "title": "Foto heftruck"},
        files={"file": ("heftruck.png", PNG, "image/png")},
    )
    assert added.status_code == 200, re.findall(r"field-error[^>]*>([^<]+)", added.text)
    file_id = re.search(r"/passport/files/([0-9a-f-]+)/download", added.text).group(1)
    assert "Foto heftruck" in added.text
    download = client.get(f"/passport/files/{file_id}/download")
    assert download.content == PNG
    assert download.headers["content-type"] == "image/png"
    assert "heftruck.png" in client.get("/passport/files", headers=HTML).text
    bad_link = client.post(
        f"/passport/skills/{skill}/evidence/link",
        headers=HTML,
        data={"csrf_token": token, "url": "javascript:alert(1)"},
    )
    assert bad_link.status_code == 422
    assert 'href="#field-url"' in bad_link.text
    link = client.post(
        f"/passport/skills/{skill}/evidence/link",
        headers=HTML,
        data={"csrf_token": token, "url": "https://example.org/certificaat", "title": "VCA"},
    )
    assert 'href="https://example.org/certificaat"' in link.text
    client.cookies.clear()
    signed_up(client, "other@example.org")
    assert client.get(f"/passport/files/{file_id}/download").status_code == 404


def test_personal_information_with_the_occupation_picker(client: TestClient) -> None:
    token = csrf(signed_up(client))
    form = client.get("/passport/personal?lang=nl", headers=HTML)
    assert "privé" in form.text.lower() or "niemand" in form.text.lower()
    fields = {
        "csrf_token": token,
        "traits": "geduldig\nprecies",
        "region": "Utrecht",
        "hours_per_week": "32",
        "sectors": "logistiek",
    }
    searched = client.post(
        "/passport/personal", headers=HTML, data={**fields, "q": "forklift", "action": "search"}
    )
    assert searched.status_code == 200
    assert FORKLIFT_OPERATOR in searched.text
    assert "geduldig" in searched.text  # nothing typed is lost while searching
    bad = client.post(
        "/passport/personal",
        headers=HTML,
        data={**fields, "hours_per_week": "200", "target_occupations": FORKLIFT_OPERATOR},
    )
    assert bad.status_code == 422
    assert 'href="#field-hours_per_week"' in bad.text
    saved = client.post(
        "/passport/personal",
        headers=HTML,
        data={**fields, "target_occupations": FORKLIFT_OPERATOR, "action": "save"},
    )
    assert saved.status_code == 200
    assert f'value="{FORKLIFT_OPERATOR}" checked' in saved.text
    assert 'name="version" value="1"' in saved.text
    stale = client.post(
        "/passport/personal", headers=HTML, data={**fields, "region": "Gouda", "action": "save"}
    )
    assert stale.status_code == 409
    assert 'value="Gouda"' in stale.text
    assert "Utrecht" in stale.text


def test_add_a_check_and_see_the_level(client: TestClient) -> None:
    token = csrf(signed_up(client))
    skill = _skill(client, token)
    form = client.get(f"/passport/skills/{skill}/assessments/new?lang=nl", headers=HTML)
    assert "Wat is een standaard?" in form.text
    fields = {
        "csrf_token": token,
        "assessor_role": "certification_body",
        "method": "exam",
        "assessor_name": "Examenbureau",
        "standard_kind": "sector_profile",
        "standard_ref": "Heftruck",
        "purpose": "career",
    }
    bad = client.post(
        f"/passport/skills/{skill}/assessments/new?lang=en",
        headers=HTML,
        data={**fields, "assessed_on": "2024-05-01", "valid_until": "2023-01-01"},
    )
    assert bad.status_code == 422
    assert "valid until" in bad.text
    saved = client.post(
        f"/passport/skills/{skill}/assessments/new?lang=en",
        headers=HTML,
        data={**fields, "assessed_on": "2024-05-01"},
    )
    assert saved.status_code == 200
    assert "Level 1" in saved.text  # typed in by the holder: counts once confirmed
    assert "counts when they confirm it" in saved.text
    assert "Examenbureau" in saved.text


def test_records_of_another_holder_cannot_be_changed(client: TestClient) -> None:
    token = csrf(signed_up(client, "first@example.org"))
    skill = _skill(client, token)
    client.cookies.clear()
    token = csrf(signed_up(client, "second@example.org"))
    assert client.get(f"/passport/skills/{skill}/edit", headers=HTML).status_code == 404
    changed = client.post(
        f"/passport/skills/{skill}/edit",
        headers=HTML,
        data={"csrf_token": token, "version": "1", "proficiency": "1"},
    )
    assert changed.status_code == 404
    checked = client.post(
        f"/passport/skills/{skill}/assessments/new",
        headers=HTML,
        data={
            "csrf_token": token,
            "assessor_role": "colleague",
            "method": "observation",
            "assessed_on": "2024-01-01",
        },
    )
    assert checked.status_code == 404
    linked = client.post(
        f"/passport/skills/{skill}/evidence/link",
        headers=HTML,
        data={"csrf_token": token, "url": "https://example.org"},
    )
    assert linked.status_code == 404
