"""Quality of skills-from-text on the labelled dev set (tests/data/extract_dev.jsonl).

Usage: .venv/bin/python benchmarks/extract_eval.py [--database URL] [--limit 5] [--json]

Each line holds a Dutch or English sentence and the ESCO skill URIs a reader would take from
it. For every sentence the extractor's top ``--limit`` results are compared with that set:

* precision: share of returned skills that are in the set (micro-averaged);
* recall: share of the set that was returned (micro-averaged);
* RP@5: R-precision, hits in the first min(5, |set|) results / min(5, |set|), averaged;
* MRR: mean of 1 / rank of the first right skill (0 when none).

The database needs the bundled taxonomy (`make demo` gives var/kunde.sqlite3).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from kunde.config import Settings
from kunde.db.session import Database
from kunde.matching.extract import SkillExtractor
from kunde.taxonomy.service import TaxonomyService

DEV_SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "extract_dev.jsonl"


def evaluate(extractor: SkillExtractor, rows: list[dict[str, object]], limit: int) -> dict:  # type: ignore[type-arg]
    found = relevant = returned = 0
    rp = rr = 0.0
    per_language: dict[str, list[float]] = {}
    for row in rows:
        gold = set(row["skills"])  # type: ignore[call-overload]
        got = [s.uri for s in extractor.extract(str(row["text"]), limit=limit)]
        hits = [uri in gold for uri in got]
        found += sum(hits)
        returned += len(got)
        relevant += len(gold)
        cut = min(5, len(gold))
        rp_row = sum(hits[:cut]) / cut
        rp += rp_row
        rr += next((1 / (n + 1) for n, hit in enumerate(hits) if hit), 0.0)
        per_language.setdefault(str(row["lang"]), []).append(rp_row)
    return {
        "sentences": len(rows),
        "limit": limit,
        "precision": round(found / returned, 3) if returned else 0.0,
        "recall": round(found / relevant, 3),
        "rp@5": round(rp / len(rows), 3),
        "mrr": round(rr / len(rows), 3),
        "rp@5_by_language": {k: round(sum(v) / len(v), 3) for k, v in per_language.items()},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=Settings().resolved_database_url())
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows = [json.loads(line) for line in DEV_SET.read_text(encoding="utf-8").splitlines()]
    taxonomy = TaxonomyService(Database.from_url(args.database))
    started = time.perf_counter()
    extractor = SkillExtractor(taxonomy.warm_up(), taxonomy.embedder)
    built = time.perf_counter() - started
    started = time.perf_counter()
    result = evaluate(extractor, rows, args.limit)
    result["seconds_per_sentence"] = round((time.perf_counter() - started) / len(rows), 3)
    result["build_seconds"] = round(built, 1)
    if args.json:
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    for name, value in result.items():
        sys.stdout.write(f"{name:>22}  {value}\n")


if __name__ == "__main__":
    main()
