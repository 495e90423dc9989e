"""Use cases of matching: skills from text, vacancies, matches both ways, the matching pool.

:class:`MatchingService` is shared by all requests of a process (like the taxonomy service):
it keeps the skill graph and the extractor of the newest taxonomy revision. The functions
below take the unit of work, the acting account, keys and the time; writers commit.

Candidates come only from the holders' consent (:mod:`kunde.matching.pool`, deciding in
:mod:`kunde.sharing.matching`): only their granted skill claims are read, and each candidate
shown to someone else is reported to the ``recorder`` passed in before the list returns.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from kunde.accounts import service as accounts
from kunde.accounts.model import OrganisationRole
from kunde.errors import InvalidInput, NotFound, PermissionDenied
from kunde.matching import profiles
from kunde.matching.engine import MatchIndex, held_of, score
from kunde.matching.extract import MAX_TEXT, ExtractedSkill, SkillExtractor
from kunde.matching.graph import SkillGraph
from kunde.matching.model import Candidate, HeldSkill, JobProfile, Level, Match
from kunde.matching.pool import (
    AccessEvent,
    AccessRecorder,
    Scope,
    apply,
    in_pool,
    join_pool,
    leave_pool,
)
from kunde.matching.store import MatchingStore, VacancyRow
from kunde.passport import service as passport
from kunde.passport.model import ItemKind, SkillClaim
from kunde.sharing import matching as consent
from kunde.sharing.model import ItemKind as SharedKind

if TYPE_CHECKING:
    from collections.abc import Iterable

    from kunde.db.session import UnitOfWork
    from kunde.passport import ConceptCheck, Item, KeyRing
    from kunde.passport.service import SkillView
    from kunde.sharing.model import Grant
    from kunde.taxonomy.service import TaxonomyService

MAX_LIMIT = 200


class MatchingService:
    """The skill graph and extractor of the current taxonomy revision, built on first use."""

    def __init__(self, taxonomy: TaxonomyService) -> None:
        self.taxonomy = taxonomy
        self._lock = threading.Lock()
        self._graph: tuple[int, SkillGraph] | None = None
        self._extractor: tuple[int, SkillExtractor] | None = None
        self._codes: dict[str, str] = {}

    def graph(self) -> SkillGraph:
        revision = self.taxonomy.catalog().revision
        with self._lock:
            if self._graph is None or self._graph[0] != revision:
                with self.taxonomy.database.unit_of_work() as uow:
                    store = MatchingStore(uow.session)
                    graph = SkillGraph.build(store.concept_kinds(), store.relation_triples())
                    self._codes = store.occupation_codes()
                self._graph = (revision, graph)
            return self._graph[1]

    def occupation_codes(self) -> dict[str, str]:
        self.graph()
        return self._codes

    def extractor(self) -> SkillExtractor:
        catalog = self.taxonomy.catalog()
        with self._lock:
            if self._extractor is None or self._extractor[0] != catalog.revision:
                self._extractor = (
                    catalog.revision,
                    SkillExtractor(catalog, self.taxonomy.embedder),
                )
            return self._extractor[1]

    def extract(
        self, text: str, *, language: str | None = None, limit: int = 10
    ) -> list[ExtractedSkill]:
        """Skills in ``text`` (Dutch or English), best first."""
        text = text.strip()
        if not text:
            raise InvalidInput("Type or paste a text first.", details={"field": "text"})
        if len(text) > MAX_TEXT:
            raise InvalidInput(
                f"The text is too long: at most {MAX_TEXT} characters.", details={"field": "text"}
            )
        if language not in (None, "nl", "en"):
            raise InvalidInput("Use language nl or en.", details={"field": "lang"})
        if not 1 <= limit <= MAX_LIMIT:
            raise InvalidInput(f"limit must be 1 to {MAX_LIMIT}.", details={"field": "limit"})
        return self.extractor().extract(text, language=language, limit=limit)

    def occupation_profile(self, uri: str, language: str = "en") -> JobProfile:
        summary = self.taxonomy.summaries([uri], language).get(uri)
        title = summary.label.text if summary else uri
        return profiles.from_occupation(self.graph(), uri, title)


@dataclass(frozen=True)
class Vacancy:
    id: str
    organisation_id: str
    profile: JobProfile
    created_at: datetime
    text: str = ""

    @classmethod
    def from_row(cls, row: VacancyRow) -> Vacancy:
        return cls(
            row.id,
            row.organisation_id,
            profiles.profile_from_json({**row.body, "title": row.title}),
            row.created_at,
            str(row.body.get("text", "")),
        )


# --- vacancies ----------------------------------------------------------------------------
def _employer(uow: UnitOfWork, actor_id: str, organisation_id: str) -> None:
    for membership in accounts.memberships(uow, actor_id):
        if membership.organisation.id == organisation_id:
            if OrganisationRole.EMPLOYER not in membership.organisation.roles:
                raise PermissionDenied("Only an employer organisation can publish vacancies.")
            return
    raise NotFound("There is no such organisation.")


def create_vacancy(
    uow: UnitOfWork,
    matching: MatchingService,
    *,
    actor_id: str,
    organisation_id: str,
    title: str,
    now: datetime,
    occupation_uri: str | None = None,
    text: str | None = None,
    requirements: list[dict[str, Any]] | None = None,
    language: str | None = None,
) -> Vacancy:
    """A vacancy from an occupation, a text or a list of skills (any mix: later ones win)."""
    _employer(uow, actor_id, organisation_id)
    title = title.strip()
    if not 1 <= len(title) <= 200:  # noqa: PLR2004 - column size
        raise InvalidInput("Give the vacancy a title (at most 200 characters).")
    merged: dict[str, Any] = {}
    source = "manual"
    if occupation_uri:
        merged.update({r.uri: r for r in matching.occupation_profile(occupation_uri).requirements})
        source = "occupation"
    if text:
        matching.extract(text, language=language)  # checks length and language
        extracted = profiles.from_text(matching.extractor(), text, title, language)
        merged.update({r.uri: r for r in extracted.requirements})
        source = "text"
    if requirements:
        known = set(matching.taxonomy.catalog().position)
        merged.update({r.uri: r for r in profiles.parse_requirements(requirements, known)})
    if not merged:
        raise InvalidInput("Name an occupation, paste the vacancy text or list the skills.")
    profile = JobProfile(title, tuple(merged.values()))
    body = profiles.profile_json(profile)
    body.update(
        {
            "source": source,
            "occupation_uri": occupation_uri,
            "text": text or "",
            "language": language,
        }
    )
    row = VacancyRow(
        id=str(uuid.uuid4()),
        organisation_id=organisation_id,
        created_by=actor_id,
        title=title,
        body=body,
        created_at=now,
    )
    MatchingStore(uow.session).add(row)
    uow.commit()
    return Vacancy.from_row(row)


def vacancy(uow: UnitOfWork, vacancy_id: str) -> Vacancy:
    row = MatchingStore(uow.session).vacancy(vacancy_id)
    if row is None:
        raise NotFound("There is no such vacancy.", details={"id": vacancy_id})
    return Vacancy.from_row(row)


def vacancies(uow: UnitOfWork, organisation_ids: list[str] | None = None) -> list[Vacancy]:
    return [Vacancy.from_row(r) for r in MatchingStore(uow.session).vacancies(organisation_ids)]


def vacancy_titles(uow: UnitOfWork, vacancy_ids: Iterable[str]) -> dict[str, str]:
    """Titles of the vacancies that still exist, by id (for the holder's access log)."""
    store = MatchingStore(uow.session)
    rows = (store.vacancy(vacancy_id) for vacancy_id in set(vacancy_ids))
    return {row.id: row.title for row in rows if row is not None}


# --- candidates ---------------------------------------------------------------------------
def candidate_of(holder_id: str, skills: Iterable[SkillView]) -> Candidate:
    """Skill URIs, assurance levels and last use: all that leaves a passport for matching."""
    held_skills = []
    for skill in skills:
        body = skill.claim.body
        if isinstance(body, SkillClaim):
            level = Level(skill.assurance.level)
            held_skills.append(HeldSkill(body.concept_uri, level, body.last_used))
    return Candidate(holder_id, tuple(held_skills))


def own_candidate(uow: UnitOfWork, *, holder_id: str, keys: KeyRing, now: datetime) -> Candidate:
    """The holder's skill claims with their assurance levels, read by the holder."""
    view = passport.view(uow, actor_id=holder_id, holder_id=holder_id, keys=keys, now=now)
    return candidate_of(holder_id, view.skills)


def granted_candidate(uow: UnitOfWork, grant: Grant, *, keys: KeyRing, now: datetime) -> Candidate:
    """The candidate a grant allows: only its shared skill claims, keyed by the grant's id
    (batch matching, where one holder may take part under different grants)."""
    view = passport.view(
        uow, actor_id=grant.holder_id, holder_id=grant.holder_id, keys=keys, now=now
    )
    shared = {item.id for item in grant.items if item.kind is SharedKind.SKILL}
    return candidate_of(grant.id, [s for s in view.skills if s.claim.id in shared])


@dataclass(frozen=True)
class Consented:
    """A candidate built from the skill claims one grant shares, and that grant."""

    candidate: Candidate
    grant: Grant
    claims: tuple[str, ...]  # the skill claim ids read


def consented_candidates(
    uow: UnitOfWork, scope: Scope, *, actor_id: str, keys: KeyRing, now: datetime
) -> list[Consented]:
    """Every holder who takes part for ``scope`` at ``now``, read under their grant by
    ``actor_id`` (a member of the vacancy's organisation): only the granted skill claims."""
    views = consent.match_views(
        uow,
        actor_id=actor_id,
        organisation_id=scope.organisation_id,
        vacancy_id=scope.vacancy_id,
        keys=keys,
        now=now,
    )
    return [
        Consented(
            candidate_of(v.grant.holder_id, v.skills), v.grant, tuple(s.claim.id for s in v.skills)
        )
        for v in views
    ]


def eligible_candidates(
    uow: UnitOfWork, scope: Scope, *, actor_id: str, keys: KeyRing, now: datetime
) -> list[Candidate]:
    """Profiles of the holders who take part for ``scope`` (see :func:`consented_candidates`)."""
    found = consented_candidates(uow, scope, actor_id=actor_id, keys=keys, now=now)
    return [c.candidate for c in found]


def vacancy_matches(
    uow: UnitOfWork,
    matching: MatchingService,
    *,
    actor_id: str,
    vacancy_id: str,
    keys: KeyRing,
    now: datetime,
    recorder: AccessRecorder,
    limit: int = 50,
) -> tuple[Vacancy, list[Match]]:
    """Best candidates for a vacancy, explained; only its organisation's members may ask.

    Candidates are the holders whose consent admits this vacancy, with only their granted
    skills. Each one shown is recorded (``recorder``) and committed before the list returns.
    """
    found = vacancy(uow, vacancy_id)
    _employer(uow, actor_id, found.organisation_id)
    if not 1 <= limit <= MAX_LIMIT:
        raise InvalidInput(f"limit must be 1 to {MAX_LIMIT}.", details={"field": "limit"})
    scope = Scope(vacancy_id, found.organisation_id)
    consented = {
        c.candidate.holder_id: c
        for c in consented_candidates(uow, scope, actor_id=actor_id, keys=keys, now=now)
    }
    graph = matching.graph()
    index = MatchIndex.build([c.candidate for c in consented.values()], now.date())
    top = index.top(found.profile, graph, limit)
    matches = [index.match(row, found.profile, graph) for row, value in top if value > 0]
    for match in matches:
        shown = consented[match.holder_id]
        recorder.record_access(
            uow,
            AccessEvent(
                holder_id=match.holder_id,
                actor_id=actor_id,
                organisation_id=found.organisation_id,
                vacancy_id=found.id,
                grant_id=shown.grant.id,
                claims=shown.claims,
                at=now,
            ),
        )
    uow.commit()
    return found, matches


def passport_matches(
    uow: UnitOfWork,
    matching: MatchingService,
    *,
    holder_id: str,
    keys: KeyRing,
    now: datetime,
    limit: int = 20,
) -> list[tuple[Vacancy, Match]]:
    """Vacancies that fit the holder's own passport, best first (nothing leaves the passport)."""
    candidate = own_candidate(uow, holder_id=holder_id, keys=keys, now=now)
    graph = matching.graph()
    scored = [(v, score(v.profile, candidate, graph, now.date())) for v in vacancies(uow)]
    scored.sort(key=lambda pair: (-pair[1].score, pair[0].profile.title, pair[0].id))
    return [pair for pair in scored if pair[1].score > 0][:limit]


def held(uow: UnitOfWork, *, holder_id: str, keys: KeyRing, now: datetime) -> dict[str, Any]:
    """The holder's skills as the engine sees them (``uri -> (weight, level)``)."""
    return held_of(own_candidate(uow, holder_id=holder_id, keys=keys, now=now), now.date())


# --- confirmed skills ------------------------------------------------------------------------
def confirm_skills(
    uow: UnitOfWork,
    *,
    holder_id: str,
    uris: list[str],
    keys: KeyRing,
    concepts: ConceptCheck,
    now: datetime,
) -> list[Item]:
    """Add the skills the holder confirmed as self-declared claims; ones held already are
    skipped. All or nothing: an unknown URI adds none."""
    unknown = [u for u in uris if not concepts.exists(u)]
    if unknown:
        raise InvalidInput("Unknown skill.", details={"field": "uris", "uris": unknown})
    have = set(held(uow, holder_id=holder_id, keys=keys, now=now))
    added = []
    for uri in dict.fromkeys(uris):
        if uri in have:
            continue
        added.append(
            passport.add(
                uow,
                actor_id=holder_id,
                holder_id=holder_id,
                kind=ItemKind.SKILL,
                data={"concept_uri": uri, "note": "Found in a text and confirmed by the holder."},
                keys=keys,
                concepts=concepts,
                now=now,
            )
        )
    return added


__all__ = [
    "Consented",
    "MatchingService",
    "Vacancy",
    "apply",
    "candidate_of",
    "confirm_skills",
    "consented_candidates",
    "create_vacancy",
    "eligible_candidates",
    "in_pool",
    "join_pool",
    "leave_pool",
    "own_candidate",
    "passport_matches",
    "vacancies",
    "vacancy",
    "vacancy_matches",
    "vacancy_titles",
]
