"""JSON shapes of taxonomy results, shared by the API and the CLI's ``--json``."""

from __future__ import annotations

from typing import Any

from kunde.taxonomy.model import (
    ConceptDetail,
    ConceptSummary,
    ImportReport,
    Mapping,
    OccupationSkill,
    SearchHit,
)


def hit(h: SearchHit) -> dict[str, Any]:
    return {
        "uri": h.uri,
        "label": h.label.text,
        "language": h.label.language,
        "type": h.kind.value,
        "scheme": h.scheme.value,
        "code": h.code,
        "score": h.score,
        "matched": h.matched,
    }


def summary(s: ConceptSummary) -> dict[str, Any]:
    return {
        "uri": s.uri,
        "label": s.label.text,
        "language": s.label.language,
        "type": s.kind.value,
        "scheme": s.scheme.value,
        "code": s.code,
    }


def detail(d: ConceptDetail) -> dict[str, Any]:
    return {
        "uri": d.uri,
        "label": d.label.text,
        "language": d.label.language,
        "type": d.kind.value,
        "scheme": d.scheme.value,
        "code": d.code,
        "status": d.status,
        "reuse_level": d.reuse_level,
        "description": d.description.text if d.description else None,
        "description_language": d.description.language if d.description else None,
        "labels": [
            {"language": lab.language, "kind": lab.kind.value, "text": lab.text} for lab in d.labels
        ],
        "broader": [summary(s) for s in d.broader],
        "narrower": [summary(s) for s in d.narrower],
        "collections": [s.label.text for s in d.collections],
        "related": {kind: [summary(s) for s in items] for kind, items in d.related.items()},
    }


def mapping(m: Mapping) -> dict[str, Any]:
    return {
        "source": m.source,
        "target": m.target,
        "scheme": m.target_scheme.value,
        "label": m.label,
        "match": m.match.value,
        "provenance": m.provenance,
    }


def occupation_skill(s: OccupationSkill) -> dict[str, Any]:
    return {**summary(s.skill), "relation": s.relation.value, "weight": s.weight}


def import_report(r: ImportReport) -> dict[str, Any]:
    return {
        "source": r.source,
        "format": r.format,
        "changed": r.changed,
        "concepts_added": r.concepts_added,
        "concepts_updated": r.concepts_updated,
        "labels_added": r.labels_added,
        "labels_removed": r.labels_removed,
        "relations_added": r.relations_added,
        "mappings_added": r.mappings_added,
        "embeddings_added": r.embeddings_added,
        "files": r.files,
    }
