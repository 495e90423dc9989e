# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Fakes we own, for tests of code that issues or verifies credentials."""

from __future__ import annotations

import random as _random
from typing import TYPE_CHECKING

from kunde.credentials.keystore import InMemoryKeyStore
from kunde.credentials.sd_jwt_vc import InMemoryNonces

if TYPE_CHECKING:
    from collections.abc import Callable


def seeded_random(seed: int) -> Callable[[int], bytes]:
    """A deterministic byte source for salts in tests; never use it to issue for real."""
    rng = _random.Random(seed)  # noqa: S311 - reproducible test salts, not secrets
    return rng.randbytes


__all__ = ["InMemoryKeyStore", "InMemoryNonces", "seeded_random"]
