"""Building settings, database and services for a CLI command."""

from __future__ import annotations

from kunde.config import Settings
from kunde.db.session import Database
from kunde.passport import KeyRing
from kunde.passport.key_store import KeyStore
from kunde.taxonomy.service import TaxonomyService


def settings() -> Settings:
    return Settings()


def database() -> Database:
    return Database.from_url(settings().resolved_database_url())


def taxonomy(*, embeddings: bool | None = None) -> TaxonomyService:
    config = settings()
    use = config.embeddings if embeddings is None else embeddings
    return TaxonomyService(
        Database.from_url(config.resolved_database_url()),
        use_embeddings=use,
        cache_dir=config.data_dir / "cache",
    )


def keystore() -> KeyStore:
    return KeyStore.from_url(settings().resolved_keystore_url())


def keys() -> KeyRing:
    """The passport key ring: the instance secret and the key store."""
    return KeyRing.from_secret(settings().resolved_secret_key(), keystore())
