"""Readers for taxonomy files: detect what a folder or file holds and read it into batches."""

from __future__ import annotations

from pathlib import Path

from kunde.errors import ImportFileError
from kunde.taxonomy.importers.batch import Batch
from kunde.taxonomy.importers.crosswalk import is_crosswalk_file, read_crosswalk
from kunde.taxonomy.importers.esco import is_esco_file, read_esco
from kunde.taxonomy.importers.onet import is_onet_file, read_onet
from kunde.taxonomy.importers.skos import is_skos_file, read_skos

_ONET_VERSION = ("onet", "o*net", "db_")


def _files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
    raise ImportFileError("no such file or folder", path=str(path))


def _onet_version(folder: Path) -> str | None:
    for part in reversed(folder.resolve().parts):
        cleaned = part.lower().removeprefix("db_").replace("_text", "").replace("_excel", "")
        if cleaned.replace("_", ".").replace(".", "").isdigit():
            return cleaned.replace("_", ".")
    return None


def read_path(path: Path, *, version: str | None = None) -> list[Batch]:
    """Read everything Kunde understands under ``path``: ESCO, O*NET, crosswalks, SKOS/CSV.

    Raises :class:`ImportFileError` when nothing there is recognised.
    """
    files = _files(path)
    folder = path if path.is_dir() else path.parent
    batches: list[Batch] = []
    esco = [f for f in files if is_esco_file(f)]
    if esco:
        batches.append(read_esco(esco, folder=folder, version=version))
    onet = [f for f in files if is_onet_file(f)]
    if onet:
        batches.append(read_onet(onet, version=version or _onet_version(folder)))
    batches.extend(read_crosswalk(f) for f in files if is_crosswalk_file(f))
    batches.extend(read_skos(f) for f in files if is_skos_file(f))
    if not batches:
        raise ImportFileError(
            "nothing Kunde can import was found here. Expected ESCO CSV files "
            "(skills_en.csv, occupations_nl.csv, ...), O*NET files (Occupation Data.xlsx or "
            ".txt), the ESCO-O*NET crosswalk (crosswalk_esco_onet.csv) or a SKOS file "
            "(.ttl, or .csv with a 'uri' and 'prefLabel' column)",
            path=str(path),
        )
    return batches


__all__ = ["Batch", "read_path"]
