"""Job profiles from an ESCO occupation, from vacancy text, or by hand; and their JSON shape."""

from __future__ import annotations

from typing import Any

from kunde.errors import InvalidInput
from kunde.matching.extract import SkillExtractor
from kunde.matching.graph import SkillGraph
from kunde.matching.model import Importance, JobProfile, Level, ProfileSource, Requirement

MAX_REQUIREMENTS = 100
OPTIONAL_WEIGHT = 1.0
TEXT_ESSENTIAL_SCORE = 0.8  # extracted skills at or above this score count as essential


def from_occupation(graph: SkillGraph, uri: str, title: str) -> JobProfile:
    """Essential and optional skills of an ESCO occupation, all at declaration level."""
    pairs = graph.occupation_skills.get(uri)
    if not pairs:
        raise InvalidInput(
            f"{uri} is not an occupation with skills in the taxonomy.", details={"field": "uri"}
        )
    seen: dict[str, Requirement] = {}
    for skill, essential in pairs:
        importance = Importance.ESSENTIAL if essential else Importance.OPTIONAL
        if skill not in seen or essential:
            seen[skill] = Requirement(skill, importance, OPTIONAL_WEIGHT)
    ordered = sorted(seen.values(), key=lambda r: (r.importance is not Importance.ESSENTIAL,))
    return JobProfile(title, tuple(ordered), ProfileSource.OCCUPATION, uri)


def from_text(
    extractor: SkillExtractor, text: str, title: str, language: str | None = None
) -> JobProfile:
    """Skills named in a vacancy text; strong hits essential, weaker ones optional."""
    found = extractor.extract(text, language=language, limit=30)
    if not found:
        raise InvalidInput(
            "We found no skills in this text. Name the tasks or add skills by hand.",
            details={"field": "text"},
        )
    requirements = tuple(
        Requirement(
            s.uri,
            Importance.ESSENTIAL if s.score >= TEXT_ESSENTIAL_SCORE else Importance.OPTIONAL,
        )
        for s in found
    )
    return JobProfile(title, requirements, ProfileSource.TEXT)


def parse_requirements(items: list[dict[str, Any]], known: set[str] | None) -> list[Requirement]:
    """Requirements from JSON (``uri``, ``importance``, ``weight``, ``min_level``)."""
    if len(items) > MAX_REQUIREMENTS:
        raise InvalidInput(f"At most {MAX_REQUIREMENTS} skills per profile.")
    result: list[Requirement] = []
    errors: list[dict[str, str]] = []
    for n, item in enumerate(items):
        try:
            uri = str(item["uri"]).strip()
            importance = Importance(item.get("importance", "essential"))
            weight = float(item.get("weight", 1.0))
            level = Level(int(item.get("min_level", 1)))
        except (KeyError, ValueError, TypeError):
            errors.append(
                {
                    "field": f"requirements[{n}]",
                    "message": "Give uri, importance (essential or optional), weight "
                    "(0.1-10) and min_level (1-3).",
                }
            )
            continue
        if not 0.1 <= weight <= 10:  # noqa: PLR2004 - the documented range
            errors.append({"field": f"requirements[{n}].weight", "message": "Use 0.1 to 10."})
        elif known is not None and uri not in known:
            errors.append({"field": f"requirements[{n}].uri", "message": f"Unknown skill {uri}."})
        else:
            result.append(Requirement(uri, importance, weight, level))
    if errors:
        raise InvalidInput("Some skills of the profile cannot be used.", details={"errors": errors})
    return result


def profile_json(profile: JobProfile) -> dict[str, Any]:
    return {
        "title": profile.title,
        "source": profile.source.value,
        "occupation_uri": profile.occupation_uri,
        "requirements": [
            {
                "uri": r.uri,
                "importance": r.importance.value,
                "weight": r.weight,
                "min_level": int(r.min_level),
            }
            for r in profile.requirements
        ],
    }


def profile_from_json(body: dict[str, Any]) -> JobProfile:
    return JobProfile(
        str(body["title"]),
        tuple(parse_requirements(list(body["requirements"]), None)),
        ProfileSource(body.get("source", "manual")),
        body.get("occupation_uri"),
    )


__all__ = [
    "from_occupation",
    "from_text",
    "parse_requirements",
    "profile_from_json",
    "profile_json",
]
