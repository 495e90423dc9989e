"""A command run before the database is set up says what to do, without a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_command_on_an_empty_database_says_how_to_set_it_up(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "KUNDE_DATA_DIR": str(tmp_path),
        "KUNDE_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
    }
    done = subprocess.run(
        [sys.executable, "-m", "kunde", "taxonomy", "search", "lassen"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 1
    assert "kunde db upgrade" in done.stderr
    assert "Traceback" not in done.stderr
