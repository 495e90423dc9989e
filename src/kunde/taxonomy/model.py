"""Plain types of the skills languages: concepts, labels, relations and mappings."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Scheme(StrEnum):
    """The skills languages Kunde speaks."""

    ESCO = "esco"
    ISCO = "isco"
    ONET = "onet"
    COMPETENTNL = "competentnl"


class ConceptKind(StrEnum):
    """What a concept is. ``skill`` and ``knowledge`` follow ESCO's skill type."""

    SKILL = "skill"
    KNOWLEDGE = "knowledge"
    SKILL_GROUP = "skill_group"
    OCCUPATION = "occupation"
    OCCUPATION_GROUP = "occupation_group"
    TECHNOLOGY = "technology"
    COLLECTION = "collection"


class LabelKind(StrEnum):
    PREFERRED = "preferred"
    ALTERNATIVE = "alternative"
    HIDDEN = "hidden"


class RelationKind(StrEnum):
    """Directed relations, read as ``source <kind> target``."""

    BROADER = "broader"  # source is narrower than target
    ESSENTIAL_SKILL = "essential_skill"  # occupation -> skill
    OPTIONAL_SKILL = "optional_skill"  # occupation -> skill
    ESSENTIAL_FOR = "essential_for"  # skill -> skill (ESCO skill-skill "essential")
    OPTIONAL_FOR = "optional_for"  # skill -> skill (ESCO skill-skill "optional")
    REQUIRES = "requires"  # O*NET occupation -> skill, knowledge or technology, weighted
    RELATED = "related"  # e.g. O*NET related occupations
    IN_COLLECTION = "in_collection"  # concept -> collection concept


class MatchKind(StrEnum):
    """SKOS mapping properties."""

    EXACT = "exact"
    CLOSE = "close"
    BROAD = "broad"
    NARROW = "narrow"
    RELATED = "related"


LANGUAGES = ("nl", "en")


@dataclass(frozen=True)
class Label:
    language: str
    kind: LabelKind
    text: str


@dataclass(frozen=True)
class ConceptRecord:
    """A concept as read from a source file, before it is stored."""

    uri: str
    scheme: Scheme
    kind: ConceptKind
    code: str | None = None
    status: str | None = None
    reuse_level: str | None = None
    labels: tuple[Label, ...] = ()
    descriptions: dict[str, str] = field(default_factory=dict)
    # False for files that list only some labels (collections, hierarchy, alternate titles):
    # their labels are added but never remove what a full concept file gave.
    authoritative_labels: bool = True


@dataclass(frozen=True)
class RelationRecord:
    source: str
    kind: RelationKind
    target: str
    weight: float | None = None


@dataclass(frozen=True)
class MappingRecord:
    source: str
    target_scheme: Scheme
    target: str
    match: MatchKind
    provenance: str
    target_label: str | None = None


@dataclass(frozen=True)
class DisplayLabel:
    """A label chosen for display, with the language it is really in."""

    text: str
    language: str

    def is_fallback(self, wanted: str) -> bool:
        return self.language != wanted


@dataclass(frozen=True)
class ConceptSummary:
    uri: str
    scheme: Scheme
    kind: ConceptKind
    label: DisplayLabel
    code: str | None = None


@dataclass(frozen=True)
class ConceptDetail:
    """Everything the show command and the concept endpoint report."""

    uri: str
    scheme: Scheme
    kind: ConceptKind
    label: DisplayLabel
    code: str | None
    status: str | None
    reuse_level: str | None
    description: DisplayLabel | None
    labels: tuple[Label, ...]
    broader: tuple[ConceptSummary, ...]
    narrower: tuple[ConceptSummary, ...]
    collections: tuple[ConceptSummary, ...]
    related: dict[str, tuple[ConceptSummary, ...]]


@dataclass(frozen=True)
class SearchHit:
    uri: str
    label: DisplayLabel
    kind: ConceptKind
    scheme: Scheme
    score: float
    matched: str  # the label text that matched, or "meaning" for an embedding-only hit
    code: str | None = None


@dataclass(frozen=True)
class Mapping:
    source: str
    target: str
    target_scheme: Scheme
    label: str | None
    match: MatchKind
    provenance: str


@dataclass(frozen=True)
class OccupationSkill:
    skill: ConceptSummary
    relation: RelationKind
    weight: float | None = None


@dataclass
class ImportReport:
    """What one import added, changed and removed."""

    source: str
    format: str
    concepts_added: int = 0
    concepts_updated: int = 0
    labels_added: int = 0
    labels_removed: int = 0
    relations_added: int = 0
    mappings_added: int = 0
    embeddings_added: int = 0
    files: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return any(
            (
                self.concepts_added,
                self.concepts_updated,
                self.labels_added,
                self.labels_removed,
                self.relations_added,
                self.mappings_added,
                self.embeddings_added,
            )
        )
