"""Matching results in plain words for the pages: scores, how a skill matched, the gap, the
learning route. Pure: takes results and a labeller, returns dicts for the templates."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kunde.matching.careers import CareerMove
from kunde.matching.extract import ExtractedSkill
from kunde.matching.learning import Route
from kunde.matching.model import Match
from kunde.taxonomy.service import TaxonomyService
from kunde.web.i18n import N_, translate

Labeller = Callable[[str], str]

# A proposal is ticked already when the words of a skill's name were found in the text, or
# it is at least this sure; a hit on meaning alone is left for the holder to tick.
STRONG = 0.8
# Characters of the text shown on each side of the words a skill came from.
CONTEXT = 60

_SCORE_WORDS = (
    (0.8, N_("Fits very well")),
    (0.6, N_("Fits well")),
    (0.4, N_("Fits partly")),
    (0.0, N_("Fits a little")),
)
_HOW = {
    "exact": N_("You have this skill"),
    "narrower": N_("You have a more specific skill"),
    "broader": N_("You have a more general skill"),
    "related": N_("You have a related skill"),
    "same_group": N_("You have a skill of the same kind"),
    "co_occurs": N_("You have a skill that often goes with it"),
}
# The same, said to an employer about a candidate.
_HOW_THEY = {
    "exact": N_("Has this skill"),
    "narrower": N_("Has a more specific skill"),
    "broader": N_("Has a more general skill"),
    "related": N_("Has a related skill"),
    "same_group": N_("Has a skill of the same kind"),
    "co_occurs": N_("Has a skill that often goes with it"),
}
_GAP = {
    "missing": N_("Missing"),
    "partial": N_("Only a related skill"),
    "unproven": N_("You have it, but it is not proven enough"),
}
_GAP_THEY = {**_GAP, "unproven": N_("Has it, but it is not proven enough")}
_LEVEL_NEEDED = {
    1: N_("your own word is enough"),
    2: N_("a certificate or confirmation is needed"),
    3: N_("a proof by an assessor is needed"),
}


def labeller(taxonomy: TaxonomyService, language: str) -> Labeller:
    catalog = taxonomy.catalog()

    def label(uri: str) -> str:
        position = catalog.position.get(uri)
        return catalog.display(position, language).text if position is not None else uri

    return label


def score_words(language: str, value: float) -> str:
    for bound, words in _SCORE_WORDS:
        if value >= bound:
            return translate(language, words)
    return translate(language, _SCORE_WORDS[-1][1])


def percent(value: float) -> int:
    return round(value * 100)


def proposal(text: str, found: ExtractedSkill) -> dict[str, Any]:
    """One proposed skill with the words it came from and a little text around them."""
    start, end = found.span.start, found.span.end
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    return {
        "uri": found.uri,
        "label": found.label,
        "language": found.language,
        "strong": found.matched != "meaning" or found.score >= STRONG,
        "before": ("…" if start > CONTEXT else "") + before,
        "words": text[start:end],
        "after": after + ("…" if end + CONTEXT < len(text) else ""),
    }


def match(
    found: Match, label: Labeller, language: str, *, employer: bool = False
) -> dict[str, Any]:
    """The score in words and, per required skill, how it matched and what is missing;
    ``employer``: said about the candidate rather than to the holder."""
    how_words, gap_words = (_HOW_THEY, _GAP_THEY) if employer else (_HOW, _GAP)
    skills = [
        {
            "uri": s.requirement.uri,
            "label": label(s.requirement.uri),
            "essential": s.requirement.importance.value == "essential",
            "level_needed": translate(language, _LEVEL_NEEDED[int(s.requirement.min_level)]),
            "how": translate(language, how_words[s.how.value]) if s.how else None,
            "via": label(s.via) if s.via and s.via != s.requirement.uri else None,
            "gap": s.gap.value if s.gap else None,
            "gap_words": translate(language, gap_words[s.gap.value]) if s.gap else None,
        }
        for s in found.skills
    ]
    # Met skills first, then the gaps; essential before optional within each.
    skills.sort(key=lambda s: (s["gap"] is not None, not s["essential"]))
    return {
        "score": percent(found.score),
        "words": score_words(language, found.score),
        "skills": skills,
        "met": sum(1 for s in skills if s["gap"] is None),
        "gaps": sum(1 for s in skills if s["gap"] is not None),
    }


def route(found: Route, label: Labeller) -> dict[str, Any]:
    """Courses with hours, validations for skills held but not proven, and what no offer
    covers."""
    return {
        "hours": round(found.hours, 1),
        "steps": [
            {
                "title": s.offer.title,
                "provider": s.offer.provider,
                "hours": s.offer.hours,
                "kind": s.offer.kind.value,
                "credential": s.offer.credential,
                "url": s.offer.url,
                "covers": [label(u) for u in s.covers],
            }
            for s in found.steps
        ],
        "validations": [
            {
                "skill": label(v.skill),
                "offer": None
                if v.offer is None
                else {
                    "title": v.offer.title,
                    "provider": v.offer.provider,
                    "hours": v.offer.hours,
                    "kind": v.offer.kind.value,
                    "url": v.offer.url,
                },
            }
            for v in found.validations
        ],
        "uncovered": [label(u) for u in found.uncovered],
    }


def career(move: CareerMove, label: Labeller, language: str) -> dict[str, Any]:
    return {
        "uri": move.occupation_uri,
        "label": label(move.occupation_uri),
        "coverage": percent(move.match.score),
        "reach": percent(move.reach),
        "words": score_words(language, move.reach),
        "essential_gaps": move.essential_gaps,
        "gaps": [
            label(s.requirement.uri)
            for s in move.match.gaps
            if s.requirement.importance.value == "essential"
        ],
        "route": route(move.route, label),
    }


__all__ = ["STRONG", "career", "labeller", "match", "proposal", "route", "score_words"]
