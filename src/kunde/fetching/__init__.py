# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Guarded outgoing HTTP: did:web documents, status lists and presentation requests of
other hosts, only when the operator allows the host (or the holder asks for one URL)."""

from kunde.fetching.errors import FetchFailed, FetchRefused
from kunde.fetching.fetcher import Fetched, Fetcher, Posted, cache_seconds
from kunde.fetching.policy import FetchPolicy, check, host_matches

__all__ = [
    "FetchFailed",
    "FetchPolicy",
    "FetchRefused",
    "Fetched",
    "Fetcher",
    "Posted",
    "cache_seconds",
    "check",
    "host_matches",
]
