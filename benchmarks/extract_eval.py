"""Quality of skills-from-text on the labelled sentence sets in tests/data.

Usage: .venv/bin/python benchmarks/extract_eval.py [--database URL] [--set dev|heldout|all|none]
       [--annotations FILE.csv ...] [--limit 5] [--json]

Each line holds a Dutch or English sentence and the ESCO skill URIs a reader would take from
it. ``dev`` (tests/data/extract_dev.jsonl) is the set the extractor is tuned on; ``heldout``
(tests/data/extract_heldout.jsonl) is only ever measured. For every sentence the extractor's
top ``--limit`` results are compared with that set, per language and overall:

* precision: share of returned skills that are in the set (micro-averaged);
* recall: share of the set that was returned (micro-averaged);
* RP@5: R-precision, hits in the first min(5, |set|) results / min(5, |set|), averaged;
* MRR: mean of 1 / rank of the first right skill (0 when none).

``--annotations`` also measures sentences in the CSV layout of the public skill-extraction
benchmark (columns ``sentence,span,sub_span,label``, one row per span, ``label`` an ESCO
preferred label or ``LABEL NOT PRESENT``/``UNDERSPECIFIED``): the labels of a sentence's rows
are its set; sentences without any ESCO label are left out, as the benchmark does.

The database needs the bundled taxonomy (`make demo` gives var/kunde.sqlite3).
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
import time
from pathlib import Path
from typing import Any

from kunde.config import Settings
from kunde.db.session import Database
from kunde.matching.extract import SkillExtractor
from kunde.taxonomy.service import TaxonomyService

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
SETS = {"dev": DATA / "extract_dev.jsonl", "heldout": DATA / "extract_heldout.jsonl"}


def _metrics(rows: list[tuple[set[str], list[str]]]) -> dict[str, Any]:
    found = relevant = returned = 0
    rp = rr = 0.0
    for gold, got in rows:
        hits = [uri in gold for uri in got]
        found += sum(hits)
        returned += len(got)
        relevant += len(gold)
        cut = min(5, len(gold))
        rp += sum(hits[:cut]) / cut
        rr += next((1 / (n + 1) for n, hit in enumerate(hits) if hit), 0.0)
    return {
        "sentences": len(rows),
        "precision": round(found / returned, 3) if returned else 0.0,
        "recall": round(found / relevant, 3) if relevant else 0.0,
        "rp@5": round(rp / len(rows), 3) if rows else 0.0,
        "mrr": round(rr / len(rows), 3) if rows else 0.0,
    }


def evaluate(
    extractor: SkillExtractor, rows: list[dict[str, Any]], limit: int
) -> dict[str, dict[str, Any]]:
    """Metrics overall and per language, and the seconds each sentence took."""
    scored: dict[str, list[tuple[set[str], list[str]]]] = {"all": []}
    seconds: list[float] = []
    for row in rows:
        started = time.perf_counter()
        got = [s.uri for s in extractor.extract(str(row["text"]), limit=limit)]
        seconds.append(time.perf_counter() - started)
        pair = (set(row["skills"]), got)
        scored["all"].append(pair)
        scored.setdefault(str(row["lang"]), []).append(pair)
    result = {name: _metrics(pairs) for name, pairs in sorted(scored.items())}
    seconds.sort()
    result["all"]["seconds_per_sentence_median"] = round(seconds[len(seconds) // 2], 3)
    result["all"]["seconds_per_sentence_max"] = round(seconds[-1], 3)
    return result


NO_LABEL = frozenset({"LABEL NOT PRESENT", "UNDERSPECIFIED"})


def read_annotations(path: Path, uri_of: dict[str, str]) -> list[dict[str, Any]]:
    """Sentences of a benchmark CSV with the URIs of their ESCO labels, in file order."""
    sentences: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            found = sentences.setdefault(row["sentence"], set())
            label = row["label"].strip()
            if label not in NO_LABEL:
                if label not in uri_of:
                    sys.exit(f"{path}: {label!r} is not an ESCO preferred label in this database")
                found.add(uri_of[label])
    return [
        {"text": text, "skills": sorted(uris), "lang": "en"}
        for text, uris in sentences.items()
        if uris
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--database", default=Settings().resolved_database_url())
    parser.add_argument("--set", choices=[*SETS, "all", "none"], default="all", dest="which")
    parser.add_argument("--annotations", type=Path, nargs="*", default=[])
    parser.add_argument("--limit", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    names = {"all": list(SETS), "none": []}.get(args.which, [args.which])
    taxonomy = TaxonomyService(Database.from_url(args.database))
    started = time.perf_counter()
    extractor = SkillExtractor(taxonomy.warm_up(), taxonomy.embedder)
    report: dict[str, Any] = {"build_seconds": round(time.perf_counter() - started, 1)}
    for name in names:
        lines = SETS[name].read_text(encoding="utf-8").splitlines()
        rows = [json.loads(line) for line in lines if line.strip()]
        report[name] = evaluate(extractor, rows, args.limit)
    if args.annotations:
        catalog = extractor.catalog
        uri_of = {
            names_["en"]: catalog.uris[n]
            for n, names_ in enumerate(catalog.preferred)
            if catalog.schemes[n] == "esco"
            and catalog.kinds[n] in ("skill", "knowledge")
            and "en" in names_
        }
        for path in args.annotations:
            names.append(path.stem)
            report[path.stem] = evaluate(extractor, read_annotations(path, uri_of), args.limit)
    if args.json:
        json.dump(report, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return
    sys.stdout.write(f"build_seconds {report['build_seconds']}\n")
    sys.stdout.write("set      lang  n   precision recall RP@5  MRR\n")
    for name in names:
        for language, m in report[name].items():
            sys.stdout.write(
                f"{name:<8} {language:<4} {m['sentences']:>3}  {m['precision']:<9} "
                f"{m['recall']:<6} {m['rp@5']:<5} {m['mrr']}\n"
            )
        timing = report[name]["all"]
        sys.stdout.write(
            f"{name:<8} seconds per sentence: median {timing['seconds_per_sentence_median']}, "
            f"max {timing['seconds_per_sentence_max']}\n"
        )


if __name__ == "__main__":
    main()
