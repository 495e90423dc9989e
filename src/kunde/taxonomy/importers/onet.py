"""O*NET database files (Excel ``.xlsx`` or the tab-delimited ``.txt`` download, gz allowed).

O*NET has no URIs of its own; Kunde names its concepts ``urn:onet:soc:<O*NET-SOC code>``,
``urn:onet:element:<Element ID>`` and ``urn:onet:commodity:<UNSPSC code>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from kunde.errors import ImportFileError
from kunde.taxonomy.importers._files import Row, base_name, read_rows
from kunde.taxonomy.importers.batch import Batch
from kunde.taxonomy.model import (
    ConceptKind,
    ConceptRecord,
    Label,
    LabelKind,
    RelationKind,
    RelationRecord,
    Scheme,
)

ONET_FILES = (
    "Occupation Data",
    "Alternate Titles",
    "Skills",
    "Knowledge",
    "Technology Skills",
    "Related Occupations",
)
SOC = re.compile(r"^\d{2}-\d{4}\.\d{2}$")
_IMPORTANCE = "IM"
# O*NET importance runs 1-5; below this an element hardly matters for the occupation.
_MIN_IMPORTANCE = 2.5


def soc_uri(code: str) -> str:
    return f"urn:onet:soc:{code}"


def element_uri(element_id: str) -> str:
    return f"urn:onet:element:{element_id}"


def commodity_uri(code: str) -> str:
    return f"urn:onet:commodity:{code}"


def is_onet_file(path: Path) -> bool:
    return base_name(path) in ONET_FILES and path.name.endswith((".xlsx", ".txt", ".txt.gz"))


def _xlsx_rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    from openpyxl import load_workbook  # noqa: PLC0415 - only needed for Excel files

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise ImportFileError(f"the Excel file cannot be opened ({exc})", path=str(path)) from exc
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
    missing = [column for column in required if column not in header]
    if missing:
        workbook.close()
        raise ImportFileError(
            f"the header lacks the column(s) {', '.join(missing)}", path=str(path), line=1
        )
    for number, values in enumerate(rows, start=2):
        if not any(v is not None for v in values):
            continue
        row = Row(
            zip(header, ("" if v is None else str(v).strip() for v in values), strict=False)
        )
        row.line = number
        yield row
    workbook.close()


def _rows(path: Path, required: tuple[str, ...]) -> Iterator[Row]:
    if path.suffix == ".xlsx":
        return _xlsx_rows(path, required)
    return read_rows(path, required, delimiter="\t")


def _code(row: Row, path: Path, column: str = "O*NET-SOC Code") -> str:
    code = row.get(column, "")
    if not SOC.match(code):
        raise ImportFileError(
            f"{column} should look like 15-1252.00, found {code!r}", path=str(path), line=row.line
        )
    return code


def _float(row: Row, column: str, path: Path) -> float:
    try:
        return float(row.get(column, ""))
    except ValueError as exc:
        raise ImportFileError(
            f"{column} should be a number, found {row.get(column)!r}", path=str(path), line=row.line
        ) from exc


def _occupations(path: Path, batch: Batch) -> None:
    for row in _rows(path, ("O*NET-SOC Code", "Title", "Description")):
        code = _code(row, path)
        batch.concepts.append(
            ConceptRecord(
                uri=soc_uri(code),
                scheme=Scheme.ONET,
                kind=ConceptKind.OCCUPATION,
                code=code,
                labels=(Label("en", LabelKind.PREFERRED, row["Title"]),),
                descriptions={"en": row["Description"]},
            )
        )


def _alternate_titles(path: Path, batch: Batch) -> None:
    for row in _rows(path, ("O*NET-SOC Code", "Alternate Title")):
        code = _code(row, path)
        titles = {row["Alternate Title"], row.get("Short Title", "")} - {""}
        batch.concepts.append(
            ConceptRecord(
                uri=soc_uri(code),
                scheme=Scheme.ONET,
                kind=ConceptKind.OCCUPATION,
                code=code,
                labels=tuple(Label("en", LabelKind.ALTERNATIVE, t) for t in sorted(titles)),
                authoritative_labels=False,
            )
        )


def _elements(path: Path, kind: ConceptKind, batch: Batch) -> None:
    required = ("O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value")
    seen: set[str] = set()
    for row in _rows(path, required):
        element = row["Element ID"]
        if element not in seen:
            seen.add(element)
            batch.concepts.append(
                ConceptRecord(
                    uri=element_uri(element),
                    scheme=Scheme.ONET,
                    kind=kind,
                    code=element,
                    labels=(Label("en", LabelKind.PREFERRED, row["Element Name"]),),
                )
            )
        if row["Scale ID"] != _IMPORTANCE or row.get("Recommend Suppress") == "Y":
            continue
        importance = _float(row, "Data Value", path)
        if importance >= _MIN_IMPORTANCE:
            batch.relations.append(
                RelationRecord(
                    soc_uri(_code(row, path)), RelationKind.REQUIRES, element_uri(element),
                    importance,
                )
            )


def _technology(path: Path, batch: Batch) -> None:
    required = ("O*NET-SOC Code", "Example", "Commodity Code", "Commodity Title")
    examples: dict[str, set[str]] = {}
    titles: dict[str, str] = {}
    for row in _rows(path, required):
        commodity = row["Commodity Code"]
        titles[commodity] = row["Commodity Title"]
        examples.setdefault(commodity, set()).add(row["Example"])
        hot = 1.0 if row.get("Hot Technology") == "Y" else 0.5
        batch.relations.append(
            RelationRecord(
                soc_uri(_code(row, path)), RelationKind.REQUIRES, commodity_uri(commodity), hot
            )
        )
    for commodity, title in titles.items():
        labels = [Label("en", LabelKind.PREFERRED, title)]
        labels += [
            Label("en", LabelKind.ALTERNATIVE, example)
            for example in sorted(examples[commodity] - {title, ""})
        ]
        batch.concepts.append(
            ConceptRecord(
                uri=commodity_uri(commodity),
                scheme=Scheme.ONET,
                kind=ConceptKind.TECHNOLOGY,
                code=commodity,
                labels=tuple(labels),
            )
        )


def _related(path: Path, batch: Batch) -> None:
    for row in _rows(path, ("O*NET-SOC Code", "Related O*NET-SOC Code")):
        batch.relations.append(
            RelationRecord(
                soc_uri(_code(row, path)),
                RelationKind.RELATED,
                soc_uri(_code(row, path, "Related O*NET-SOC Code")),
            )
        )


def read_onet(files: list[Path], *, version: str | None = None) -> Batch:
    """Read the O*NET files Kunde uses; others in the folder are skipped."""
    by_name = {base_name(f): f for f in files if is_onet_file(f)}
    if "Occupation Data" not in by_name:
        raise ImportFileError(
            "an O*NET folder needs 'Occupation Data' (.xlsx or .txt) before any other file",
            path=str(files[0].parent if files else ""),
        )
    label = f"O*NET {version}" if version else "O*NET"
    batch = Batch(source=label, format="onet")
    _occupations(by_name["Occupation Data"], batch)
    readers = {
        "Alternate Titles": _alternate_titles,
        "Technology Skills": _technology,
        "Related Occupations": _related,
    }
    for name, path in sorted(by_name.items()):
        if name == "Skills":
            _elements(path, ConceptKind.SKILL, batch)
        elif name == "Knowledge":
            _elements(path, ConceptKind.KNOWLEDGE, batch)
        elif name in readers:
            readers[name](path, batch)
        batch.files.append(path)
    batch.skipped = [f for f in files if f not in batch.files]
    return batch
