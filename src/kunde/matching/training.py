"""Talent questions over a group of people, as pure functions (R3d).

* :func:`rank` -- who is closest to a role profile: the engine's own explanation
  (:func:`kunde.matching.engine.explain`) for each person, best score first.
* :func:`team_gaps` -- the group's gaps for one or more profiles: per skill, who lacks it
  (*learn*: missing, or only a related skill) or holds it without enough proof (*prove*),
  weighted by how many people lack it and how essential it is (each person counts the
  skill's highest importance weight over the profiles: essential 1 x weight, optional 0.4).
* :func:`training_plan` -- the learning offers that close most of that weight: greedy
  weighted set cover over the catalogue's courses, where each (person, skill) still open is
  one element; the next offer is the one closing the most open weight (ties: fewer hours,
  ends in a credential, reference). Greedy stays within a factor ln(n) of the best cover.
  *Prove* gaps get a validation (EVC or skills proof) instead of a course, as in
  :func:`kunde.matching.learning.route`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from kunde.matching.engine import Held, explain
from kunde.matching.graph import SkillGraph
from kunde.matching.learning import LearningOffer, OfferKind
from kunde.matching.model import GapKind, Importance, JobProfile, Match


class Need(StrEnum):
    LEARN = "learn"  # missing, or only a related skill held
    PROVE = "prove"  # held, below the assurance level the profile asks


@dataclass(frozen=True)
class TeamGap:
    uri: str
    need: Need
    people: tuple[str, ...]  # holder ids, sorted
    weight: float  # sum over those people of the skill's importance weight
    essential: bool  # essential in at least one profile for at least one of them
    shares: tuple[float, ...] = ()  # each person's importance weight, as ``people``


@dataclass(frozen=True)
class TrainingStep:
    offer: LearningOffer
    closes: tuple[tuple[str, tuple[str, ...]], ...]  # (skill uri, holder ids) it closes
    weight: float  # the open gap weight it closes

    @property
    def people(self) -> int:
        return len({person for _uri, people in self.closes for person in people})


@dataclass(frozen=True)
class TeamValidation:
    uri: str
    people: tuple[str, ...]
    offer: LearningOffer | None  # None: the catalogue has no validation for this skill


@dataclass(frozen=True)
class TrainingPlan:
    steps: tuple[TrainingStep, ...]
    validations: tuple[TeamValidation, ...]
    uncovered: tuple[TeamGap, ...]  # learn gaps no course teaches
    weight: float  # total weight of the learn gaps
    closed: float  # weight the steps close

    @property
    def hours(self) -> float:
        """Study load of the plan's offers, each counted once."""
        return sum(s.offer.hours for s in self.steps) + sum(
            v.offer.hours for v in self.validations if v.offer is not None
        )

    @property
    def person_hours(self) -> float:
        """Study load summed over everyone who would follow an offer."""
        return sum(s.offer.hours * s.people for s in self.steps) + sum(
            v.offer.hours * len(v.people) for v in self.validations if v.offer is not None
        )


def rank(profile: JobProfile, people: Mapping[str, Held], graph: SkillGraph) -> list[Match]:
    """Everyone's explained match for ``profile``, best first (ties: by holder id)."""
    matches = [explain(profile, holder, held, graph) for holder, held in people.items()]
    return sorted(matches, key=lambda m: (-m.score, m.holder_id))


def team_gaps(matches: Iterable[Match]) -> list[TeamGap]:
    """The group's gaps over all ``matches`` (one per person and profile), largest first."""
    weights: dict[tuple[str, Need], dict[str, float]] = defaultdict(dict)
    essential: set[tuple[str, Need]] = set()
    learn: set[tuple[str, str]] = set()  # (holder, uri) that must learn: not also "prove"
    for match in matches:
        for result in match.gaps:
            need = Need.PROVE if result.gap is GapKind.UNPROVEN else Need.LEARN
            key = (result.requirement.uri, need)
            share = result.requirement.importance_weight
            held = weights[key].get(match.holder_id, 0.0)
            weights[key][match.holder_id] = max(held, share)
            if result.requirement.importance is Importance.ESSENTIAL:
                essential.add(key)
            if need is Need.LEARN:
                learn.add((match.holder_id, result.requirement.uri))
    gaps = []
    for (uri, need), per_person in weights.items():
        people = sorted(
            p for p in per_person if need is Need.LEARN or (p, uri) not in learn
        )  # one profile asks a proof of what another finds missing: learning comes first
        if people:
            shares = tuple(per_person[p] for p in people)
            gaps.append(
                TeamGap(
                    uri,
                    need,
                    tuple(people),
                    round(sum(shares), 6),
                    (uri, need) in essential,
                    shares,
                )
            )
    return sorted(gaps, key=lambda g: (-g.weight, -len(g.people), g.need.value, g.uri))


def _best_offer(
    courses: Sequence[LearningOffer], open_: Mapping[tuple[str, str], float]
) -> tuple[LearningOffer | None, float]:
    """The course closing the most open weight (ties: fewer hours, credential, reference)."""
    open_by_skill: dict[str, float] = defaultdict(float)
    for (_person, uri), share in open_.items():
        open_by_skill[uri] += share
    scored = [(sum(open_by_skill.get(u, 0.0) for u in set(o.skills)), o) for o in courses]
    value, best = min(
        ((v, o) for v, o in scored if v > 0),
        key=lambda pair: (-round(pair[0], 9), pair[1].hours, not pair[1].credential, pair[1].ref),
        default=(0.0, None),
    )
    return best, value


def _validations(gaps: Sequence[TeamGap], offers: Sequence[LearningOffer]) -> list[TeamValidation]:
    found = []
    for gap in gaps:
        if gap.need is Need.PROVE:
            options = [o for o in offers if o.kind is not OfferKind.COURSE and gap.uri in o.skills]
            chosen = min(options, key=lambda o: (o.hours, o.ref), default=None)
            found.append(TeamValidation(gap.uri, gap.people, chosen))
    return found


def training_plan(gaps: Sequence[TeamGap], offers: Sequence[LearningOffer]) -> TrainingPlan:
    """The courses that close the most of the *learn* gaps, and validations for *prove*."""
    open_ = {
        (person, gap.uri): share
        for gap in gaps
        if gap.need is Need.LEARN
        for person, share in zip(gap.people, gap.shares, strict=True)
    }
    total = sum(open_.values())
    courses = [o for o in offers if o.kind is OfferKind.COURSE]
    order = {g.uri: n for n, g in enumerate(gaps)}
    steps: list[TrainingStep] = []
    while open_:
        best, value = _best_offer(courses, open_)
        if best is None:
            break
        closed: dict[str, list[str]] = defaultdict(list)
        for person, uri in sorted(open_):
            if uri in best.skills:
                closed[uri].append(person)
                del open_[(person, uri)]
        closes = tuple((uri, tuple(closed[uri])) for uri in sorted(closed, key=order.__getitem__))
        steps.append(TrainingStep(best, closes, round(value, 6)))
        courses.remove(best)
    left = {uri for _person, uri in open_}
    return TrainingPlan(
        tuple(steps),
        tuple(_validations(gaps, offers)),
        tuple(g for g in gaps if g.need is Need.LEARN and g.uri in left),
        round(total, 6),
        round(total - sum(open_.values()), 6),
    )


__all__ = [
    "Need",
    "TeamGap",
    "TeamValidation",
    "TrainingPlan",
    "TrainingStep",
    "rank",
    "team_gaps",
    "training_plan",
]
