"""Tables and queries of matching: vacancies and the learning offer. (Who takes part is
consent, kept by the sharing module: :mod:`kunde.sharing.matching`.)

The taxonomy's relations are read through :class:`kunde.taxonomy.store.TaxonomyStore`, so
this module stays the only place in matching that touches SQLAlchemy.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    select,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from kunde.db.base import Base
from kunde.taxonomy.model import RelationKind
from kunde.taxonomy.store import TaxonomyStore

GRAPH_RELATIONS = (
    RelationKind.BROADER,
    RelationKind.ESSENTIAL_FOR,
    RelationKind.OPTIONAL_FOR,
    RelationKind.ESSENTIAL_SKILL,
    RelationKind.OPTIONAL_SKILL,
)


class VacancyRow(Base):
    __tablename__ = "matching_vacancy"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    organisation_id: Mapped[str] = mapped_column(
        ForeignKey("organisation.id", ondelete="CASCADE"), index=True
    )
    created_by: Mapped[str] = mapped_column(String(36))
    title: Mapped[str] = mapped_column(String(200))
    # {"source", "occupation_uri", "language", "text", "requirements": [...]}
    body: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LearningOfferRow(Base):
    __tablename__ = "matching_learning_offer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ref: Mapped[str] = mapped_column(String(200), unique=True)  # provider's own id
    kind: Mapped[str] = mapped_column(String(20))  # course | evc | skills_proof
    provider: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(300))
    language: Mapped[str] = mapped_column(String(8))
    skills: Mapped[list[str]] = mapped_column(JSON)
    level: Mapped[int | None] = mapped_column(Integer)  # NLQF/EQF level of the offer
    hours: Mapped[float] = mapped_column(Float)
    credential: Mapped[bool] = mapped_column(Boolean)
    url: Mapped[str] = mapped_column(Text, default="")


class MatchingStore:
    """Queries of matching; the caller's unit of work commits."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- taxonomy, read only ---------------------------------------------------------
    def concept_kinds(self) -> dict[str, str]:
        return {uri: kind for _id, uri, _s, kind, _c in TaxonomyStore(self.session).all_concepts()}

    def relation_triples(self) -> list[tuple[str, str, str]]:
        store = TaxonomyStore(self.session)
        uris = {cid: uri for cid, uri, _s, _k, _c in store.all_concepts()}
        return [
            (uris[source], kind, uris[target])
            for source, kind, target, _w in store.all_relations(GRAPH_RELATIONS)
        ]

    def occupation_codes(self) -> dict[str, str]:
        """ESCO occupation URI -> its code (the ISCO unit group, then ESCO's own digits)."""
        return {
            uri: code
            for _id, uri, scheme, kind, code in TaxonomyStore(self.session).all_concepts()
            if kind == "occupation" and scheme == "esco" and code
        }

    # --- vacancies -------------------------------------------------------------------
    def add(self, row: Base) -> None:
        self.session.add(row)
        self.session.flush()

    def vacancy(self, vacancy_id: str) -> VacancyRow | None:
        return self.session.get(VacancyRow, vacancy_id)

    def vacancies(self, organisation_ids: list[str] | None = None) -> list[VacancyRow]:
        query = select(VacancyRow).order_by(VacancyRow.created_at, VacancyRow.id)
        if organisation_ids is not None:
            query = query.where(VacancyRow.organisation_id.in_(organisation_ids))
        return list(self.session.scalars(query))

    def vacancy_by_title(self, organisation_id: str, title: str) -> VacancyRow | None:
        query = select(VacancyRow).where(
            VacancyRow.organisation_id == organisation_id, VacancyRow.title == title
        )
        return self.session.scalars(query).first()

    # --- learning offer --------------------------------------------------------------
    def offer(self, ref: str) -> LearningOfferRow | None:
        return self.session.scalars(
            select(LearningOfferRow).where(LearningOfferRow.ref == ref)
        ).first()

    def offers(self) -> list[LearningOfferRow]:
        return list(self.session.scalars(select(LearningOfferRow).order_by(LearningOfferRow.id)))


__all__ = [
    "LearningOfferRow",
    "MatchingStore",
    "VacancyRow",
]
