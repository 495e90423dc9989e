# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""``kunde credential``: keys, issuing, presenting and verifying credentials offline.

Exit codes of ``verify``: 0 valid, 1 invalid, 2 unusable input. Every command prints a
plain message instead of a traceback when its input cannot be used.
"""

from __future__ import annotations

import json
import sys
import uuid
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, TypeVar

import typer

from kunde.config import Settings
from kunde.credentials import (
    KUNDE_SKILLS_VCT,
    Cryptosuite,
    KeyPair,
    LocalStatusLists,
    SkillsCredential,
    TrustList,
    VerificationReport,
    build_achievement_credential,
    detect_format,
    did_key,
    generate_key,
    issue_data_integrity,
    issue_sd_jwt_vc,
    present,
    private_key_from_jwk,
    public_key_from_jwk,
    skills_claims,
    verify_credential,
)
from kunde.credentials._encoding import b64url_decode
from kunde.credentials.data_integrity import CRYPTOSUITES
from kunde.credentials.did import DidResolver
from kunde.credentials.presentation import present_data_integrity
from kunde.credentials.report import PRESENTATION
from kunde.credentials.sdjwt import parse_sd_jwt
from kunde.errors import KundeError
from kunde.fetching import Fetcher, FetchPolicy
from kunde.fetching.sources import FetchingStatusLists, Sources

if TYPE_CHECKING:
    from collections.abc import Callable

app = typer.Typer(
    help="Issue, present, inspect and verify skills credentials.", no_args_is_help=True
)

P = ParamSpec("P")
R = TypeVar("R")


class KeyAlg(StrEnum):
    ES256 = "ES256"
    EDDSA = "EdDSA"


class IssueFormat(StrEnum):
    SD_JWT_VC = "sd-jwt-vc"
    OB3_RDFC = "ob3-rdfc"
    OB3_JCS = "ob3-jcs"


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(f"Error: {message}", err=True)
    return typer.Exit(code)


def plain_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn expected failures into one line on stderr and exit code 2."""

    @wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except KundeError as exc:
            raise _fail(str(exc)) from None
        except OSError as exc:
            raise _fail(f"cannot read {exc.filename or 'input'}: {exc.strerror}") from None
        except (ValueError, UnicodeDecodeError) as exc:
            raise _fail(f"the input is not valid: {exc}") from None

    return wrapper


def _read(path: Path) -> str:
    return sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")


def _json_file(path: Path, what: str) -> Any:
    try:
        return json.loads(_read(path))
    except ValueError:
        raise _fail(f"{path} is not a JSON {what}") from None


def _private_key(path: Path) -> KeyPair:
    return private_key_from_jwk(_json_file(path, "private JWK"))


def _now(value: str | None) -> datetime:
    if value is None:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _print_report(report: VerificationReport, *, as_json: bool) -> None:
    if as_json:
        typer.echo(report.to_json())
        return
    verdict = "VALID" if report.valid else "NOT VALID"
    what = f"{report.format} credential"
    if report.check(PRESENTATION) is not None:
        what = f"presentation of a {what}"
    typer.echo(f"{verdict}  {what} from {report.issuer or 'unknown issuer'}")
    marks = {True: "ok  ", False: "FAIL", None: "--  "}
    for check in report.checks:
        typer.echo(f"  [{marks[check.ok]}] {check.name}: {check.detail}")


def _fetcher(hosts: list[str], *, fetch: bool) -> Fetcher | None:
    """The guarded fetcher the flags ask for; None when verifying offline."""
    if not fetch and not hosts:
        return None
    policy = FetchPolicy.from_settings(Settings(), tuple(hosts))
    if not policy.enabled:
        raise _fail("--fetch needs hosts: give --allow-host HOST or set KUNDE_FETCH_ALLOWED_HOSTS")
    return Fetcher(policy)


