"""Reading source files with errors that name the file, the line and what is wrong."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from kunde.errors import ImportFileError

csv.field_size_limit(16 * 1024 * 1024)


def base_name(path: Path) -> str:
    """``skills_en.csv.gz`` -> ``skills_en``; ``Skills.txt`` -> ``Skills``."""
    name = path.name
    for suffix in (".gz", ".csv", ".txt", ".xlsx", ".ttl", ".tsv"):
        name = name.removesuffix(suffix)
    return name


def read_text(path: Path) -> str:
    """The whole file as text; gzip is undone, a byte-order mark dropped."""
    try:
        raw = path.read_bytes()
        if path.suffix == ".gz":
            raw = gzip.decompress(raw)
    except FileNotFoundError as exc:
        raise ImportFileError("the file does not exist", path=str(path)) from exc
    except (EOFError, OSError, zlib.error) as exc:
        raise ImportFileError(
            f"the compressed file is damaged or cut short ({exc})", path=str(path)
        ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ImportFileError(
            "the file is not UTF-8 text (save it as UTF-8)", path=str(path), line=line
        ) from exc


def checksum(paths: Sequence[Path]) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


class Row(dict[str, str]):
    """One CSV record that knows the line it started on, for error messages."""

    line: int = 0


def read_rows(  # noqa: C901 - each branch is one way a CSV file can be broken
    path: Path,
    required: Sequence[str],
    *,
    delimiter: str = ",",
    skip_lines: int = 0,
) -> Iterator[Row]:
    """Yield the records of a CSV file, checking the header names ``required`` columns."""
    text = read_text(path)
    if not text.strip():
        raise ImportFileError("the file is empty", path=str(path), line=1)
    stream = io.StringIO(text, newline="")
    for _ in range(skip_lines):
        stream.readline()
    reader = csv.reader(stream, delimiter=delimiter, strict=True)
    try:
        header = [column.strip() for column in next(reader)]
    except StopIteration as exc:
        raise ImportFileError("the file has no header line", path=str(path), line=1) from exc
    except csv.Error as exc:
        raise ImportFileError(f"the header cannot be read: {exc}", path=str(path), line=1) from exc
    missing = [column for column in required if column not in header]
    if missing:
        raise ImportFileError(
            f"the header lacks the column(s) {', '.join(missing)}; "
            f"found: {', '.join(c for c in header if c)}",
            path=str(path),
            line=skip_lines + 1,
        )
    start = reader.line_num + skip_lines
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFileError(
                f"the file is malformed or cut short: {exc}",
                path=str(path),
                line=reader.line_num + skip_lines,
            ) from exc
        line = start + 1
        start = reader.line_num + skip_lines
        if not any(value.strip() for value in values):
            continue
        if len(values) < len(header) and len(values) < len(required):
            raise ImportFileError(
                f"expected {len(header)} columns, found {len(values)}: the line is cut short",
                path=str(path),
                line=line,
            )
        row = Row(zip(header, (value.strip() for value in values), strict=False))
        row.line = line
        yield row


def split_labels(cell: str, *, pipes: bool = False) -> list[str]:
    """ESCO keeps alternative labels one per line (collections: separated by ``|``)."""
    parts = cell.split("|") if pipes else cell.splitlines()
    return [part.strip() for part in parts if part.strip()]
