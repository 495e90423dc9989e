"""ESCO's official CSV download (v1.1.x and v1.2.x), in any language that is present.

File names are the portal's: ``skills_en.csv``, ``occupations_nl.csv``,
``occupationSkillRelations.csv`` (v1.2: ``occupationSkillRelations_en.csv``) and so on,
plain or gzip-compressed, in one folder or in sub-folders.
"""

from __future__ import annotations

import re
from dataclasses import replace
from collections.abc import Callable
from pathlib import Path

from kunde.errors import ImportFileError
from kunde.taxonomy.importers._files import Row, base_name, read_rows, split_labels
from kunde.taxonomy.importers.batch import Batch
from kunde.taxonomy.model import (
    ConceptKind,
    ConceptRecord,
    Label,
    LabelKind,
    MappingRecord,
    MatchKind,
    RelationKind,
    RelationRecord,
    Scheme,
)

_LANGUAGE = re.compile(r"_([a-z]{2}(?:-[a-z]+)?)$")
_VERSION = re.compile(r"v?(\d+\.\d+(?:\.\d+)?)")
ESCO_PREFIX = "http://data.europa.eu/esco/"
ISCO_PROVENANCE = "ESCO occupation to ISCO-08 group"

COLLECTIONS = {
    "digitalSkillsCollection": "digital",
    "digCompSkillsCollection": "digcomp",
    "greenSkillsCollection": "green",
    "transversalSkillsCollection": "transversal",
    "languageSkillsCollection": "language",
    "researchSkillsCollection": "research",
    "researchOccupationsCollection": "research",
}
CONCEPT_FILES = ("skills", "occupations", "skillGroups", "ISCOGroups", "skillsHierarchy")
RELATION_FILES = (
    "broaderRelationsOccPillar",
    "broaderRelationsSkillPillar",
    "occupationSkillRelations",
    "skillSkillRelations",
)


def _split_name(path: Path) -> tuple[str, str | None]:
    """``skills_en`` -> (``skills``, ``en``); ``skillSkillRelations`` -> (name, None)."""
    name = base_name(path)
    found = _LANGUAGE.search(name)
    if found:
        return name[: found.start()], found.group(1)
    return name, None


def is_esco_file(path: Path) -> bool:
    stem, _ = _split_name(path)
    return stem in CONCEPT_FILES or stem in RELATION_FILES or stem in COLLECTIONS or stem in (
        "conceptSchemes",
    )


def _uri(row: Row, column: str, path: Path) -> str:
    value = row.get(column, "")
    if not value.startswith(ESCO_PREFIX):
        raise ImportFileError(
            f"column {column} should hold an ESCO URI (starting with {ESCO_PREFIX}), "
            f"found {value!r}",
            path=str(path),
            line=row.line,
        )
    return value


def _labels(row: Row, language: str, *, pipes: bool = False) -> tuple[Label, ...]:
    labels: list[Label] = []
    preferred = row.get("preferredLabel", "").strip()
    if preferred:
        labels.append(Label(language, LabelKind.PREFERRED, preferred))
    for column, kind in (("altLabels", LabelKind.ALTERNATIVE), ("hiddenLabels", LabelKind.HIDDEN)):
        for text in split_labels(row.get(column, ""), pipes=pipes):
            if text != preferred:
                labels.append(Label(language, kind, text))
    return tuple(dict.fromkeys(labels))


def _description(row: Row, language: str) -> dict[str, str]:
    text = row.get("description") or row.get("definition") or row.get("scopeNote") or ""
    return {language: text} if text else {}


def _skill(row: Row, path: Path, language: str, *, pipes: bool = False) -> ConceptRecord:
    skill_type = row.get("skillType", "")
    kind = ConceptKind.KNOWLEDGE if skill_type == "knowledge" else ConceptKind.SKILL
    return ConceptRecord(
        uri=_uri(row, "conceptUri", path),
        scheme=Scheme.ESCO,
        kind=kind,
        status=row.get("status") or None,
        reuse_level=row.get("reuseLevel") or None,
        labels=_labels(row, language, pipes=pipes),
        descriptions=_description(row, language),
    )


def _read_concepts(path: Path, stem: str, language: str, batch: Batch) -> None:
    if stem == "skills":
        for row in read_rows(path, ("conceptUri", "preferredLabel", "skillType")):
            batch.concepts.append(_skill(row, path, language))
    elif stem == "occupations":
        for row in read_rows(path, ("conceptUri", "preferredLabel", "iscoGroup")):
            uri = _uri(row, "conceptUri", path)
            batch.concepts.append(
                ConceptRecord(
                    uri=uri,
                    scheme=Scheme.ESCO,
                    kind=ConceptKind.OCCUPATION,
                    code=row.get("code") or None,
                    status=row.get("status") or None,
                    labels=_labels(row, language),
                    descriptions=_description(row, language),
                )
            )
            isco = row.get("iscoGroup", "")
            if isco:
                batch.mappings.append(
                    MappingRecord(uri, Scheme.ISCO, isco, MatchKind.BROAD, ISCO_PROVENANCE)
                )
    elif stem == "ISCOGroups":
        for row in read_rows(path, ("conceptUri", "preferredLabel", "code")):
            batch.concepts.append(
                ConceptRecord(
                    uri=_uri(row, "conceptUri", path),
                    scheme=Scheme.ISCO,
                    kind=ConceptKind.OCCUPATION_GROUP,
                    code=row.get("code") or None,
                    status=row.get("status") or None,
                    labels=_labels(row, language),
                    descriptions=_description(row, language),
                )
            )
    elif stem == "skillGroups":
        for row in read_rows(path, ("conceptUri", "preferredLabel")):
            batch.concepts.append(
                ConceptRecord(
                    uri=_uri(row, "conceptUri", path),
                    scheme=Scheme.ESCO,
                    kind=ConceptKind.SKILL_GROUP,
                    code=row.get("code") or None,
                    status=row.get("status") or None,
                    labels=_labels(row, language),
                    descriptions=_description(row, language),
                )
            )
    elif stem == "skillsHierarchy":
        _read_hierarchy(path, language, batch)


