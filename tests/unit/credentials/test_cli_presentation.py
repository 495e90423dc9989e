# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""``kunde credential issue --holder-key``, ``present`` and ``verify`` for Open Badges:
the holder's did:key as subject, a Verifiable Presentation, and its report."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kunde.cli.main import app as cli
from kunde.credentials import did_key, generate_key, private_key_from_jwk

CLAIMS = {
    "kind": "microcredential",
    "title": "Customer service basics",
    "skills": [
        {
            "uri": "http://data.europa.eu/esco/skill/0da516ee-e70e-4384-be13-f5ff80be8127",
            "label": "assist customers",
            "level": "independent",
        }
    ],
    "assessment": {"assessor": "ROC Example", "method": "exam"},
}
AUD = "https://kunde.example/wallet"


@pytest.fixture
def files(tmp_path: Path) -> dict[str, Path]:
    made = {}
    for name, key in (("issuer", generate_key("EdDSA")), ("holder", generate_key("EdDSA"))):
        made[name] = tmp_path / f"{name}.jwk"
        made[name].write_text(json.dumps(key.private_jwk))
    made["claims"] = tmp_path / "claims.json"
    made["claims"].write_text(json.dumps(CLAIMS))
    return made


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["credential", *args])
    return result.exit_code, result.stdout, result.stderr


def _did(path: Path) -> str:
    return did_key(private_key_from_jwk(json.loads(path.read_text())).public)


@pytest.mark.parametrize("fmt", ["ob3-jcs", "ob3-rdfc"])
def test_issue_present_and_verify_an_open_badge_presentation(files, tmp_path, fmt):
    code, out, err = _run(
        "issue", "--format", fmt, "--issuer-key", str(files["issuer"]),
        "--claims", str(files["claims"]), "--holder-key", str(files["holder"]),
    )  # fmt: skip
    assert code == 0, err
    badge = json.loads(out)
    assert badge["credentialSubject"]["id"] == _did(files["holder"])
    badge_file = tmp_path / "badge.json"
    badge_file.write_text(out)

    code, out, err = _run(
        "present", str(badge_file), "--disclose", "*", "--holder-key", str(files["holder"]),
        "--nonce", "n-1", "--aud", AUD,
    )  # fmt: skip
    assert code == 0, err
    vp = json.loads(out)
    assert vp["type"] == ["VerifiablePresentation"]
    suite = "eddsa-jcs-2022" if fmt == "ob3-jcs" else "eddsa-rdfc-2022"
    assert vp["proof"]["cryptosuite"] == suite  # the credential's own suite by default
    assert vp["proof"]["challenge"] == "n-1"
    assert vp["proof"]["domain"] == AUD
    vp_file = tmp_path / "vp.json"
    vp_file.write_text(out)

    code, out, _ = _run("verify", str(vp_file), "--nonce", "n-1", "--aud", AUD)
    assert code == 0, out
    assert out.startswith(f"VALID  presentation of a {fmt} credential from did:key:")
    assert "[ok  ] holder_binding:" in out
    assert "[ok  ] signature:" in out
    code, out, _ = _run("verify", str(vp_file), "--nonce", "n-2", "--aud", AUD, "--json")
    assert code == 1
    report = json.loads(out)
    binding = next(c for c in report["checks"] if c["name"] == "holder_binding")
    assert binding == {
        "name": "holder_binding",
        "ok": False,
        "detail": "wrong challenge (not the nonce asked for)",
    }


def test_present_refuses_what_a_badge_presentation_cannot_do(files, tmp_path):
    code, out, _ = _run(
        "issue", "--format", "ob3-jcs", "--issuer-key", str(files["issuer"]),
        "--claims", str(files["claims"]),
    )  # fmt: skip
    assert code == 0
    assert "id" not in json.loads(out)["credentialSubject"]  # no holder key: no subject id
    badge_file = tmp_path / "badge.json"
    badge_file.write_text(out)
    es256 = tmp_path / "es256.jwk"
    es256.write_text(json.dumps(generate_key("ES256").private_jwk))
    holder = str(files["holder"])
    for args, words in [
        (["--holder-key", holder, "--nonce", "n"], "needs --nonce and --aud"),
        (["--holder-key", holder, "--nonce", "n", "--aud", AUD, "--disclose", "skills"], "whole"),
        (["--holder-key", str(es256), "--nonce", "n", "--aud", AUD], "Ed25519"),
        (["--holder-key", holder, "--nonce", "n", "--aud", AUD, "--cryptosuite", "x"], "one of"),
        ([], "needs --holder-key"),
    ]:
        code, _, err = _run("present", str(badge_file), *args)
        assert code == 2, args
        assert words in err, err

    other = {**CLAIMS, "subject_id": "did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"}
    files["claims"].write_text(json.dumps(other))
    code, _, err = _run(
        "issue", "--format", "ob3-jcs", "--issuer-key", str(files["issuer"]),
        "--claims", str(files["claims"]), "--holder-key", holder,
    )  # fmt: skip
    assert code == 2
    assert "another subject_id" in err
