"""SKOS concept schemes such as CompetentNL, as Turtle or as a flat CSV file.

CSV columns (one concept a line; several values separated by ``|``)::

    uri, type, prefLabel@nl, prefLabel@en, altLabel@nl, altLabel@en, definition@nl,
    definition@en, broader, exactMatch, closeMatch, broadMatch, narrowMatch, relatedMatch

``type`` (Turtle: ``dcterms:type``) is skill, knowledge, occupation, skill_group or occupation_group. Mappings
point at ESCO URIs and are stored from the ESCO side, so ``kunde taxonomy map`` works both
ways. The scheme is CompetentNL unless a ``scheme`` column says otherwise.
"""

from __future__ import annotations

from pathlib import Path

from kunde.errors import ImportFileError
from kunde.taxonomy.importers._files import Row, base_name, read_rows, read_text, split_labels
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

_MATCH_COLUMNS = {
    "exactMatch": MatchKind.EXACT,
    "closeMatch": MatchKind.CLOSE,
    "broadMatch": MatchKind.BROAD,
    "narrowMatch": MatchKind.NARROW,
    "relatedMatch": MatchKind.RELATED,
}
# Seen from the ESCO side, a broader CompetentNL concept makes ESCO the narrower one.
_INVERSE = {MatchKind.BROAD: MatchKind.NARROW, MatchKind.NARROW: MatchKind.BROAD}
_KINDS = {kind.value: kind for kind in ConceptKind}


def is_skos_file(path: Path) -> bool:
    if path.name.endswith((".ttl", ".ttl.gz")):
        return True
    if not path.name.endswith((".csv", ".csv.gz")) or base_name(path).startswith("crosswalk"):
        return False
    try:
        header = read_text(path).split("\n", 1)[0]
    except ImportFileError:
        return False
    columns = [c.strip() for c in header.split(",")]
    return "uri" in columns and any(c.startswith("prefLabel@") for c in columns)


def _scheme(value: str, path: Path, row: Row) -> Scheme:
    try:
        return Scheme(value or Scheme.COMPETENTNL.value)
    except ValueError as exc:
        raise ImportFileError(
            f"scheme should be one of {', '.join(s.value for s in Scheme)}, found {value!r}",
            path=str(path),
            line=row.line,
        ) from exc


def _add_mappings(batch: Batch, scheme: Scheme, uri: str, matches: dict[MatchKind, list[str]]) -> None:
    provenance = f"{scheme.value} SKOS mappings"
    for match, targets in matches.items():
        for target in targets:
            batch.mappings.append(
                MappingRecord(target, scheme, uri, _INVERSE.get(match, match), provenance)
            )


def _read_csv(path: Path) -> Batch:
    batch = Batch(source=f"SKOS file {path.name}", format="skos", files=[path])
    for row in read_rows(path, ("uri", "type")):
        uri = row["uri"]
        if ":" not in uri:
            raise ImportFileError(f"uri should be a URI, found {uri!r}", path=str(path), line=row.line)
        kind = _KINDS.get(row["type"])
        if kind is None:
            raise ImportFileError(
                f"type should be one of {', '.join(_KINDS)}, found {row['type']!r}",
                path=str(path),
                line=row.line,
            )
        scheme = _scheme(row.get("scheme", ""), path, row)
        labels: list[Label] = []
        descriptions: dict[str, str] = {}
        for column, value in row.items():
            name, _, language = column.partition("@")
            if not language or not value:
                continue
            if name == "prefLabel":
                labels.append(Label(language, LabelKind.PREFERRED, value))
            elif name == "altLabel":
                labels += [Label(language, LabelKind.ALTERNATIVE, t) for t in split_labels(value, pipes=True)]
            elif name == "definition":
                descriptions[language] = value
        if not any(label.kind is LabelKind.PREFERRED for label in labels):
            raise ImportFileError(
                "each concept needs a prefLabel in at least one language", path=str(path),
                line=row.line,
            )
        batch.concepts.append(
            ConceptRecord(uri=uri, scheme=scheme, kind=kind, code=row.get("code") or None,
                          labels=tuple(labels), descriptions=descriptions)
        )
        batch.relations += [
            RelationRecord(uri, RelationKind.BROADER, target)
            for target in split_labels(row.get("broader", ""), pipes=True)
        ]
        _add_mappings(
            batch,
            scheme,
            uri,
            {match: split_labels(row.get(col, ""), pipes=True) for col, match in _MATCH_COLUMNS.items()},
        )
    return batch


def _read_turtle(path: Path) -> Batch:
    from rdflib import Graph, Literal, URIRef  # noqa: PLC0415 - only for Turtle files
    from rdflib.namespace import DCTERMS, RDF, SKOS  # noqa: PLC0415

    graph = Graph()
    try:
        graph.parse(data=read_text(path), format="turtle")
    except Exception as exc:  # rdflib raises parser-specific errors
        raise ImportFileError(f"the Turtle file cannot be parsed: {exc}", path=str(path)) from exc
    batch = Batch(source=f"SKOS file {path.name}", format="skos", files=[path])
    scheme = Scheme.COMPETENTNL
    for subject in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
        if not isinstance(subject, URIRef):
            continue
        uri = str(subject)
        labels: list[Label] = []
        for predicate, kind in ((SKOS.prefLabel, LabelKind.PREFERRED), (SKOS.altLabel, LabelKind.ALTERNATIVE), (SKOS.hiddenLabel, LabelKind.HIDDEN)):
            for value in graph.objects(subject, predicate):
                if isinstance(value, Literal):
                    labels.append(Label(value.language or "nl", kind, str(value)))
        descriptions = {
            (value.language or "nl"): str(value)
            for value in graph.objects(subject, SKOS.definition)
            if isinstance(value, Literal)
        }
        notation = next((str(v) for v in graph.objects(subject, SKOS.notation)), None)
        kind_value = next((str(v) for v in graph.objects(subject, DCTERMS.type)), "skill")
        batch.concepts.append(
            ConceptRecord(uri=uri, scheme=scheme, kind=_KINDS.get(kind_value, ConceptKind.SKILL),
                          code=notation, labels=tuple(labels), descriptions=descriptions)
        )
        batch.relations += [
            RelationRecord(uri, RelationKind.BROADER, str(t)) for t in graph.objects(subject, SKOS.broader)
        ]
        matches = {
            match: [str(t) for t in graph.objects(subject, SKOS[name])]
            for name, match in _MATCH_COLUMNS.items()
        }
        _add_mappings(batch, scheme, uri, matches)
    if not batch.concepts:
        raise ImportFileError("the file holds no skos:Concept", path=str(path))
    return batch


def read_skos(path: Path) -> Batch:
    if path.name.endswith((".ttl", ".ttl.gz")):
        return _read_turtle(path)
    return _read_csv(path)
