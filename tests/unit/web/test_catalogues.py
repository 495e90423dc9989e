"""Every message in code and templates is in messages.pot and translated into Dutch."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).parents[3]
LOCALE = ROOT / "src" / "kunde" / "web" / "locale"
METHODS = [
    ("src/kunde/**.py", "python"),
    ("src/kunde/web/templates/**.html", "jinja2"),
]
OPTIONS = {"src/kunde/web/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
KEYWORDS = {"_": None, "N_": None, "gettext": (2,), "ngettext": (1, 2)}


def _extracted() -> set[str]:
    found: set[str] = set()
    for _filename, _line, message, _comments, _context in extract_from_dir(
        ROOT, METHODS, options_map=OPTIONS, keywords=KEYWORDS
    ):
        found.add(message if isinstance(message, str) else message[0])
    return found


def _catalogue(path: Path) -> dict[str, str]:
    with path.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_messages_pot_is_up_to_date() -> None:
    pot = set(_catalogue(LOCALE / "messages.pot"))
    missing = sorted(_extracted() - pot)
    assert not missing, f"run `make i18n`: messages.pot lacks {missing[:10]}"


@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_message_is_translated(language: str) -> None:
    catalogue = _catalogue(LOCALE / language / "LC_MESSAGES" / "messages.po")
    untranslated = sorted(m for m in _extracted() if not catalogue.get(m))
    assert not untranslated, f"{language}: no translation for {untranslated[:10]}"
