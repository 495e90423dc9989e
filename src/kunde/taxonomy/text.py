"""Text normalisation for matching labels: case, diacritics, punctuation, stems, trigrams."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

_NON_WORD = re.compile(r"[^0-9a-z]+")
_STEMMERS = {"en": snowballstemmer.stemmer("english"), "nl": snowballstemmer.stemmer("dutch")}
# Words that carry no meaning in a label; dropping them keeps "operate a forklift" and
# "forklift operation" close.
STOPWORDS = frozenset(
    [
        # English
        "a",
        "an",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "with",
        "or",
        "by",
        "as",
        "at",
        "from",
        # Dutch
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "op",
        "met",
        "te",
        "door",
        "aan",
        "bij",
        "om",
    ]
)


def fold(text: str) -> str:
    """Lower case, without diacritics, punctuation turned into single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", stripped).strip()


@lru_cache(maxsize=200_000)
def stem(word: str, language: str) -> str:
    stemmer = _STEMMERS.get(language)
    if stemmer is None or len(word) <= 3:  # noqa: PLR2004 - short words have no useful stem
        return word
    result: str = stemmer.stemWord(word)
    return result


def key(text: str, language: str) -> str:
    """The matching key of a label: folded, stop words dropped, each word stemmed."""
    words = [w for w in fold(text).split() if w not in STOPWORDS] or fold(text).split()
    return " ".join(stem(word, language) for word in words)


# Short words frequent in one language and rare in the other; enough of them tell which
# language a sentence is in (a CV line, a vacancy sentence), no model needed.
_ENGLISH_MARKERS = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "with",
        "for",
        "is",
        "are",
        "you",
        "we",
        "our",
        "your",
        "will",
        "be",
        "have",
        "has",
        "this",
        "that",
        "who",
        "which",
        "experience",
        "skills",
        "ability",
        "knowledge",
        "working",
        "strong",
        "team",
        "able",
        "years",
    ]
)
_DUTCH_MARKERS = frozenset(
    [
        "de",
        "het",
        "een",
        "en",
        "van",
        "voor",
        "met",
        "ik",
        "je",
        "jij",
        "wij",
        "we",
        "zijn",
        "is",
        "wordt",
        "heb",
        "hebt",
        "heeft",
        "ben",
        "bent",
        "niet",
        "ook",
        "als",
        "bij",
        "naar",
        "uit",
        "over",
        "onze",
        "jouw",
        "ervaring",
        "kennis",
        "werk",
        "gewerkt",
        "goede",
    ]
)
_SHARED_MARKERS = _ENGLISH_MARKERS & _DUTCH_MARKERS


def guess_language(text: str) -> str | None:
    """``"en"`` or ``"nl"`` when the text's common words clearly say so, else ``None``."""
    english = dutch = 0
    for word in fold(text).split():
        if word in _SHARED_MARKERS:
            continue
        english += word in _ENGLISH_MARKERS
        dutch += word in _DUTCH_MARKERS
    if english >= 2 * dutch + 1 and english >= 2:  # noqa: PLR2004
        return "en"
    if dutch >= 2 * english + 1 and dutch >= 2:  # noqa: PLR2004
        return "nl"
    return None


# Parts of vacancy titles that say nothing about the occupation: gender markers, hours,
# contract and seniority words ("Senior Java Developer (m/f/d)", "Magazijnmedewerker 32 uur").
_DASHES = "\u2013\u2014"  # en and em dash, as titles copied from vacancy sites have them
_TITLE_NOISE = re.compile(
    r"\(\s*[mvwfdhx](?:\s*/\s*[mvwfdhx])+\s*\)|\b[mvwfdhx](?:/[mvwfdhx])+\b"
    r"|\b\d+(?:\s*[-\u2013]\s*\d+)?\s*(?:uur|u|hours|hrs|h)\b(?:\s*(?:per|p/)\s*week)?"
    r"|\b(?:full|part)[\s-]?time\b|\b(?:senior|junior|medior|sr|jr)\b\.?",
    re.IGNORECASE,
)
_EMPTY_BRACKETS = re.compile(r"\(\s*\)|\[\s*\]")
_TITLE_PARTS = re.compile(rf"\s+[-{_DASHES}|/]\s+|\s*[|,]\s*")


def title_variants(title: str) -> list[str]:
    """A job title as typed, cleaned of vacancy noise, and its parts around separators
    ("Registered Nurse - ICU": the whole and "Registered Nurse"); the first is the whole."""
    cleaned = _EMPTY_BRACKETS.sub(" ", _TITLE_NOISE.sub(" ", title))
    cleaned = " ".join(cleaned.split()).strip(f" -{_DASHES}|/,")
    variants = [cleaned or title.strip()]
    for piece in _TITLE_PARTS.split(cleaned):
        part = piece.strip(" ()")
        if part and part not in variants and len(part) > 2:  # noqa: PLR2004
            variants.append(part)
    return variants


def trigrams(matching_key: str) -> list[str]:
    """Character trigrams of each word, padded so short words and word starts count."""
    grams: list[str] = []
    for word in matching_key.split():
        padded = f" {word} "
        grams.extend(padded[i : i + 3] for i in range(len(padded) - 2))
    return grams