@app.command()
@plain_errors
def verify(
    file: Annotated[
        Path,
        typer.Argument(
            help="Credential file (SD-JWT VC, Data Integrity JSON or a presentation of one), "
            "- for stdin"
        ),
    ],
    *,
    status_list: Annotated[
        list[Path] | None,
        typer.Option("--status-list", help="Local copy of a status list token or credential"),
    ] = None,
    nonce: Annotated[
        str | None,
        typer.Option(help="Expected key-binding nonce (a presentation proof's challenge)"),
    ] = None,
    aud: Annotated[
        str | None,
        typer.Option(help="Expected key-binding audience (a presentation proof's domain)"),
    ] = None,
    trust_list: Annotated[Path | None, typer.Option(help="Trust list JSON file")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
    now: Annotated[str | None, typer.Option(help="Check as of this ISO 8601 time")] = None,
    fetch: Annotated[
        bool,
        typer.Option(
            "--fetch",
            help="Fetch did:web documents and status lists from the hosts in "
            "KUNDE_FETCH_ALLOWED_HOSTS and --allow-host",
        ),
    ] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allow-host", help="Also fetch from this host (example.org, *.example.org, host:port)"
        ),
    ] = None,
) -> None:
    """Verify a credential (offline unless --fetch); exit 0 valid, 1 not valid, 2 unusable."""
    local = LocalStatusLists.from_texts(_read(p) for p in status_list or [])
    sources = Sources(_fetcher(allow_host or [], fetch=fetch))
    lists = FetchingStatusLists(local.tokens, local.credentials, sources=sources)
    trusted = TrustList.from_file(trust_list) if trust_list else None
    report = verify_credential(
        _read(file).strip(),
        now=_now(now),
        dids=DidResolver(fetch=sources.did_document),
        trust_list=trusted,
        status_lists=lists,
        nonce=nonce,
        audience=aud,
    )
    _print_report(sources.annotate(report), as_json=as_json)
    raise typer.Exit(0 if report.valid else 1)


@app.command()
@plain_errors
def keygen(
    alg: Annotated[KeyAlg, typer.Option(help="ES256 (P-256) or EdDSA (Ed25519)")] = KeyAlg.ES256,
    kid: Annotated[str | None, typer.Option(help="Key id to put in the JWK")] = None,
) -> None:
    """Print a new private JWK (keep it secret) and, on stderr, its did:key."""
    key = generate_key(alg.value, kid=kid)
    typer.echo(json.dumps(key.private_jwk, indent=2))
    typer.echo(f"did: {did_key(key.public)}", err=True)


@app.command()
@plain_errors
def issue(
    claims: Annotated[Path, typer.Option(help="Claims file (see docs/credentials.md)")],
    issuer_key: Annotated[Path, typer.Option(help="Issuer's private JWK file")],
    fmt: Annotated[IssueFormat, typer.Option("--format")] = IssueFormat.SD_JWT_VC,
    holder_key: Annotated[
        Path | None,
        typer.Option(
            help="Holder's JWK file: its public part binds the credential (SD-JWT VC cnf; "
            "Open Badges: its did:key becomes credentialSubject.id)"
        ),
    ] = None,
    valid_days: Annotated[int, typer.Option(help="Days until the credential expires")] = 365,
) -> None:
    """Issue a credential under the issuer key's did:key and print it."""
    data = _json_file(claims, "claims file")
    holder = public_key_from_jwk(_json_file(holder_key, "JWK")) if holder_key else None
    if holder is not None and fmt is not IssueFormat.SD_JWT_VC:
        if data.get("subject_id") not in {None, did_key(holder)}:
            raise _fail("the claims name another subject_id than the holder key's did:key")
        data = {**data, "subject_id": did_key(holder)}
    content = SkillsCredential.from_dict(data)
    key = _private_key(issuer_key)
    issuer = did_key(key.public)
    now = datetime.now(UTC).replace(microsecond=0)
    until = now + timedelta(days=valid_days)
    if fmt is IssueFormat.SD_JWT_VC:
        token = issue_sd_jwt_vc(
            skills_claims(content),
            issuer=issuer,
            key=key,
            vct=str(data.get("vct", KUNDE_SKILLS_VCT)),
            now=now,
            expires=until,
            holder=holder,
        )
        typer.echo(token)
        return
    if key.alg != "EdDSA":
        raise _fail("Open Badges credentials are signed with EdDSA: use an Ed25519 key")
    document = build_achievement_credential(
        content,
        credential_id=str(data.get("id", f"urn:uuid:{uuid.uuid4()}")),
        issuer=issuer,
        issuer_name=str(data.get("issuer_name", content.assessment.assessor)),
        valid_from=now,
        valid_until=until,
    )
    suite: Cryptosuite = "eddsa-rdfc-2022" if fmt is IssueFormat.OB3_RDFC else "eddsa-jcs-2022"
    signed = issue_data_integrity(document, key=key, cryptosuite=suite, now=now)
    typer.echo(json.dumps(signed, indent=2, ensure_ascii=False))


