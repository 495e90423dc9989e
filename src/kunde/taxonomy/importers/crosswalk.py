"""The official ESCO-O*NET crosswalk (ESCO Secretariat with USDOL/ETA, v1, 2022).

The table starts after a metadata block; ``Type of Match`` is a SKOS mapping read from
ESCO's side: ``broadMatch`` means the O*NET occupation is broader than the ESCO one.
"""

from __future__ import annotations

from pathlib import Path

from kunde.errors import ImportFileError
from kunde.taxonomy.importers._files import base_name, read_text
from kunde.taxonomy.importers.batch import Batch
from kunde.taxonomy.importers.onet import SOC
from kunde.taxonomy.importers._files import read_rows
from kunde.taxonomy.model import MappingRecord, MatchKind, Scheme

PROVENANCE = "ESCO-O*NET crosswalk v1 (ESCO Secretariat and USDOL/ETA, 2022)"
HEADER = "O*NET Id"
_MATCHES = {
    "exactMatch": MatchKind.EXACT,
    "closeMatch": MatchKind.CLOSE,
    "broadMatch": MatchKind.BROAD,
    "narrowMatch": MatchKind.NARROW,
    "exactISCO": MatchKind.EXACT,
    "relatedMatch": MatchKind.RELATED,
}


def is_crosswalk_file(path: Path) -> bool:
    return base_name(path) == "crosswalk_esco_onet"


def read_crosswalk(path: Path) -> Batch:
    lines = read_text(path).splitlines()
    skip = next((n for n, line in enumerate(lines) if line.startswith(HEADER)), None)
    if skip is None:
        raise ImportFileError(
            f"no table header starting with {HEADER!r} was found", path=str(path)
        )
    batch = Batch(source="ESCO-O*NET crosswalk v1", format="crosswalk", files=[path])
    required = ("O*NET Id", "O*NET Title", "ESCO or ISCO URI", "Type of Match")
    for row in read_rows(path, required, skip_lines=skip):
        code, uri, match = row["O*NET Id"], row["ESCO or ISCO URI"], row["Type of Match"]
        if not SOC.match(code):
            raise ImportFileError(
                f"O*NET Id should look like 15-1252.00, found {code!r}", path=str(path),
                line=row.line,
            )
        if match not in _MATCHES:
            raise ImportFileError(
                f"Type of Match should be one of {', '.join(_MATCHES)}, found {match!r}",
                path=str(path), line=row.line,
            )
        batch.mappings.append(
            MappingRecord(uri, Scheme.ONET, code, _MATCHES[match], PROVENANCE, row["O*NET Title"])
        )
    return batch
