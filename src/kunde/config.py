"""One settings object, read from ``KUNDE_*`` environment variables.

Nothing here connects to anything: building :class:`Settings` only reads the
environment, so tests construct the settings they need and pass them on.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


def _default_data_dir() -> Path:
    return Path.cwd() / "var"


class Settings(BaseSettings):
    """Runtime configuration; every field maps to ``KUNDE_<FIELD>``."""

    model_config = SettingsConfigDict(env_prefix="KUNDE_", extra="ignore")

    data_dir: Path = Field(
        default_factory=_default_data_dir,
        description="Folder for the SQLite database, uploads and caches.",
    )
    database_url: str = Field(
        default="",
        description="SQLAlchemy URL; empty means SQLite in data_dir/kunde.sqlite3.",
    )
    keystore_url: str = Field(
        default="",
        description=(
            "SQLAlchemy URL of the key store that holds the wrapped passport keys, apart from"
            " the database; empty means SQLite in data_dir/keys.sqlite3."
        ),
    )
    base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="Public address of this instance, used in links, DIDs and QR codes.",
    )
    secret_key: SecretStr | None = Field(
        default=None,
        description="Key for session cookies and CSRF tokens; generated into data_dir if unset.",
    )
    default_language: str = Field(default="nl", description="Language when the browser names none.")
    embeddings: bool = Field(
        default=True,
        description="Use the multilingual embedding model in search (off: lexical only).",
    )
    log_level: str = Field(default="INFO", description="Python logging level.")
    share_max_days: int = Field(
        default=365, ge=1, description="Longest a holder can share for (days; default 30)."
    )
    team_min_group: int = Field(
        default=5, ge=2, description="Team overviews hide groups with fewer people than this."
    )
    trust_list_file: Path | None = Field(
        default=None,
        description="JSON trust list of recognised credential issuers (see docs/credentials.md).",
    )
    dask_scheduler: str | None = Field(
        default=None,
        description="Dask scheduler address for batch matching (none: one process).",
    )
    trust_local_issuers: bool = Field(
        default=True,
        description="Trust organisations on this instance that have an issuing role.",
    )

    fetch_allowed_hosts: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Hosts Kunde may fetch did:web documents and status lists from, comma-separated "
            "(example.org, *.example.org, host:port); empty: no outside fetching."
        ),
    )
    fetch_timeout: float = Field(
        default=5.0, gt=0, le=60, description="Seconds an outside fetch may take."
    )
    fetch_max_bytes: int = Field(
        default=1_000_000, ge=1024, description="Largest answer an outside fetch accepts (bytes)."
    )
    fetch_cache_seconds: int = Field(
        default=300, ge=0, description="How long fetched documents are kept without max-age."
    )
    fetch_cache_max_seconds: int = Field(
        default=3600, ge=0, description="Longest fetched documents are kept (caps max-age, ttl)."
    )
    fetch_ca_file: Path | None = Field(
        default=None, description="Extra CA certificates (PEM) to trust for outside https."
    )
    fetch_holder_links: bool = Field(
        default=True,
        description="Let the wallet fetch a presentation request link a holder pastes.",
    )

    @field_validator("fetch_allowed_hosts", mode="before")
    @classmethod
    def _split_hosts(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    def resolved_secret_key(self) -> bytes:
        """The instance secret; when unset, one is generated once into ``data_dir/secret_key``.

        It signs CSRF tokens and derives the master key that wraps every passport key:
        losing it makes all passports unreadable, so back it up apart from the database.
        """
        if self.secret_key is not None:
            return self.secret_key.get_secret_value().encode()
        path = self.data_dir / "secret_key"
        if not path.exists():
            import secrets  # noqa: PLC0415

            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
            path.chmod(0o600)
        return path.read_text(encoding="utf-8").strip().encode()

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to an embedded SQLite file in ``data_dir``."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'kunde.sqlite3'}"

    def resolved_keystore_url(self) -> str:
        """The key store URL, defaulting to its own SQLite file in ``data_dir``.

        It must not be the database itself: erasure reaches old database backups only
        because the keys live, and are backed up, apart from the data.
        """
        url = self.keystore_url or f"sqlite:///{self.data_dir / 'keys.sqlite3'}"
        if url == self.resolved_database_url():
            raise ValueError(
                "KUNDE_KEYSTORE_URL names the database itself; give the key store its own"
                " database (or schema) so erasure also reaches old database backups."
            )
        return url
