"""Assurance levels (SkillsAPK) of a skill claim, derived from its assessments.

The levels:

1. **Declaration**: the holder says so (self-report), every other assessment has expired, or
   the holder typed in someone else's check that the assessor has not confirmed (source
   ``holder``); it counts once the assessor confirms it through an endorsement link or a
   credential. A credential bound to a holder key (``cnf``) that the holder did not show is
   theirs counts the same way (``holder_bound`` false): it may be someone else's.
2. **Certificate**: someone who saw the holder work confirmed it: a colleague or an employer
   (the roles are set by the framework).
3. **Proof**: an external assessment by an education provider, EVC provider or certification
   body, with a method the framework accepts (test, exam, practical assessment, ...) and, when
   the framework asks for it, against a named standard; or a credential whose signature and
   status were verified.

Only assessments that are valid on the day asked about count (``assessed_on <= today`` and
``valid_until`` empty or not before today). The highest level wins; the reason names the
assessment that gave it.

Which roles and methods count is not fixed in code: a *reference framework* (JSON in
``passport/frameworks/``, e.g. ``general``, ``care``) sets them per sector, with the study
load convention (hours per ECTS).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict

from kunde.errors import InvalidInput
from kunde.passport.model import Assessment, AssessmentSource, AssessorRole, Method, StandardKind

if TYPE_CHECKING:
    from datetime import date

FRAMEWORK_DIR = Path(__file__).parent / "frameworks"
DEFAULT_FRAMEWORK = "general"


def N_(message: str) -> str:  # noqa: N802 - the gettext marker name that extraction knows
    """Mark ``message`` for translation; pages translate it when they show it."""
    return message


LEVEL_NAMES = {1: N_("Declaration"), 2: N_("Certificate"), 3: N_("Proof")}

REASONS = {
    "self_declared": N_("You added this skill yourself. Nobody else has checked it yet."),
    "self_assessed": N_("You described this skill yourself on %(date)s."),
    "expired": N_("A check of this skill ended on %(date)s. It counts as your own statement now."),
    "certificate": N_("%(assessor)s (%(role)s) confirmed this skill on %(date)s: %(method)s."),
    "no_standard": N_(
        "%(assessor)s (%(role)s) checked this skill on %(date)s, but without a standard. "
        "The rules for %(framework)s ask for one, so it counts as a certificate."
    ),
    "proof": N_("%(assessor)s (%(role)s) assessed this skill on %(date)s: %(method)s."),
    "unconfirmed": N_(
        "You entered a check by %(assessor)s on %(date)s. It counts when they confirm it."
    ),
    "credential": N_("A checked credential from %(assessor)s proves this skill (%(date)s)."),
    "credential_unbound": N_(
        "A credential from %(assessor)s (%(date)s) names this skill, but it is bound to a key "
        "you did not show is yours. It counts as your own statement."
    ),
}


class _LevelRule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    roles: frozenset[AssessorRole]
    methods: frozenset[Method] = frozenset(Method)
    requires_standard: bool = False


class Framework(BaseModel):
    """A sector's reference framework: which assessments count for which level."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str
    name: dict[str, str]
    hours_per_ects: float = 28
    proof: _LevelRule
    certificate: _LevelRule


@cache
def frameworks() -> dict[str, Framework]:
    """The bundled reference frameworks by id."""
    found = {}
    for path in sorted(FRAMEWORK_DIR.glob("*.json")):
        framework = Framework.model_validate(json.loads(path.read_text(encoding="utf-8")))
        found[framework.id] = framework
    return found


def framework(framework_id: str | None) -> Framework:
    """The framework with this id (default: ``general``); :class:`InvalidInput` if unknown."""
    known = frameworks()
    chosen = framework_id or DEFAULT_FRAMEWORK
    if chosen not in known:
        raise InvalidInput(
            f"Unknown reference framework {chosen!r}; use one of: {', '.join(sorted(known))}.",
            details={"field": "framework"},
        )
    return known[chosen]


