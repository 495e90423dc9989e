"""Matching at scale: top 50 for one vacancy among N synthetic passports.

Usage: .venv/bin/python benchmarks/matching.py [--passports N] [--postgres-url URL] [--json]
(the same as ``kunde bench matching``; see kunde.matching.bench for what is measured).
"""

from __future__ import annotations

import sys

from kunde.cli.main import app

if __name__ == "__main__":
    app(["bench", "matching", *sys.argv[1:]])
