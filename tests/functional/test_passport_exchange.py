"""Export, import into another account, schema, erasure with a receipt."""

from __future__ import annotations

import copy
from typing import Any

from fastapi.testclient import TestClient
from passport_helpers import CUSTOMERS, FORKLIFT, sign_up
from test_passport_api import API, build


def normalised(document: dict[str, Any]) -> dict[str, Any]:
    """Replace ids by their order of appearance and drop exported_at (documented)."""
    doc = copy.deepcopy(document)
    doc.pop("exported_at")
    order: dict[str, str] = {}

    def walk(value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: (
                    label(v)
                    if k in ("id", "item_id", "claim_id", "file_id")
                    else [label(i) for i in v]
                    if k in ("achievement_ids", "experience_ids")
                    else walk(v)
                )
                for k, v in value.items()
            }
        if isinstance(value, list):
            return [walk(v) for v in value]
        return value

    def label(value: str) -> str:
        return order.setdefault(value, f"#{len(order)}")

    return walk(doc)


def test_export_import_export_loses_nothing(client: TestClient, holder, other) -> None:
    ids = build(client, holder)
    pdf = client.post(
        f"{API}/files",
        headers=holder,
        files={"file": ("a.pdf", b"%PDF-1.7 test", "application/pdf")},
    ).json()
    client.post(
        f"{API}/skills",
        headers=holder,
        json={
            "concept_uri": CUSTOMERS,
            "evidence": [
                {"kind": "file", "file_id": pdf["id"]},
                {"kind": "link", "url": "https://example.org/x"},
            ],
        },
    )
    client.post(
        f"{API}/skills/{ids['skill']}/assessments",
        headers=holder,
        json={"assessor_role": "self", "method": "self_report", "assessed_on": "2024-02-01"},
    )
    client.patch(
        f"{API}/achievements/{ids['diploma']}", headers=holder, json={"version": 1, "ects": 61}
    )
    client.put(f"{API}/personal", headers=holder, json={"motivation": "Verder leren."})
    first = client.get(f"{API}/export", headers=holder).json()
    assert first["format"] == "kunde-passport"
    imported = client.post(f"{API}/import", headers=other, json=first)
    assert imported.status_code == 201, imported.text
    second = client.get(f"{API}/export", headers=other).json()
    assert normalised(second) == normalised(first)
    assert {r["id"] for r in second["records"]}.isdisjoint({r["id"] for r in first["records"]})
    # The passport is the same, levels and all.
    mine, theirs = client.get(API, headers=holder).json(), client.get(API, headers=other).json()

    def levels(passport: dict[str, Any]) -> list[tuple[int, str]]:
        return [(s["assurance"]["level"], s["assurance"]["reason"]) for s in passport["skills"]]

    assert levels(mine) == levels(theirs)


def test_import_refuses_another_format_version_and_writes_nothing(
    client: TestClient, holder
) -> None:
    answer = client.post(
        f"{API}/import",
        headers=holder,
        json={"format": "kunde-passport", "format_version": 2, "records": []},
    )
    assert answer.status_code == 422
    assert "version 2" in answer.json()["detail"]
    assert client.get(API, headers=holder).json()["version"] == 0


def test_import_with_a_bad_record_writes_nothing(client: TestClient, holder, other) -> None:
    build(client, holder)
    document = client.get(f"{API}/export", headers=holder).json()
    document["records"][-1]["body"]["concept_uri"] = "http://example.org/unknown"
    answer = client.post(f"{API}/import", headers=other, json=document)
    assert answer.status_code == 422
    assert client.get(f"{API}/history", headers=other).json() == []


def test_import_into_a_passport_that_is_not_empty_is_a_conflict(client: TestClient, holder) -> None:
    build(client, holder)
    document = client.get(f"{API}/export", headers=holder).json()
    assert client.post(f"{API}/import", headers=holder, json=document).status_code == 409


def test_schema_is_published(client: TestClient) -> None:
    schema = client.get("/api/v1/schemas/passport-v1.json")
    assert schema.status_code == 200
    body = schema.json()
    assert body["$id"].endswith("/api/v1/schemas/passport-v1.json")
    assert "records" in body["properties"]


def test_erasure_returns_a_receipt_and_leaves_nothing(client: TestClient, holder) -> None:
    build(client, holder)
    receipt = client.delete(API, headers=holder)
    assert receipt.status_code == 200, receipt.text
    body = receipt.json()
    assert body["key_destroyed"] is True
    assert body["records_erased"] == 3
    assert body["versions_erased"] == 3
    assert client.get(API, headers=holder).json()["skills"] == []
    assert client.get(f"{API}/history", headers=holder).json() == []
    assert client.delete(API, headers=holder).status_code == 404
    # A new passport can be started afterwards.
    assert (
        client.post(f"{API}/skills", headers=holder, json={"concept_uri": FORKLIFT}).status_code
        == 201
    )


def test_sign_up_helper_is_usable_for_a_third_person(client: TestClient) -> None:
    third = sign_up(client, "third@example.org", "Chris")
    assert client.get("/api/v1/accounts/me", headers=third).json()["display_name"] == "Chris"
