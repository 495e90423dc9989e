"""Crypto-shredding, proven on the SQLite file itself: personal text never reaches the file,
and after erasure the wrapped key is gone from it too."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import text

from kunde.accounts import service as accounts
from kunde.db.migrate import upgrade
from kunde.db.session import Database, make_engine
from kunde.passport import KeyRing, exchange, service
from kunde.passport.model import ItemKind
from kunde.passport.store import PassportKeyRow

NOW = datetime(2026, 1, 15, 12, 0, tzinfo=UTC)
SECRET_WORDS = ("Zwolle-bakkerij-droom", "Magazijnchef-Hoogeveen", "geduldig-en-precies")


class KnownConcepts:
    """A taxonomy that knows one concept, so this test needs no imported ESCO."""

    def exists(self, uri: str) -> bool:
        return uri == "http://example.org/skill/forklift"


def _file_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.glob(path.name + "*"))


def test_no_plaintext_in_the_file_and_no_key_after_erasure(tmp_path: Path) -> None:
    path = tmp_path / "kunde.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    database = Database(engine)
    keys = KeyRing.from_secret(b"file-test-secret")
    with database.unit_of_work() as uow:
        holder = accounts.sign_up(
            uow, email="h@example.org", password="long enough pw", display_name="H", now=NOW
        )
    common = {"actor_id": holder.id, "holder_id": holder.id, "keys": keys}
    with database.unit_of_work() as uow:
        service.add(
            uow,
            **common,
            kind=ItemKind.EXPERIENCE,
            concepts=KnownConcepts(),
            now=NOW,
            data={"kind": "work", "role": SECRET_WORDS[1], "start": "2020-01-01"},
        )
        service.add(
            uow,
            **common,
            kind=ItemKind.SKILL,
            concepts=KnownConcepts(),
            now=NOW,
            data={"concept_uri": "http://example.org/skill/forklift"},
        )
        service.set_personal(
            uow,
            **common,
            concepts=KnownConcepts(),
            now=NOW,
            expected_version=None,
            data={"motivation": SECRET_WORDS[0], "traits": [SECRET_WORDS[2]]},
        )
        service.add_file(
            uow,
            **common,
            name="diploma.pdf",
            now=NOW,
            declared_type=None,
            content=b"%PDF-1.4 " + SECRET_WORDS[0].encode(),
        )
    with database.unit_of_work() as uow:
        wrapped = uow.session.query(PassportKeyRow).one().wrapped
        # The holder reads everything back in the clear through the service.
        view = service.view(uow, **common, now=NOW)
        assert view.personal is not None
        assert view.personal.body.model_dump()["motivation"] == SECRET_WORDS[0]
    backup = _file_bytes(path)
    for word in (*SECRET_WORDS, "example.org/skill/forklift"):
        assert word.encode() not in backup, word
    with database.unit_of_work() as uow:
        receipt = exchange.erase(uow, actor_id=holder.id, holder_id=holder.id, now=NOW)
    assert receipt.records == 3
    with engine.begin() as connection:
        connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
    after = _file_bytes(path)
    assert wrapped not in after
    for word in SECRET_WORDS:
        assert word.encode() not in after
    engine.dispose()
