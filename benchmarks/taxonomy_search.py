"""Taxonomy search latency: Kunde's hybrid search against a plain rapidfuzz scan, side by side.

Usage: OMP_NUM_THREADS=1 taskset -c 0 .venv/bin/python benchmarks/taxonomy_search.py [--queries N]

Imports the bundled taxonomy into a temporary SQLite database, then runs the same queries
(labels with typos, shuffled words, Dutch names, free phrases) through both:
- kunde: trigram retrieval + fuzzy re-ranking + embedding of the query (model loaded once);
- baseline: rapidfuzz.process.extract(WRatio) over every label of the taxonomy.
Prints p50/p95 latency per engine and the ratio, then the cold start of `kunde serve`
(seconds until the first search answers over HTTP).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from rapidfuzz import fuzz, process

from kunde.db.migrate import upgrade
from kunde.db.session import Database
from kunde.taxonomy.bundle import EMBEDDINGS_CACHE, bundled_parts
from kunde.taxonomy.service import TaxonomyService

PHRASES = [
    "heftruckchauffeur",
    "met klanten omgaan",
    "welding",
    "forklfit",
    "verpleegkundige",
    "samenwerken in een team",
    "shop assistant",
    "goederen opslaan",
    "python programming",
    "kassa bedienen",
    "operate cash register",
    "vrachtwagen besturen",
]


def _typo(text: str, rng: random.Random) -> str:
    if len(text) < 5:
        return text
    i = rng.randrange(1, len(text) - 2)
    return text[:i] + text[i + 1] + text[i] + text[i + 2 :]


def _queries(labels: list[str], count: int, rng: random.Random) -> list[str]:
    queries = list(PHRASES)
    while len(queries) < count:
        label = rng.choice(labels)
        words = label.split()
        kind = rng.random()
        if kind < 0.4:
            queries.append(_typo(label, rng))
        elif kind < 0.7 and len(words) > 1:
            rng.shuffle(words)
            queries.append(" ".join(words))
        else:
            queries.append(label)
    return queries[:count]


def _percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return p50 * 1000, p95 * 1000


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def cold_start(database_url: str) -> float:
    """Seconds from starting `kunde serve` until a search answers over HTTP."""
    port = _free_port()
    env = {**os.environ, "KUNDE_DATABASE_URL": database_url}
    kunde = str(Path(sys.executable).parent / "kunde")
    started = time.perf_counter()
    server = subprocess.Popen(  # noqa: S603 - our own entry point
        [kunde, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/taxonomy/search?q=welding&lang=en"
    try:
        while time.perf_counter() - started < 180:
            try:
                with urllib.request.urlopen(url, timeout=60) as answer:
                    if answer.status == 200 and json.load(answer):
                        return time.perf_counter() - started
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("the server did not answer within 180 s")
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/bench.sqlite3"
        database = Database.from_url(url)
        upgrade(database.bind)
        service = TaxonomyService(database)
        started = time.perf_counter()
        for part in bundled_parts():
            service.import_path(part, cache_file=EMBEDDINGS_CACHE)
        imported = time.perf_counter() - started
        catalog = service.warm_up()
        labels = [label.text for label in catalog.index.labels]
        queries = _queries(labels, args.queries, rng)
        print(
            f"taxonomy: {len(catalog.uris)} concepts, {len(labels)} labels (nl + en); "
            f"import {imported:.1f} s, index build {catalog.build_seconds:.1f} s"
        )
        kunde_times: list[float] = []
        for query in queries:
            began = time.perf_counter()
            service.search(query, language="nl", limit=10)
            kunde_times.append(time.perf_counter() - began)
        baseline_times: list[float] = []
        for query in queries:
            began = time.perf_counter()
            process.extract(query, labels, scorer=fuzz.WRatio, limit=10)
            baseline_times.append(time.perf_counter() - began)
        k50, k95 = _percentiles(kunde_times)
        b50, b95 = _percentiles(baseline_times)
        threads = os.environ.get("OMP_NUM_THREADS", "all")
        print(f"{len(queries)} queries, one process, threads={threads}")
        print(f"  kunde hybrid search   p50 {k50:7.2f} ms   p95 {k95:7.2f} ms")
        print(f"  rapidfuzz WRatio scan p50 {b50:7.2f} ms   p95 {b95:7.2f} ms")
        print(f"  ratio (baseline / kunde): p50 {b50 / k50:.1f}x   p95 {b95 / k95:.1f}x")
        database.dispose()
        print(
            f"cold start of `kunde serve` until the first search answers: {cold_start(url):.1f} s"
        )


if __name__ == "__main__":
    main()
