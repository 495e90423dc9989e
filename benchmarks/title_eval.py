"""Job titles to ESCO occupations: accuracy of the taxonomy search on a labelled set.

Usage: .venv/bin/python benchmarks/title_eval.py [--database URL] [--json]

Each line of tests/data/job_titles.jsonl holds a job title as people write it (Dutch or
English, seldom ESCO's own preferred label) and the ESCO occupation it names. The title is
searched among ESCO occupations the way ``kunde career-paths --from TITLE`` resolves it;
accuracy@1 and @5 say how often that occupation is first, or among the first five.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from kunde.config import Settings
from kunde.db.session import Database
from kunde.taxonomy.service import TaxonomyService

TITLES = Path(__file__).resolve().parent.parent / "tests" / "data" / "job_titles.jsonl"


def evaluate(taxonomy: TaxonomyService, rows: list[dict[str, Any]]) -> dict[str, Any]:
    by_language: dict[str, list[tuple[int | None, float]]] = {}
    misses: list[str] = []
    for row in rows:
        started = time.perf_counter()
        hits = taxonomy.occupations_for_title(str(row["title"]), language=str(row["lang"]))
        seconds = time.perf_counter() - started
        uris = [hit.uri for hit in hits]
        rank = uris.index(row["occupation"]) + 1 if row["occupation"] in uris else None
        if rank != 1:
            first = hits[0].label.text if hits else "-"
            misses.append(f"{row['title']} -> {first} (wanted {row['label']}, rank {rank})")
        by_language.setdefault(str(row["lang"]), []).append((rank, seconds))
    result: dict[str, Any] = {}
    for language, ranks in sorted(by_language.items()):
        result[language] = {
            "titles": len(ranks),
            "accuracy@1": round(sum(r == 1 for r, _ in ranks) / len(ranks), 3),
            "accuracy@5": round(sum(r is not None and r <= 5 for r, _ in ranks) / len(ranks), 3),
            "seconds_median": round(sorted(s for _, s in ranks)[len(ranks) // 2], 3),
        }
    result["misses"] = misses
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", default=Settings().resolved_database_url())
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    lines = TITLES.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines if line.strip()]
    taxonomy = TaxonomyService(Database.from_url(args.database))
    taxonomy.warm_up()
    result = evaluate(taxonomy, rows)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    for language in ("nl", "en"):
        if language in result:
            sys.stdout.write(f"{language}  {result[language]}\n")
    for miss in result["misses"]:
        sys.stdout.write(f"miss  {miss}\n")


if __name__ == "__main__":
    main()
