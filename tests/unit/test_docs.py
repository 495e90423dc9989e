"""The docs mention every setting, CLI command and API route, so they stay true."""

from __future__ import annotations

from pathlib import Path

import typer
from typer.main import get_command

from kunde.cli.main import app as cli
from kunde.config import Settings
from kunde.web.app import create_app

DOCS = Path(__file__).parents[2] / "docs"


def _commands(group: object, prefix: str) -> list[str]:
    found: list[str] = []
    for name, command in getattr(group, "commands", {}).items():
        full = f"{prefix} {name}"
        found += _commands(command, full) if hasattr(command, "commands") else [full]
    return found


def test_every_setting_is_documented() -> None:
    text = (DOCS / "configuration.md").read_text(encoding="utf-8")
    missing = [
        f"KUNDE_{n.upper()}" for n in Settings.model_fields if f"KUNDE_{n.upper()}" not in text
    ]
    assert not missing, f"docs/configuration.md lacks {missing}"


def test_every_cli_command_is_documented() -> None:
    text = (DOCS / "cli.md").read_text(encoding="utf-8")
    commands = _commands(get_command(cli), "kunde")
    assert "kunde taxonomy search" in commands
    missing = [c for c in commands if c not in text]
    assert not missing, f"docs/cli.md lacks {missing}"


def test_every_api_route_is_documented(tmp_path: Path) -> None:
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    app = create_app(Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path}/x.db"))
    routes = [path.removeprefix("/api/v1") for path in app.openapi()["paths"]]
    assert "/taxonomy/search" in routes
    missing = sorted({r for r in routes if r not in text})
    assert not missing, f"docs/api.md lacks {missing}"


def test_typer_is_the_cli() -> None:
    assert isinstance(cli, typer.Typer)
