"""OpenID4VP wire formats, checked against the spec's examples
(/work/shared/interop/openid4vp-1.0 when present) and by round trips."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from kunde.credentials import KUNDE_SKILLS_VCT
from kunde.errors import InvalidInput
from kunde.sharing import oid4vp

EXAMPLES = Path("/work/shared/interop/openid4vp-1.0/examples")
NOW = datetime(2026, 5, 3, 9, 0, tzinfo=UTC)


def test_the_dcql_query_has_the_shape_of_the_spec_example() -> None:
    query = oid4vp.dcql_query(["skills", "given_name"], KUNDE_SKILLS_VCT)
    example_file = EXAMPLES / "query_lang" / "simple.json"
    if example_file.exists():
        example = json.loads(example_file.read_text())["credentials"][0]
        assert set(query["credentials"][0]) == set(example)
        assert example["format"] == query["credentials"][0]["format"] == "dc+sd-jwt"
    assert query["credentials"][0]["meta"] == {"vct_values": [KUNDE_SKILLS_VCT]}
    assert oid4vp.requested_paths(query) == [("skills",), ("given_name",)]


@pytest.mark.parametrize("claims", [[], ["password"]])
def test_only_known_claims_can_be_asked(claims: list[str]) -> None:
    with pytest.raises(InvalidInput):
        oid4vp.dcql_query(claims, KUNDE_SKILLS_VCT)


def test_request_object_round_trip_and_link() -> None:
    response_uri = "https://kunde.example/api/v1/oid4vp/responses/1"
    claims = oid4vp.request_object(
        response_uri=response_uri, nonce="n-0S6_WzA2Mj", state="s", client_name="Acme",
        query=oid4vp.dcql_query(["skills"], KUNDE_SKILLS_VCT), purpose={"kind": "vacancy",
        "detail": "Driver"}, now=NOW, expires_at=NOW + timedelta(minutes=30),
    )  # fmt: skip
    assert claims["client_id"] == "redirect_uri:" + response_uri
    assert claims["response_mode"] == "direct_post"
    jwt = oid4vp.unsigned_jwt(claims)
    assert jwt.endswith(".")
    assert oid4vp.read_request_object(jwt) == claims
    link = oid4vp.link(claims["client_id"], "https://kunde.example/r/1")
    assert link.startswith("openid4vp://?client_id=redirect_uri%3Ahttps")
    assert oid4vp.parse_link(link) == oid4vp.RequestLink(
        claims["client_id"], "https://kunde.example/r/1"
    )


def test_vp_token_shape() -> None:
    token = json.dumps(oid4vp.vp_token("jwt~d~kb"))
    assert oid4vp.read_vp_token(token) == "jwt~d~kb"
    for bad in ("", "[]", '{"skills": "x"}', '{"skills": ["a", "b"]}', '{"x": ["a"]}'):
        with pytest.raises(InvalidInput):
            oid4vp.read_vp_token(bad)


def test_disclosures_beyond_the_query_are_named() -> None:
    requested = [("skills",), ("title",)]
    disclosed = [("skills", "0"), ("skills", "1"), ("given_name",)]
    assert oid4vp.beyond_request(disclosed, requested) == ["given_name"]
    assert oid4vp.beyond_request([("skills",)], [("skills", "0")]) == []
