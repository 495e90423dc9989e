"""The labelled sentence sets of the extraction benchmark name real bundled ESCO skills."""

from __future__ import annotations

import csv
import gzip
import json
from pathlib import Path

import pytest

from kunde.taxonomy.bundle import BUNDLE_DIR

DATA = Path(__file__).resolve().parents[2] / "data"
SETS = ("extract_dev.jsonl", "extract_heldout.jsonl")


def _skills() -> dict[str, str]:
    path = BUNDLE_DIR / "esco" / "v1.1.1" / "classification_en" / "skills_en.csv.gz"
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return {row["conceptUri"]: row["preferredLabel"] for row in csv.DictReader(handle)}


@pytest.mark.parametrize("name", SETS)
def test_every_gold_skill_is_bundled_under_its_label(name: str) -> None:
    skills = _skills()
    rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]
    assert rows
    for row in rows:
        assert row["lang"] in ("nl", "en")
        assert row["text"].strip()
        assert row["skills"]
        assert len(row["skills"]) == len(row["labels"])
        for uri, label in zip(row["skills"], row["labels"], strict=True):
            assert skills.get(uri, "").strip() == label, (row["id"], uri)


def test_sets_share_no_sentence_and_hold_enough_of_each_language() -> None:
    texts: dict[str, list[str]] = {}
    languages: list[str] = []
    for name in SETS:
        rows = [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]
        texts[name] = [row["text"] for row in rows]
        languages += [row["lang"] for row in rows]
    assert not set(texts[SETS[0]]) & set(texts[SETS[1]])
    assert languages.count("nl") >= 60
    assert languages.count("en") >= 60
