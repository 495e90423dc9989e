"""``kunde``: serve the app, manage the database and work with taxonomies."""

from __future__ import annotations

from typing import Annotated

import typer

from kunde import __version__
from kunde.cli import context
from kunde.cli import credential as credential_cli
from kunde.cli import matching as matching_cli
from kunde.cli import passport as passport_cli
from kunde.cli import taxonomy as taxonomy_cli
from kunde.cli._output import EXIT_NOT_FOUND, errors

app = typer.Typer(
    help="Kunde: a skills passport owned by its holder.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(taxonomy_cli.app, name="taxonomy")
app.add_typer(credential_cli.app, name="credential")
app.add_typer(passport_cli.app, name="passport")
matching_cli.register(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kunde {__version__}")
        raise typer.Exit


@app.callback()
def main(
    _version_flag: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """Kunde command line. Settings come from KUNDE_* environment variables."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """Serve the web app and the API."""
    import uvicorn  # noqa: PLC0415

    from kunde.web.app import create_app  # noqa: PLC0415

    application = create_app(context.settings(), warm_up=True)
    typer.echo(f"Kunde is running at http://{host}:{port}  (API: http://{host}:{port}/api/docs)")
    uvicorn.run(application, host=host, port=port, log_level="warning")


@db_app.command("upgrade")
def db_upgrade(revision: Annotated[str, typer.Argument()] = "head") -> None:
    """Bring the database and the key store up to date (creates SQLite files if needed).

    The key store goes first: upgrading a database from before 0009 moves its passport
    keys there.
    """
    from kunde.db.migrate import upgrade  # noqa: PLC0415

    keystore = context.keystore()
    keystore.upgrade()
    database = context.database()
    upgrade(database.bind, revision, keystore=keystore)
    typer.echo(f"Database schema is at {revision} ({database.dialect}).")
    typer.echo(f"Key store schema is at head ({keystore.database.dialect}).")


@db_app.command("check")
def db_check() -> None:
    """Fail when the tables in code and the newest migration disagree."""
    from kunde.db.migrate import check, check_keystore  # noqa: PLC0415

    database = context.database()
    check(database.bind)  # type: ignore[arg-type]
    check_keystore(context.keystore().database.bind)  # type: ignore[arg-type]
    typer.echo("Schema and migrations agree.")


def run() -> None:
    """The ``kunde`` command: :data:`app`, with a plain message instead of a traceback when
    the database has not been set up yet."""
    from sqlalchemy.exc import OperationalError, ProgrammingError  # noqa: PLC0415

    try:
        app(prog_name="kunde")
    except (OperationalError, ProgrammingError) as exc:
        text = str(exc.orig)
        if "no such table" not in text and "does not exist" not in text:
            raise
        errors.print(
            "Error: the database is not set up yet: run `kunde db upgrade` and "
            "`kunde taxonomy import --bundled` (or `make run`), then try again.",
            markup=False,
        )
        raise SystemExit(EXIT_NOT_FOUND) from None
