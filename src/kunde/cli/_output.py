"""Output helpers: JSON for scripts, tables for people, errors on stderr with exit codes.

Exit codes: 0 success, 1 the thing asked for does not exist or is invalid, 2 unusable input.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn

import typer
from rich.console import Console

from kunde.errors import InvalidInput, KundeError, NotFound

console = Console()
errors = Console(stderr=True)

EXIT_OK = 0
EXIT_NOT_FOUND = 1
EXIT_BAD_INPUT = 2


def print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, indent=2) + "\n")


def fail(message: str, code: int = EXIT_BAD_INPUT) -> NoReturn:
    errors.print(f"[red]Error:[/red] {message}", highlight=False)
    raise typer.Exit(code)


@contextmanager
def reported_errors() -> Iterator[None]:
    """Turn Kunde errors into a one-line message and a trustworthy exit code."""
    try:
        yield
    except NotFound as exc:
        fail(str(exc), EXIT_NOT_FOUND)
    except InvalidInput as exc:
        fail(str(exc), EXIT_BAD_INPUT)
    except KundeError as exc:
        fail(str(exc), EXIT_NOT_FOUND)


def progress_printer() -> tuple[Callable[[str, int, int], None], Callable[[], None]]:
    """A rich progress bar fed by ``progress(task, done, total)`` callbacks."""
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn  # noqa: PLC0415

    bar = Progress(
        TextColumn("{task.description}"), BarColumn(), TextColumn("{task.completed}/{task.total}"),
        TimeElapsedColumn(), console=errors, transient=False,
    )
    tasks: dict[str, TaskID] = {}
    bar.start()

    def update(task: str, done: int, total: int) -> None:
        if task not in tasks:
            tasks[task] = bar.add_task(task, total=max(total, 1))
        bar.update(tasks[task], completed=done, total=max(total, 1))

    return update, bar.stop
