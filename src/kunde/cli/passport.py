"""``kunde passport``: export and import a holder's passport (operator commands).

These run with the instance's own secret on the server, on behalf of the named holder.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer

from kunde.accounts import service as accounts
from kunde.cli import context
from kunde.cli._output import fail, print_json, reported_errors
from kunde.passport import KeyRing, exchange

app = typer.Typer(help="Export and import passports.", no_args_is_help=True)


def _keys() -> KeyRing:
    return context.keys()


@app.command("export")
def export(account: Annotated[str, typer.Option(help="E-mail address of the holder.")]) -> None:
    """Print the holder's passport as kunde-passport v1 JSON."""
    database = context.database()
    with reported_errors(), database.unit_of_work() as uow:
        holder = accounts.account_by_email(uow, account)
        print_json(
            exchange.export(
                uow, actor_id=holder.id, holder_id=holder.id, keys=_keys(), now=datetime.now(UTC)
            )
        )


@app.command("import")
def import_(
    file: Annotated[Path, typer.Argument(help="A kunde-passport JSON file.")],
    account: Annotated[str, typer.Option(help="E-mail address of the holder.")],
) -> None:
    """Load an exported passport into the holder's empty passport (all or nothing)."""
    try:
        document = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        fail(f"{file}: cannot read this file as JSON ({exc}).")
    database = context.database()
    with reported_errors(), database.unit_of_work() as uow:
        holder = accounts.account_by_email(uow, account)
        counts = exchange.import_(
            uow,
            actor_id=holder.id,
            holder_id=holder.id,
            document=document,
            keys=_keys(),
            concepts=context.taxonomy(embeddings=False),
            now=datetime.now(UTC),
        )
    print_json(counts)


@app.command("erase")
def erase(
    account: Annotated[str, typer.Option(help="E-mail address of the holder.")],
    yes: Annotated[bool, typer.Option("--yes", help="Confirm: this cannot be undone.")] = False,
) -> None:
    """Erase the holder's passport and destroy its key in the key store; print the receipt."""
    if not yes:
        fail("Erasing cannot be undone: add --yes to confirm.")
    database = context.database()
    with reported_errors(), database.unit_of_work() as uow:
        holder = accounts.account_by_email(uow, account)
        receipt = exchange.erase(
            uow, actor_id=holder.id, holder_id=holder.id, keys=_keys(), now=datetime.now(UTC)
        )
    print_json(receipt.as_dict())
    if not receipt.key_destroyed:
        fail("The passport is erased, but its key is still in the key store: run prune-keys.")


@app.command("prune-keys")
def prune_keys() -> None:
    """Delete keys in the key store whose passport is gone (left by a failed erasure)."""
    database = context.database()
    with reported_errors(), database.unit_of_work() as uow:
        pruned = exchange.prune_keys(uow, keys=_keys(), now=datetime.now(UTC))
    print_json({"keys_deleted": len(pruned), "passport_ids": pruned})
