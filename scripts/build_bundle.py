"""Build the taxonomy snapshot bundled in the package from the offline source data.

Usage: python scripts/build_bundle.py SHARED_DATA_DIR

Copies the ESCO CSV files as they are (gzip), converts the O*NET Excel files Kunde reads
to O*NET's tab-delimited text format (gzip), copies the ESCO-O*NET crosswalk, and
precomputes label embeddings into an embeddings cache, so `make run` needs no network.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
from pathlib import Path

import numpy as np
from openpyxl import load_workbook

from kunde.db.migrate import upgrade
from kunde.db.session import Database
from kunde.taxonomy.embeddings import E5Embedder
from kunde.taxonomy.importers.onet import ONET_FILES
from kunde.taxonomy.importing import EmbeddingCache, import_path
from kunde.taxonomy.store import EmbeddingRow

BUNDLE = Path(__file__).resolve().parent.parent / "src" / "kunde" / "taxonomy" / "bundled"
ESCO_NL_FILES = ("ISCOGroups_nl", "occupations_nl", "skillGroups_nl", "skillsHierarchy_nl")


def _copy_esco(data: Path) -> None:
    for source in sorted((data / "esco" / "v1.1.1").rglob("*.csv.gz")):
        target = BUNDLE / "esco" / "v1.1.1" / source.relative_to(data / "esco" / "v1.1.1")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    for name in ESCO_NL_FILES:
        target = BUNDLE / "esco" / "v1.2.0" / "nl" / f"{name}.csv.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(data / "esco" / "v1.2.0" / "nl" / f"{name}.csv.gz", target)


def _convert_onet(data: Path) -> None:
    target_dir = BUNDLE / "onet" / "29.2"
    target_dir.mkdir(parents=True, exist_ok=True)
    for name in ONET_FILES:
        workbook = load_workbook(data / "onet" / "29.2" / f"{name}.xlsx", read_only=True)
        with gzip.open(
            target_dir / f"{name}.txt.gz", "wt", encoding="utf-8", compresslevel=9
        ) as out:
            for row in workbook.worksheets[0].iter_rows(values_only=True):
                cells = [
                    "" if v is None else str(v).replace("\t", " ").replace("\n", " ") for v in row
                ]
                out.write("\t".join(cells) + "\n")
        workbook.close()


def _copy_crosswalk(data: Path) -> None:
    target = BUNDLE / "crosswalks" / "esco_onet" / "crosswalk_esco_onet.csv.gz"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(data / "crosswalks" / "esco_onet" / "crosswalk_esco_onet.csv.gz", target)


def _embeddings() -> None:
    embedder = E5Embedder()
    with tempfile.TemporaryDirectory() as folder:
        database = Database.from_url(f"sqlite:///{folder}/bundle.sqlite3")
        upgrade(database.bind)
        for part in ("esco/v1.1.1", "esco/v1.2.0/nl", "onet/29.2", "crosswalks"):
            with database.unit_of_work() as uow:
                import_path(
                    uow,
                    BUNDLE / part,
                    embedder=embedder,
                    cache=EmbeddingCache(embedder.name, {}),
                    progress=lambda task, done, total: print(f"\r{task} {done}/{total}", end=""),
                )
        with database.unit_of_work() as uow:
            rows = uow.session.query(EmbeddingRow.text, EmbeddingRow.vector).all()
        unique = dict(rows)
        texts = np.array(sorted(unique))
        packed = np.stack([np.frombuffer(unique[t], dtype=np.uint8) for t in texts])
        np.savez_compressed(
            BUNDLE / "embeddings.npz", model=embedder.name, texts=texts, packed=packed
        )
        print(f"\n{len(texts)} embeddings cached")


def main() -> None:
    data = Path(sys.argv[1])
    _copy_esco(data)
    _convert_onet(data)
    _copy_crosswalk(data)
    _embeddings()


if __name__ == "__main__":
    main()
