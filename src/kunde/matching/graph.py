"""Which held skills count for a required one, and how much: the taxonomy as a skill graph.

Built once per taxonomy revision from plain relation triples, so it needs no database:

* exact concept (1.0);
* the holder has a narrower skill (0.8) or a broader one (0.6), one step in ESCO's
  skill hierarchy;
* ESCO skill-skill relations, either direction (0.5);
* both skills in the same small skill group (0.35; groups of more than
  :data:`MAX_GROUP` members say too little);
* co-occurrence: the skills are asked together by many occupations (cosine of their
  occupation sets, best :data:`CO_OCCUR_TOP` per skill at cosine >= :data:`CO_OCCUR_MIN`,
  counted as 0.3 x cosine). Precomputed from occupation-skill relations.

A required skill thus expands to a short list of ``(held concept, how, similarity)``, strongest
first; the engine scores a required skill by its best held expansion.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from kunde.matching.model import How

SIMILARITY = {
    How.EXACT: 1.0,
    How.NARROWER: 0.8,
    How.BROADER: 0.6,
    How.RELATED: 0.5,
    How.SAME_GROUP: 0.35,
    How.CO_OCCURS: 0.3,
}
MAX_GROUP = 40
CO_OCCUR_TOP = 5
CO_OCCUR_MIN = 0.3
SKILL_KINDS = frozenset({"skill", "knowledge"})

Triple = tuple[str, str, str]  # (source uri, relation kind, target uri)


@dataclass(frozen=True)
class Link:
    uri: str
    how: How
    similarity: float


class SkillGraph:
    """Expansions of every skill concept, and occupation profiles for career paths."""

    def __init__(
        self,
        expansions: Mapping[str, tuple[Link, ...]],
        occupation_skills: Mapping[str, tuple[tuple[str, bool], ...]],
    ) -> None:
        self._expansions = dict(expansions)
        # occupation uri -> ((skill uri, essential?), ...)
        self.occupation_skills = dict(occupation_skills)

    def expand(self, uri: str) -> tuple[Link, ...]:
        """Held concepts that count for required ``uri``, the exact one first."""
        return self._expansions.get(uri, (Link(uri, How.EXACT, 1.0),))

    @classmethod
    def build(  # noqa: C901 - one branch per kind of relation
        cls, kinds: Mapping[str, str], triples: Iterable[Triple]
    ) -> SkillGraph:
        """From concept kinds (uri -> kind) and relation triples (as the taxonomy stores them)."""
        links: dict[str, dict[str, Link]] = defaultdict(dict)
        groups: dict[str, list[str]] = defaultdict(list)
        occupations: dict[str, list[tuple[str, bool]]] = defaultdict(list)

        def add(required: str, held: str, how: How, similarity: float | None = None) -> None:
            if required == held:
                return
            value = SIMILARITY[how] if similarity is None else similarity
            current = links[required].get(held)
            if current is None or current.similarity < value:
                links[required][held] = Link(held, how, round(value, 4))

        for source, kind, target in triples:
            source_kind, target_kind = kinds.get(source), kinds.get(target)
            if kind == "broader" and source_kind in SKILL_KINDS:
                if target_kind in SKILL_KINDS:
                    add(target, source, How.NARROWER)  # required broad, held narrow
                    add(source, target, How.BROADER)
                elif target_kind == "skill_group":
                    groups[target].append(source)
            elif kind in ("essential_for", "optional_for"):
                add(source, target, How.RELATED)
                add(target, source, How.RELATED)
            elif kind in ("essential_skill", "optional_skill") and target_kind in SKILL_KINDS:
                occupations[source].append((target, kind == "essential_skill"))
        for members in groups.values():
            if len(members) <= MAX_GROUP:
                for a in members:
                    for b in members:
                        add(a, b, How.SAME_GROUP)
        for required, held, cosine in co_occurrence(occupations):
            add(required, held, How.CO_OCCURS, SIMILARITY[How.CO_OCCURS] * cosine)
        expansions = {
            uri: (
                Link(uri, How.EXACT, 1.0),
                *sorted(found.values(), key=lambda link: (-link.similarity, link.uri)),
            )
            for uri, found in links.items()
        }
        return cls(expansions, {k: tuple(v) for k, v in occupations.items()})


def co_occurrence(
    occupations: Mapping[str, list[tuple[str, bool]]],
) -> list[tuple[str, str, float]]:
    """(skill, skill, cosine) for skills that many occupations ask together."""
    skills = sorted({uri for pairs in occupations.values() for uri, _ in pairs})
    if not skills:
        return []
    column = {uri: n for n, uri in enumerate(skills)}
    rows, cols = [], []
    for row, pairs in enumerate(occupations.values()):
        for uri, _essential in pairs:
            rows.append(row)
            cols.append(column[uri])
    matrix = sparse.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(len(occupations), len(skills))
    )
    matrix.data[:] = 1  # duplicates (essential and optional) count once
    counts = np.asarray(matrix.sum(axis=0)).reshape(-1)
    together = (matrix.T @ matrix).tocsr()
    found: list[tuple[str, str, float]] = []
    for i in range(len(skills)):
        start, end = together.indptr[i], together.indptr[i + 1]
        partners, shared = together.indices[start:end], together.data[start:end]
        # Skills asked by a single occupation say nothing about each other.
        keep = (partners != i) & (shared >= 2)  # noqa: PLR2004 - at least two occupations
        partners, shared = partners[keep], shared[keep]
        if not len(partners):
            continue
        cosine = shared / np.sqrt(counts[i] * counts[partners])
        order = np.argsort(-cosine, kind="stable")[:CO_OCCUR_TOP]
        found.extend(
            (skills[i], skills[int(partners[j])], float(cosine[j]))
            for j in order
            if cosine[j] >= CO_OCCUR_MIN
        )
    return found


__all__ = ["SIMILARITY", "Link", "SkillGraph", "co_occurrence"]
