# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Regenerate the outputs of the sd-jwt-* vectors with the reference implementation.

Run: .venv/bin/python tests/vectors/regenerate_sd_jwt.py
"""

from pathlib import Path

from sd_jwt.bin.generate import generate_test_case_data
from sd_jwt.utils.demo_utils import load_yaml_settings

HERE = Path(__file__).parent

for case in sorted(HERE.glob("sd-jwt-*")):
    settings = load_yaml_settings(case / "settings.yml")
    # The settings name a list of issuer keys; release 0.10.4 reads a single issuer_key.
    keys = settings["key_settings"]
    keys.setdefault("issuer_key", keys.get("issuer_keys", [None])[0])
    generate_test_case_data(settings, case / "specification.yml", "testcase")
