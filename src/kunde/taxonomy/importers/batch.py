"""What a reader hands to the store: records from one source, applied in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kunde.taxonomy.model import ConceptRecord, MappingRecord, RelationRecord


@dataclass
class Batch:
    source: str
    format: str
    files: list[Path] = field(default_factory=list)
    concepts: list[ConceptRecord] = field(default_factory=list)
    relations: list[RelationRecord] = field(default_factory=list)
    mappings: list[MappingRecord] = field(default_factory=list)
    collections: list[tuple[str, str]] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
