"""An on-disk copy of the search catalogue, so a restarted server answers within a second.

Building the catalogue (stemming 230,000 labels, the trigram matrix) takes seconds; loading
these arrays takes a fraction of that. The file is named after the database's taxonomy
content and the embedding model, so a new import or another database never reads a stale
copy. Only numpy arrays are stored (no pickle): texts are joined into one UTF-8 buffer.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import numpy.typing as npt
from scipy import sparse

from kunde.taxonomy.catalog import Catalog
from kunde.taxonomy.search import IndexedLabel, SearchIndex, TrigramMatrix

FORMAT = "1"
_SEPARATOR = "\x1f"
log = logging.getLogger(__name__)


def cache_path(folder: Path, revision_key: str, model: str | None) -> Path:
    return folder / f"taxonomy-index-v{FORMAT}-{revision_key}-{model or 'lexical'}.npz"


def _texts(values: list[str]) -> npt.NDArray[np.uint8]:
    return np.frombuffer(_SEPARATOR.join(values).encode("utf-8"), dtype=np.uint8)


def _untexts(buffer: npt.NDArray[np.uint8]) -> list[str]:
    text = buffer.tobytes().decode("utf-8")
    return text.split(_SEPARATOR) if text else []


def save(catalog: Catalog, path: Path) -> None:
    """Write ``catalog`` atomically (a reader never sees half a file)."""
    index = catalog.index
    matrix = index.trigram_matrix
    labels = index.labels
    preferred = [
        (n, lang, text) for n, by in enumerate(catalog.preferred) for lang, text in by.items()
    ]
    vocabulary = sorted(matrix.vocabulary, key=matrix.vocabulary.__getitem__)
    arrays: dict[str, npt.NDArray[np.generic]] = {
        "revision": np.asarray([catalog.revision]),
        "ids": np.asarray(catalog.ids, np.int64),
        "uris": _texts(catalog.uris),
        "schemes": _texts(catalog.schemes),
        "kinds": _texts(catalog.kinds),
        "codes": _texts([c or "" for c in catalog.codes]),
        "preferred_position": np.asarray([p for p, _, _ in preferred], np.int32),
        "preferred_language": _texts([lang for _, lang, _ in preferred]),
        "preferred_text": _texts([text for _, _, text in preferred]),
        "label_concept": index.label_concept,
        "label_language": _texts([lab.language for lab in labels]),
        "label_kind": _texts([lab.kind for lab in labels]),
        "label_text": _texts([lab.text for lab in labels]),
        "label_key": _texts([lab.key for lab in labels]),
        "priors": index.priors,
        "matrix_data": matrix.matrix.data,
        "matrix_indices": matrix.matrix.indices,
        "matrix_indptr": matrix.matrix.indptr,
        "matrix_shape": np.asarray(matrix.matrix.shape),
        "idf": matrix.idf,
        "vocabulary": _texts(vocabulary),
    }
    if index.vectors is not None and index.vector_concepts is not None:
        arrays["vectors"] = index.vectors
        arrays["vector_concepts"] = index.vector_concepts
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    os.close(handle)
    try:
        with open(temporary, "wb") as out:  # noqa: PTH123 - numpy writes to a file object
            np.savez(out, **arrays)  # type: ignore[arg-type]
        Path(temporary).replace(path)
    finally:
        Path(temporary).unlink(missing_ok=True)


def load(path: Path) -> Catalog | None:
    """The cached catalogue, or None when there is none or it cannot be read."""
    if not path.exists():
        return None
    try:
        with np.load(path, allow_pickle=False) as data:
            return _rebuild({name: data[name] for name in data.files})
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        log.warning("ignoring unreadable taxonomy index cache %s: %s", path.name, exc)
        return None


def _rebuild(data: dict[str, npt.NDArray[np.generic]]) -> Catalog:
    uris = _untexts(data["uris"])  # type: ignore[arg-type]
    preferred: list[dict[str, str]] = [{} for _ in uris]
    for position, language, text in zip(
        data["preferred_position"].tolist(),
        _untexts(data["preferred_language"]),  # type: ignore[arg-type]
        _untexts(data["preferred_text"]),  # type: ignore[arg-type]
        strict=True,
    ):
        preferred[position][language] = text
    labels = [
        IndexedLabel(int(concept), language, kind, text, key)
        for concept, language, kind, text, key in zip(
            data["label_concept"].tolist(),
            _untexts(data["label_language"]),  # type: ignore[arg-type]
            _untexts(data["label_kind"]),  # type: ignore[arg-type]
            _untexts(data["label_text"]),  # type: ignore[arg-type]
            _untexts(data["label_key"]),  # type: ignore[arg-type]
            strict=True,
        )
    ]
    vocabulary = {gram: n for n, gram in enumerate(_untexts(data["vocabulary"]))}  # type: ignore[arg-type]
    shape = tuple(int(v) for v in data["matrix_shape"])
    matrix = sparse.csc_matrix(
        (data["matrix_data"], data["matrix_indices"], data["matrix_indptr"]), shape=shape
    )
    kinds = _untexts(data["kinds"])  # type: ignore[arg-type]
    index = SearchIndex(
        kinds,
        labels,
        vectors=data.get("vectors"),  # type: ignore[arg-type]
        vector_concepts=data.get("vector_concepts"),  # type: ignore[arg-type]
        concept_priors=data["priors"].tolist(),
        trigram_matrix=TrigramMatrix(matrix, data["idf"], vocabulary),  # type: ignore[arg-type]
    )
    ids = [int(v) for v in data["ids"].tolist()]
    return Catalog(
        revision=int(data["revision"][0]),
        ids=ids,
        uris=uris,
        schemes=_untexts(data["schemes"]),  # type: ignore[arg-type]
        kinds=kinds,
        codes=[c or None for c in _untexts(data["codes"])],  # type: ignore[arg-type]
        position={uri: n for n, uri in enumerate(uris)},
        preferred=preferred,
        index=index,
        by_id={concept_id: n for n, concept_id in enumerate(ids)},
    )
