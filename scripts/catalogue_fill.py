"""Fill catalogue entries: English msgstr = msgid, Dutch from a JSON file of new translations.

Usage: python scripts/catalogue_fill.py [NEW_DUTCH.json]

Run after `make i18n`; the JSON maps English messages to their Dutch (B1) translation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

LOCALE = Path(__file__).resolve().parent.parent / "src" / "kunde" / "web" / "locale"


def _rewrite(language: str, fill: dict[str, str] | None) -> list[str]:
    path = LOCALE / language / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as handle:
        catalogue = read_po(handle, locale=language)
    missing: list[str] = []
    for message in catalogue:
        if not message.id or message.string:
            continue
        key = message.id if isinstance(message.id, str) else message.id[0]
        if fill is None:
            message.string = message.id
        elif key in fill:
            message.string = fill[key]
        else:
            missing.append(key)
    with path.open("wb") as handle:
        write_po(handle, catalogue, width=100, omit_header=True)
    return missing


def main() -> None:
    dutch = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8")) if len(sys.argv) > 1 else {}
    _rewrite("en", None)
    missing = _rewrite("nl", dutch)
    for message in missing:
        print(f"no Dutch yet: {message}")


if __name__ == "__main__":
    main()
