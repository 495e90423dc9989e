# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Errors of outgoing requests; both are :class:`~kunde.errors.InvalidInput` (the address
or the answer cannot be used), and their message says why in plain words."""

from __future__ import annotations

from kunde.errors import InvalidInput


class FetchRefused(InvalidInput):
    """Kunde will not contact this address (host not allowed, not https, private network)."""


class FetchFailed(InvalidInput):
    """The address was allowed but the answer could not be used (timeout, status, size)."""


__all__ = ["FetchFailed", "FetchRefused"]
