# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
from datetime import UTC, datetime

import pytest

from kunde.credentials import KeyPair, generate_key

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def es256_key() -> KeyPair:
    return generate_key("ES256")


@pytest.fixture(scope="session")
def ed_key() -> KeyPair:
    return generate_key("EdDSA")


@pytest.fixture(scope="session")
def holder_key() -> KeyPair:
    return generate_key("ES256")