def _read_hierarchy(path: Path, language: str, batch: Batch) -> None:
    """Levels 0-3 of the skills pillar: each level's group and its link to the level above."""
    required = tuple(f"Level {n} URI" for n in range(4))
    for row in read_rows(path, required):
        parent: str | None = None
        for level in range(4):
            uri = row.get(f"Level {level} URI", "")
            if not uri:
                break
            label = row.get(f"Level {level} preferred term", "")
            batch.concepts.append(
                ConceptRecord(
                    uri=_uri(row, f"Level {level} URI", path),
                    scheme=Scheme.ESCO,
                    kind=ConceptKind.SKILL_GROUP,
                    code=row.get(f"Level {level} code") or None,
                    labels=(Label(language, LabelKind.PREFERRED, label),) if label else (),
                    authoritative_labels=False,
                )
            )
            if parent:
                batch.relations.append(RelationRecord(uri, RelationKind.BROADER, parent))
            parent = uri


def _read_collection(path: Path, collection: str, language: str, batch: Batch) -> None:
    for row in read_rows(path, ("conceptUri", "preferredLabel")):
        uri = _uri(row, "conceptUri", path)
        if "skillType" in row:
            record = replace(_skill(row, path, language, pipes=True), authoritative_labels=False)
        else:
            record = ConceptRecord(
                uri=uri,
                scheme=Scheme.ESCO,
                kind=ConceptKind.OCCUPATION,
                labels=_labels(row, language, pipes=True),
                authoritative_labels=False,
            )
        batch.concepts.append(record)
        batch.collections.append((uri, collection))


def _read_relations(path: Path, stem: str, batch: Batch) -> None:
    readers: dict[str, Callable[[Path, Batch], None]] = {
        "broaderRelationsOccPillar": _broader,
        "broaderRelationsSkillPillar": _broader,
        "occupationSkillRelations": _occupation_skills,
        "skillSkillRelations": _skill_skills,
    }
    readers[stem](path, batch)


def _broader(path: Path, batch: Batch) -> None:
    for row in read_rows(path, ("conceptUri", "broaderUri")):
        batch.relations.append(
            RelationRecord(
                _uri(row, "conceptUri", path), RelationKind.BROADER, _uri(row, "broaderUri", path)
            )
        )


def _relation_kind(row: Row, path: Path, essential: RelationKind, optional: RelationKind) -> RelationKind:
    value = row.get("relationType", "")
    if value == "essential":
        return essential
    if value == "optional":
        return optional
    raise ImportFileError(
        f"relationType should be 'essential' or 'optional', found {value!r}",
        path=str(path),
        line=row.line,
    )


def _occupation_skills(path: Path, batch: Batch) -> None:
    for row in read_rows(path, ("occupationUri", "relationType", "skillUri")):
        kind = _relation_kind(row, path, RelationKind.ESSENTIAL_SKILL, RelationKind.OPTIONAL_SKILL)
        batch.relations.append(
            RelationRecord(_uri(row, "occupationUri", path), kind, _uri(row, "skillUri", path))
        )


def _skill_skills(path: Path, batch: Batch) -> None:
    for row in read_rows(path, ("originalSkillUri", "relationType", "relatedSkillUri")):
        kind = _relation_kind(row, path, RelationKind.ESSENTIAL_FOR, RelationKind.OPTIONAL_FOR)
        batch.relations.append(
            RelationRecord(
                _uri(row, "originalSkillUri", path), kind, _uri(row, "relatedSkillUri", path)
            )
        )


def version_of(folder: Path) -> str | None:
    for part in reversed(folder.resolve().parts):
        found = _VERSION.fullmatch(part)
        if found:
            return found.group(1)
    return None


def read_esco(files: list[Path], *, folder: Path, version: str | None = None) -> Batch:
    """Read every ESCO file in ``files`` into one batch (concepts first, then relations)."""
    version = version or version_of(folder) or "unknown version"
    languages = sorted({lang for f in files if (lang := _split_name(f)[1])})
    batch = Batch(source=f"ESCO v{version} ({', '.join(languages) or 'relations'})", format="esco")
    relation_files: list[tuple[Path, str]] = []
    for path in sorted(files):
        stem, language = _split_name(path)
        if stem in RELATION_FILES:
            relation_files.append((path, stem))
            continue
        if stem in COLLECTIONS and language:
            _read_collection(path, COLLECTIONS[stem], language, batch)
        elif stem in CONCEPT_FILES and language:
            _read_concepts(path, stem, language, batch)
        else:
            batch.skipped.append(path)
            continue
        batch.files.append(path)
    for path, stem in relation_files:
        _read_relations(path, stem, batch)
        batch.files.append(path)
    return batch