@dataclass(frozen=True)
class Assurance:
    """A claim's level with the reason in words: ``reason`` is the English template,
    ``params`` fill it, ``assessment_id`` names the assessment it rests on (if any)."""

    level: int
    reason_code: str
    params: dict[str, str] = field(default_factory=dict)
    assessment_id: str | None = None

    @property
    def name(self) -> str:
        return LEVEL_NAMES[self.level]

    @property
    def reason(self) -> str:
        return REASONS[self.reason_code] % self.params if self.params else REASONS[self.reason_code]

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "name": self.name,
            "reason": self.reason,
            "reason_code": self.reason_code,
            "params": self.params,
            "assessment_id": self.assessment_id,
        }


def _valid(assessment: Assessment, today: date) -> bool:
    return assessment.assessed_on <= today and (
        assessment.valid_until is None or assessment.valid_until >= today
    )


def _params(assessment: Assessment, rules: Framework) -> dict[str, str]:
    who = assessment.assessor_name or assessment.assessor_organisation or "?"
    if assessment.assessor_name and assessment.assessor_organisation:
        who = f"{assessment.assessor_name}, {assessment.assessor_organisation}"
    return {
        "assessor": who,
        "role": assessment.assessor_role.value,
        "method": assessment.method.value,
        "date": assessment.assessed_on.isoformat(),
        "framework": rules.name.get("en", rules.id),
    }


def assurance(  # noqa: C901, PLR0911 - the rules read best as one ladder of returns
    assessments: list[tuple[str, Assessment]], *, today: date, rules: Framework
) -> Assurance:
    """The level of a claim given its ``(id, assessment)`` pairs, following the rules above."""
    # What the holder typed in about someone else's check is not that check: it counts as
    # the holder's own statement until the assessor confirms it (endorsement, credential).
    unconfirmed = [
        (i, a)
        for i, a in assessments
        if (a.source is AssessmentSource.HOLDER and a.assessor_role is not AssessorRole.SELF)
        or a.holder_bound is False  # a credential that may be someone else's
    ]
    counted = [pair for pair in assessments if pair not in unconfirmed]
    valid = [(i, a) for i, a in counted if _valid(a, today)]
    # Newest first, so the reason names the most recent assessment of the winning level.
    valid.sort(key=lambda pair: pair[1].assessed_on, reverse=True)
    for item_id, a in valid:
        if a.method is Method.CREDENTIAL and a.credential_verified:
            return Assurance(3, "credential", _params(a, rules), item_id)
    weak_external: tuple[str, Assessment] | None = None
    for item_id, a in valid:
        if a.assessor_role in rules.proof.roles and a.method in rules.proof.methods:
            if rules.proof.requires_standard and a.standard_kind is StandardKind.NONE:
                weak_external = weak_external or (item_id, a)
                continue
            return Assurance(3, "proof", _params(a, rules), item_id)
    if weak_external and weak_external[1].assessor_role in rules.certificate.roles:
        return Assurance(2, "no_standard", _params(weak_external[1], rules), weak_external[0])
    for item_id, a in valid:
        if a.assessor_role in rules.certificate.roles and a.method in rules.certificate.methods:
            return Assurance(2, "certificate", _params(a, rules), item_id)
    expired = [a for _i, a in counted if a.valid_until is not None and a.valid_until < today]
    if expired and not any(a.assessor_role is AssessorRole.SELF for _i, a in valid):
        last = max(a.valid_until for a in expired if a.valid_until is not None)
        return Assurance(1, "expired", {"date": last.isoformat()})
    own = [(i, a) for i, a in valid if a.assessor_role is AssessorRole.SELF]
    if own:
        return Assurance(1, "self_assessed", {"date": own[0][1].assessed_on.isoformat()}, own[0][0])
    if unconfirmed:
        item_id, a = max(unconfirmed, key=lambda pair: pair[1].assessed_on)
        reason = "credential_unbound" if a.holder_bound is False else "unconfirmed"
        return Assurance(1, reason, _params(a, rules), item_id)
    return Assurance(1, "self_declared")
