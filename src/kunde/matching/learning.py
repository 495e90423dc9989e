"""Learning routes (R11): the offers that close a gap, and validation where skill lacks proof.

A route covers the skills a match lacks (gaps *missing* and *partial*) with the fewest
offers, by greedy set cover: take the offer that covers most still-open skills; on a tie the
one with fewer hours, then the one that gives a credential, then by reference. Greedy is
within a factor ln(n) of the smallest cover and exact on the small gaps seen in practice.
Skills no offer teaches are listed as ``uncovered``.

Skills the holder has but below the level asked (*unproven*) need no course: the route
suggests a validation instead (an EVC procedure or a skills proof from the catalogue, the
shortest first) -- recognition of what someone already masters.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from kunde.errors import ImportFileError
from kunde.matching.model import GapKind, SkillResult


class OfferKind(StrEnum):
    COURSE = "course"  # training, module, microcredential
    EVC = "evc"  # recognition of prior learning, ends in an experience certificate
    SKILLS_PROOF = "skills_proof"  # an external test or practical assessment


class LearningOffer(BaseModel):
    """One offer of the catalogue; ``skills`` are the concept URIs it teaches or proves."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    ref: str = Field(min_length=1, max_length=200)
    kind: OfferKind = OfferKind.COURSE
    provider: str = Field(min_length=1, max_length=200)
    title: str = Field(min_length=1, max_length=300)
    language: str = Field(default="nl", pattern="^(nl|en)$")
    skills: tuple[str, ...] = Field(min_length=1, max_length=200)
    level: int | None = Field(default=None, ge=1, le=8)
    hours: float = Field(ge=0, le=10_000)
    credential: bool = False
    url: str = ""


@dataclass(frozen=True)
class Step:
    offer: LearningOffer
    covers: tuple[str, ...]


@dataclass(frozen=True)
class Validation:
    skill: str
    offer: LearningOffer | None  # None: no validation offer in the catalogue for this skill


@dataclass(frozen=True)
class Route:
    steps: tuple[Step, ...] = ()
    validations: tuple[Validation, ...] = ()
    uncovered: tuple[str, ...] = ()
    hours: float = 0.0
    skills: tuple[str, ...] = field(default=())  # every skill the route was asked to close


def cover(needed: Sequence[str], offers: Iterable[LearningOffer]) -> tuple[list[Step], list[str]]:
    """Greedy set cover of ``needed`` by course offers; returns the steps and what is left."""
    open_ = set(needed)
    courses = [o for o in offers if o.kind is OfferKind.COURSE and open_ & set(o.skills)]
    steps: list[Step] = []
    while open_:
        best = min(
            courses,
            key=lambda o: (-len(open_ & set(o.skills)), o.hours, not o.credential, o.ref),
            default=None,
        )
        if best is None or not open_ & set(best.skills):
            break
        covered = tuple(s for s in needed if s in open_ and s in best.skills)
        steps.append(Step(best, covered))
        open_ -= set(covered)
        courses.remove(best)
    return steps, [s for s in needed if s in open_]


def route(gaps: Iterable[SkillResult], offers: Sequence[LearningOffer]) -> Route:
    """The route for the gaps of a match (essential gaps before optional ones)."""
    ordered = sorted(gaps, key=lambda g: g.requirement.importance.value)
    learn = [g.requirement.uri for g in ordered if g.gap in (GapKind.MISSING, GapKind.PARTIAL)]
    prove = [g.requirement.uri for g in ordered if g.gap is GapKind.UNPROVEN]
    steps, uncovered = cover(learn, offers)
    validations = []
    for skill in prove:
        options = [o for o in offers if o.kind is not OfferKind.COURSE and skill in o.skills]
        validations.append(
            Validation(skill, min(options, key=lambda o: (o.hours, o.ref), default=None))
        )
    hours = sum(s.offer.hours for s in steps) + sum(
        v.offer.hours for v in validations if v.offer is not None
    )
    return Route(tuple(steps), tuple(validations), tuple(uncovered), hours, (*learn, *prove))


def parse_offers(content: str, name: str) -> list[LearningOffer]:
    """Offers from a JSON list or a CSV file (``skills`` separated by spaces or ``|``)."""
    rows: list[dict[str, Any]]
    if name.endswith(".json"):
        try:
            loaded = json.loads(content)
        except json.JSONDecodeError as exc:
            raise ImportFileError(exc.msg, path=name, line=exc.lineno) from exc
        if not isinstance(loaded, list):
            raise ImportFileError("Expected a list of offers.", path=name)
        rows = loaded
        first_line = 1
    elif name.endswith(".csv"):
        rows = []
        for row in csv.DictReader(io.StringIO(content)):
            clean = {k: v for k, v in row.items() if v not in (None, "")}
            clean["skills"] = str(clean.get("skills", "")).replace("|", " ").split()
            if "credential" in clean:
                clean["credential"] = str(clean["credential"]).lower() in ("1", "true", "yes", "ja")
            rows.append(clean)
        first_line = 2
    else:
        raise ImportFileError("Use a .json or .csv file.", path=name)
    offers = []
    for n, row in enumerate(rows):
        try:
            offers.append(LearningOffer.model_validate(row))
        except ValidationError as exc:
            problem = exc.errors()[0]
            where = ".".join(str(p) for p in problem["loc"])
            raise ImportFileError(
                f"{where}: {problem['msg']}", path=name, line=n + first_line
            ) from exc
    return offers


__all__ = [
    "LearningOffer",
    "OfferKind",
    "Route",
    "Step",
    "Validation",
    "cover",
    "parse_offers",
    "route",
]
