"""Sharing in the browser without JavaScript: tick items, pick the employer by name, get
the link and QR code; the employer sees only those; the log says it in words; stop now."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from passport_helpers import PASSWORD
from sharing_helpers import build_world

HTML = {"Accept": "text/html"}


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, "no CSRF field on the page"
    return found.group(1)


@contextmanager
def browser(app: FastAPI, email: str) -> Iterator[TestClient]:
    """A client signed in with a session cookie, as a browser would be."""
    with TestClient(app) as client:
        form = client.get("/sign-in", headers=HTML)
        answer = client.post(
            "/sign-in",
            headers=HTML,
            data={"email": email, "password": PASSWORD, "csrf_token": csrf(form.text), "next": "/"},
        )
        assert answer.status_code == 200, answer.text
        yield client


def test_share_two_skills_view_log_stop(app: FastAPI, client: TestClient) -> None:
    world = build_world(client)
    with browser(app, "holder@example.org") as holder:
        form = holder.get("/shares/new?lang=en", headers=HTML)
        assert form.status_code == 200
        assert "Bakkerij Jansen" in form.text
        assert 'name="item" value="personal:motivation" >' in form.text  # never pre-ticked
        until = (datetime.now(UTC) + timedelta(days=14)).date()
        made = holder.post(
            "/shares/new",
            headers=HTML,
            data={
                "csrf_token": csrf(form.text),
                "item": [f"skill:{world.forklift}", f"skill:{world.customers}"],
                "audience": "organisation",
                "organisation_id": world.employer_id,
                "purpose": "vacancy",
                "detail": "Warehouse assistant",
                "until": until.isoformat(),
            },
        )
        assert made.status_code == 200, made.text
        assert "<svg" in made.text
        assert "Bakkerij Jansen can see this until" in made.text
        link = re.search(r'<code id="share-link">http://[^/]+(/shares/[^<]+)</code>', made.text)
        assert link
        path = link.group(1)

    with browser(app, "hr@jansen.example") as employer:
        seen = employer.get(path + "?lang=en", headers=HTML)
        assert seen.status_code == 200, seen.text
        assert "Shared with you by Sam Holder" in seen.text
        assert seen.text.count('class="card"><h3>') == 2
        assert "Order picker" not in seen.text  # the experience was not ticked
        assert "early mornings" not in seen.text
        listed = employer.get("/shares", headers=HTML)
        assert path in listed.text

    with browser(app, "holder@example.org") as holder:
        log = holder.get("/passport/access-log?lang=en", headers=HTML)
        assert "Bakkerij Jansen (Rita Recruiter) viewed your skill" in log.text
        assert "for the vacancy Warehouse assistant." in log.text
        assert "nothing was changed or removed" in log.text
        dutch = holder.get("/passport/access-log?lang=nl", headers=HTML)
        assert "voor de vacature Warehouse assistant" in dutch.text
        shares = holder.get("/shares", headers=HTML)
        share_id = path.rsplit("/", 1)[1]
        stopped = holder.post(
            f"/shares/{share_id}/stop", headers=HTML, data={"csrf_token": csrf(shares.text)}
        )
        assert stopped.status_code == 200
        assert "stopped" in stopped.text.lower() or "gestopt" in stopped.text

    with browser(app, "hr@jansen.example") as employer:
        refused = employer.get(path, headers=HTML)
        assert refused.status_code == 403


def test_errors_are_summarised_and_linked(app: FastAPI, client: TestClient) -> None:
    build_world(client)
    with browser(app, "holder@example.org") as holder:
        form = holder.get("/shares/new?lang=en", headers=HTML)
        answer = holder.post(
            "/shares/new",
            headers=HTML,
            data={
                "csrf_token": csrf(form.text),
                "audience": "anyone_with_link",
                "purpose": "counselling",
                "until": "2020-01-01",
            },
        )
        assert answer.status_code == 422
        assert 'href="#field-items"' in answer.text
        assert 'id="field-items"' in answer.text


def test_an_open_link_needs_the_warning_ticked(app: FastAPI, client: TestClient) -> None:
    world = build_world(client)
    with browser(app, "holder@example.org") as holder:
        form = holder.get("/shares/new", headers=HTML)
        data = {
            "csrf_token": csrf(form.text),
            "item": f"skill:{world.forklift}",
            "audience": "anyone_with_link",
            "purpose": "counselling",
            "until": (datetime.now(UTC) + timedelta(days=3)).date().isoformat(),
        }
        refused = holder.post("/shares/new", headers=HTML, data=data)
        assert refused.status_code == 422
        assert 'href="#field-open_link_acknowledged"' in refused.text
        made = holder.post(
            "/shares/new", headers=HTML, data={**data, "open_link_acknowledged": "yes"}
        )
        assert made.status_code == 200
        link = re.search(r'<code id="share-link">http://[^/]+(/shares/[^<]+)</code>', made.text)
        assert link
        path = link.group(1).replace("&amp;", "&")
    with TestClient(app) as anyone:
        seen = anyone.get(path, headers=HTML)
        assert seen.status_code == 200, seen.text
        assert "Sam Holder" in seen.text
