"""What a credential in the wallet proves, read from a verified credential's claims, and how
that becomes a passport assessment.

Both formats Kunde issues are read: SD-JWT VC skills credentials (``skills``,
``assessment``, ``kind``, ``title``; only disclosed skills are seen) and Open Badges 3.0
AchievementCredentials (ESCO alignments, results as levels, the evidence as the
assessment). Other credentials still verify and can be kept; they prove no skills here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from kunde.accounts.model import OrganisationRole
from kunde.passport.model import AssessorRole, Method, Purpose, StandardKind

_ACHIEVEMENT_KINDS = {
    "Certificate": "skills-certificate",
    "Certification": "skills-proof",
    "MicroCredential": "microcredential",
    "Diploma": "diploma",
}
# Which organisation role stands behind which kind of credential.
KIND_ROLES = {
    "skills-certificate": OrganisationRole.EMPLOYER,
    "skills-proof": OrganisationRole.ASSESSOR,
    "microcredential": OrganisationRole.EDUCATION_PROVIDER,
    "diploma": OrganisationRole.EDUCATION_PROVIDER,
}
ASSESSOR_ROLES = {
    OrganisationRole.EMPLOYER: AssessorRole.EMPLOYER,
    OrganisationRole.ASSESSOR: AssessorRole.EVC_PROVIDER,
    OrganisationRole.REGISTER: AssessorRole.CERTIFICATION_BODY,
    OrganisationRole.EDUCATION_PROVIDER: AssessorRole.EDUCATION_PROVIDER,
}


@dataclass(frozen=True)
class ProvenSkill:
    uri: str
    label: str
    level: str | None = None


@dataclass(frozen=True)
class Content:
    """The facts of a skills credential, format aside."""

    kind: str | None
    title: str
    skills: list[ProvenSkill] = field(default_factory=list)
    assessment: dict[str, str] = field(default_factory=dict)
    issued_on: date | None = None
    valid_until: date | None = None


def _day(value: Any) -> date | None:
    if isinstance(value, int | float):
        return datetime.fromtimestamp(value, UTC).date()
    if isinstance(value, str) and value:
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _sd_jwt(claims: dict[str, Any]) -> Content:
    skills = [
        ProvenSkill(str(s["uri"]), str(s.get("label", s["uri"])), s.get("level"))
        for s in claims.get("skills", [])
        if isinstance(s, dict) and isinstance(s.get("uri"), str)
    ]
    assessment = claims.get("assessment")
    return Content(
        kind=claims.get("kind") if isinstance(claims.get("kind"), str) else None,
        title=str(claims.get("title") or claims.get("vct") or "credential")[:200],
        skills=skills,
        assessment={k: str(v) for k, v in assessment.items()}
        if isinstance(assessment, dict)
        else {},
        issued_on=_day(claims.get("iat")),
        valid_until=_day(claims.get("exp")),
    )


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _badge(document: dict[str, Any]) -> Content:
    subject = _first(document.get("credentialSubject")) or {}
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    levels = {}
    for result in subject.get("result", []) if isinstance(subject, dict) else []:
        for alignment in result.get("alignment", []) if isinstance(result, dict) else []:
            if isinstance(alignment, dict) and result.get("value"):
                levels[alignment.get("targetUrl")] = str(result["value"])
    skills = [
        ProvenSkill(str(a["targetUrl"]), str(a.get("targetName", a["targetUrl"])))
        for a in achievement.get("alignment", [])
        if isinstance(a, dict)
        and isinstance(a.get("targetUrl"), str)
        and a.get("targetType") != "ext:EQFLevel"
    ]
    skills = [ProvenSkill(s.uri, s.label, levels.get(s.uri)) for s in skills]
    evidence = _first(document.get("evidence")) or {}
    assessment = {}
    if isinstance(evidence, dict):
        for key, name in (
            ("name", "assessor"),
            ("genre", "method"),
            ("description", "standard"),
            ("audience", "purpose"),
        ):
            if isinstance(evidence.get(key), str):
                assessment[name] = evidence[key]
    end = _day(subject.get("activityEndDate")) if isinstance(subject, dict) else None
    if end:
        assessment["date"] = end.isoformat()
    kind = next(
        (t.removeprefix("kunde:") for t in achievement.get("tag", []) if t.startswith("kunde:")),
        _ACHIEVEMENT_KINDS.get(str(achievement.get("achievementType"))),
    )
    return Content(
        kind=kind,
        title=str(document.get("name") or achievement.get("name") or "credential")[:200],
        skills=skills,
        assessment=assessment,
        issued_on=_day(document.get("validFrom")),
        valid_until=_day(document.get("validUntil")),
    )


def content(claims: dict[str, Any] | None, fmt: str) -> Content:
    """The facts of a verified credential's claims (as the verification report gives them)."""
    claims = claims or {}
    return _sd_jwt(claims) if fmt == "sd-jwt-vc" else _badge(claims)


def assessor_role(kind: str | None, roles: set[OrganisationRole]) -> AssessorRole:
    """The assessor role of the issuer: its role that fits the kind, else its first issuing
    role, else the role the kind implies."""
    wanted = KIND_ROLES.get(kind or "", OrganisationRole.EDUCATION_PROVIDER)
    if wanted in roles or not roles & set(ASSESSOR_ROLES):
        return ASSESSOR_ROLES[wanted]
    return ASSESSOR_ROLES[min(roles & set(ASSESSOR_ROLES))]


def purpose(text: str | None) -> Purpose:
    word = (text or "").lower()
    if any(w in word for w in ("educat", "school", "study", "onderwijs", "opleiding")):
        return Purpose.EDUCATION
    if any(w in word for w in ("career", "employ", "job", "work", "loopbaan", "werk", "baan")):
        return Purpose.CAREER
    return Purpose.DEVELOPMENT


def assessment_fields(
    facts: Content, *, role: AssessorRole, issuer_name: str, wallet_id: str, today: date
) -> dict[str, Any]:
    """The passport Assessment fields (without claim, source, verified) a credential gives.

    An employer's skills certificate counts as seen at work (level 2); every other kind as
    a credential (level 3 once verified).
    """
    given = facts.assessment
    method = Method.OBSERVATION if facts.kind == "skills-certificate" else Method.CREDENTIAL
    assessed = _day(given.get("date")) or facts.issued_on or today
    standard = (given.get("standard") or "").strip()[:200]
    kind = StandardKind.NONE
    if standard:
        formal = facts.kind in {"diploma", "microcredential"}
        kind = StandardKind.QUALIFICATION_FILE if formal else StandardKind.SECTOR_PROFILE
    return {
        "assessor_role": role.value,
        "assessor_name": (given.get("assessor") or issuer_name)[:200],
        "assessor_organisation": issuer_name[:200],
        "method": method.value,
        "standard_kind": kind.value,
        "standard_ref": standard,
        "purpose": purpose(given.get("purpose")).value,
        "assessed_on": min(assessed, today).isoformat(),
        "valid_until": facts.valid_until.isoformat()
        if facts.valid_until and facts.valid_until >= min(assessed, today)
        else None,
        "evidence": [
            {"kind": "credential", "credential_ref": f"wallet:{wallet_id}", "title": facts.title}
        ],
        "comment": facts.title,
    }


__all__ = ["Content", "ProvenSkill", "assessment_fields", "assessor_role", "content", "purpose"]
