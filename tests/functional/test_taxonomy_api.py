"""The taxonomy API through HTTP, on the bundled data, with the embedding model loaded."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
SHOP_ASSISTANT = "http://data.europa.eu/esco/occupation/3e1c7e1b-b0e6-4f0a-8a0c-4b0a2f5a1d3b"


def search(client: TestClient, q: str, **params: str) -> list[dict[str, object]]:
    response = client.get("/api/v1/taxonomy/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    result: list[dict[str, object]] = response.json()
    return result


def test_dutch_occupation_name_finds_forklift_operator_first(client: TestClient) -> None:
    [first, *_] = search(client, "heftruckchauffeur", lang="nl")
    assert first["uri"] == FORKLIFT_OPERATOR
    assert first["language"] == "nl"
    assert {"uri", "label", "language", "type", "score"} <= set(first)


@pytest.mark.parametrize(
    "query", ["forklfit operator", "operator forklift", "forklift operators", "Forklift-Operator"]
)
def test_typos_word_order_plurals_and_punctuation(client: TestClient, query: str) -> None:
    uris = [hit["uri"] for hit in search(client, query, lang="en", type="occupation", limit=3)]
    assert FORKLIFT_OPERATOR in uris


def test_diacritics_do_not_matter(client: TestClient) -> None:
    with_accent = search(client, "lascoördinator", lang="nl", limit=1)
    without = search(client, "lascoordinator", lang="nl", limit=1)
    assert with_accent[0]["uri"] == without[0]["uri"]


def test_welding_finds_welding_skills(client: TestClient) -> None:
    hits = search(client, "welding", lang="en", type="skill", limit=5)
    assert hits
    assert all("weld" in str(hit["label"]).lower() or hit["type"] == "skill" for hit in hits)
    assert any("weld" in str(hit["label"]).lower() for hit in hits[:3])


def test_preferred_label_ranks_above_alternative(client: TestClient) -> None:
    hits = search(client, "forklift operator", lang="en", limit=5)
    assert hits[0]["uri"] == FORKLIFT_OPERATOR
    assert hits[0]["matched"] == "forklift operator"


def test_dutch_query_finds_english_only_skill_marked_english(client: TestClient) -> None:
    hits = search(client, "met klanten omgaan", lang="nl", type="skill", limit=5)
    assert hits[0]["label"] == "communicate with customers"
    assert hits[0]["language"] == "en"  # shown in English, and marked so
    assert all("customer" in str(hit["label"]) for hit in hits[:3])


def test_empty_query_is_a_422_problem(client: TestClient) -> None:
    response = client.get("/api/v1/taxonomy/search", params={"q": "  "})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == "Type a word to search for."


def test_missing_query_and_bad_type_are_422(client: TestClient) -> None:
    assert client.get("/api/v1/taxonomy/search").status_code == 422
    response = client.get("/api/v1/taxonomy/search", params={"q": "x", "type": "planet"})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].endswith("type")


def test_unknown_uri_is_a_404_problem(client: TestClient) -> None:
    response = client.get("/api/v1/taxonomy/concepts/http://data.europa.eu/esco/skill/nope")
    assert response.status_code == 404
    body = response.json()
    assert body["status"] == 404
    assert "nope" in body["detail"]


def test_concept_has_labels_hierarchy_and_skills(client: TestClient) -> None:
    body = client.get(
        f"/api/v1/taxonomy/concepts/{FORKLIFT_OPERATOR}", params={"lang": "en"}
    ).json()
    assert body["label"] == "forklift operator"
    assert body["code"].startswith("8344")
    assert any(label["language"] == "nl" for label in body["labels"])
    assert body["broader"]
    assert body["related"]["essential_skill"]


def test_occupation_skills_essential_first(client: TestClient) -> None:
    skills = client.get(
        f"/api/v1/taxonomy/occupations/{FORKLIFT_OPERATOR}/skills", params={"lang": "en"}
    ).json()
    relations = [s["relation"] for s in skills]
    assert relations == sorted(relations, key=lambda r: r != "essential_skill")
    assert "operate forklift" in {s["label"] for s in skills}


def test_skills_of_a_skill_is_a_clear_422(client: TestClient) -> None:
    skill = search(client, "operate forklift", lang="en", type="skill", limit=1)[0]["uri"]
    response = client.get(f"/api/v1/taxonomy/occupations/{skill}/skills")
    assert response.status_code == 422
    assert "not an occupation" in response.json()["detail"]


@pytest.mark.parametrize(
    ("to", "target", "match"),
    [("onet", "53-7051.00", "broad"), ("isco", "8344", "broad")],
)
def test_mappings_from_esco(client: TestClient, to: str, target: str, match: str) -> None:
    mappings = client.get(
        "/api/v1/taxonomy/mappings", params={"uri": FORKLIFT_OPERATOR, "to": to}
    ).json()
    assert (target, match) in {(m["target"], m["match"]) for m in mappings}
    assert all(m["label"] for m in mappings)


def test_mappings_back_to_esco(client: TestClient) -> None:
    onet = "urn:onet:soc:53-7051.00"
    mappings = client.get("/api/v1/taxonomy/mappings", params={"uri": onet, "to": "esco"}).json()
    assert (FORKLIFT_OPERATOR, "narrow") in {(m["target"], m["match"]) for m in mappings}


def test_openapi_document_lists_the_taxonomy_routes(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    for path in (
        "/api/v1/taxonomy/search",
        "/api/v1/taxonomy/concepts/{uri}",
        "/api/v1/taxonomy/occupations/{uri}/skills",
        "/api/v1/taxonomy/mappings",
    ):
        assert path in paths


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("lassen", "weld"),
        ("heftruck besturen", "forklift"),
        ("kassa bedienen", "cash register"),
    ],
)
def test_dutch_words_reach_english_only_skills_through_dutch_labels(
    client: TestClient, query: str, expected: str
) -> None:
    hits = search(client, query, lang="nl", type="skill", limit=3)
    assert expected in str(hits[0]["label"])
    assert hits[0]["language"] == "en"


def test_meaning_breaks_a_tie_between_concepts_sharing_a_label(client: TestClient) -> None:
    # "vakkenvuller" is a Dutch name of both shelf filler and shop assistant.
    hits = search(client, "vakkenvuller", lang="en", type="occupation", limit=2)
    assert [hit["label"] for hit in hits] == ["shelf filler", "shop assistant"]
    assert hits[0]["score"] > hits[1]["score"]