@app.command("present")
@plain_errors
def present_command(
    file: Annotated[Path, typer.Argument(help="SD-JWT VC or Data Integrity credential as issued")],
    disclose: Annotated[
        list[str] | None,
        typer.Option(help="Claim path to show, e.g. given_name or skills.0; * for all"),
    ] = None,
    holder_key: Annotated[Path | None, typer.Option(help="Holder's private JWK")] = None,
    nonce: Annotated[
        str | None, typer.Option(help="Verifier's nonce (a presentation proof's challenge)")
    ] = None,
    aud: Annotated[
        str | None, typer.Option(help="Verifier's identifier (a presentation proof's domain)")
    ] = None,
    cryptosuite: Annotated[
        str | None,
        typer.Option(
            help="Data Integrity: eddsa-jcs-2022 or eddsa-rdfc-2022 (default: the credential's own)"
        ),
    ] = None,
) -> None:
    """Make a presentation: an SD-JWT VC with chosen disclosures (and a key-binding JWT), or
    a Verifiable Presentation of a Data Integrity credential signed by the holder's key."""
    text = _read(file).strip()
    key = _private_key(holder_key) if holder_key else None
    if key is not None and (nonce is None or aud is None):
        raise _fail("a key-binding JWT or presentation proof needs --nonce and --aud")
    if detect_format(text) != "sd-jwt-vc":
        typer.echo(_present_data_integrity(text, key, nonce, aud, cryptosuite, disclose or []))
        return
    typer.echo(
        present(
            text,
            disclose=disclose or [],
            holder_key=key,
            nonce=nonce,
            audience=aud,
            now=datetime.now(UTC),
        )
    )


def _present_data_integrity(
    text: str,
    key: KeyPair | None,
    nonce: str | None,
    aud: str | None,
    cryptosuite: str | None,
    disclose: list[str],
) -> str:
    """A Verifiable Presentation of the Data Integrity credential ``text`` (JSON)."""
    credential = json.loads(text)
    if not isinstance(credential, dict) or detect_format(credential) != "vc-di":
        raise _fail("present takes a credential as issued, not a presentation")
    if set(disclose) - {"*"}:
        raise _fail("a Data Integrity credential is shown whole: leave out --disclose")
    if key is None or nonce is None or aud is None:
        raise _fail("a presentation needs --holder-key, --nonce and --aud")
    if key.alg != "EdDSA":
        raise _fail("a Data Integrity presentation is signed with EdDSA: use an Ed25519 key")
    proof = credential.get("proof")
    own = proof.get("cryptosuite") if isinstance(proof, dict) else None
    suite = cryptosuite or (own if own in CRYPTOSUITES else "eddsa-jcs-2022")
    if suite not in CRYPTOSUITES:
        raise _fail(f"--cryptosuite must be one of {', '.join(CRYPTOSUITES)}")
    chosen: Cryptosuite = "eddsa-rdfc-2022" if suite == "eddsa-rdfc-2022" else "eddsa-jcs-2022"
    presentation = present_data_integrity(
        credential,
        holder_key=key,
        challenge=nonce,
        domain=aud,
        now=datetime.now(UTC).replace(microsecond=0),
        cryptosuite=chosen,
    )
    return json.dumps(presentation, indent=2, ensure_ascii=False)


@app.command()
@plain_errors
def inspect(file: Annotated[Path, typer.Argument(help="Credential file")]) -> None:
    """Show what a credential contains, without verifying it."""
    text = _read(file).strip()
    if detect_format(text) != "sd-jwt-vc":
        typer.echo(json.dumps(json.loads(text), indent=2, ensure_ascii=False))
        return
    parsed = parse_sd_jwt(text)
    header, payload = (json.loads(b64url_decode(p)) for p in parsed.jwt.split(".")[:2])
    shown = {
        "header": header,
        "payload": payload,
        "disclosures": [
            {"digest": d.digest, "name": d.name, "value": d.value} for d in parsed.disclosures
        ],
        "key_binding_jwt": parsed.kb_jwt is not None,
    }
    typer.echo(json.dumps(shown, indent=2, ensure_ascii=False))
