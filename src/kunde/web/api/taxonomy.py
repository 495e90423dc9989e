"""Taxonomy endpoints: search, concepts, an occupation's skills, crosswalk mappings."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel

from kunde.taxonomy import views
from kunde.web.deps import TaxonomyDep

router = APIRouter(prefix="/taxonomy", tags=["taxonomy"])

Language = Literal["nl", "en"]
ConceptType = Literal["skill", "knowledge", "occupation", "skill_group", "occupation_group", "technology"]
SchemeName = Literal["esco", "isco", "onet", "competentnl"]


class Concept(BaseModel):
    uri: str
    label: str
    language: str
    type: str
    scheme: str
    code: str | None = None


class Hit(Concept):
    score: float
    matched: str


class ConceptLabel(BaseModel):
    language: str
    kind: str
    text: str


class ConceptDetail(Concept):
    status: str | None
    reuse_level: str | None
    description: str | None
    description_language: str | None
    labels: list[ConceptLabel]
    broader: list[Concept]
    narrower: list[Concept]
    collections: list[str]
    related: dict[str, list[Concept]]


class OccupationSkill(Concept):
    relation: str
    weight: float | None


class MappingOut(BaseModel):
    source: str
    target: str
    scheme: str
    label: str | None
    match: str
    provenance: str


@router.get("/search", response_model=list[Hit])
def search(
    taxonomy: TaxonomyDep,
    q: Annotated[str, Query(description="Words to look for, Dutch or English.", max_length=200)],
    lang: Annotated[Language, Query(description="Language of the labels returned.")] = "nl",
    type: Annotated[ConceptType | None, Query(description="Only this kind of concept.")] = None,  # noqa: A002
    scheme: Annotated[SchemeName | None, Query(description="Only this skills language.")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> list[dict[str, Any]]:
    """Find concepts by label; typos, word order, plurals and the other language still match."""
    hits = taxonomy.search(q, language=lang, type_=type, scheme=scheme, limit=limit)
    return [views.hit(h) for h in hits]


@router.get("/concepts/{uri:path}", response_model=ConceptDetail)
def concept(
    taxonomy: TaxonomyDep, uri: str, lang: Annotated[Language, Query()] = "nl"
) -> dict[str, Any]:
    """One concept with its labels, description, hierarchy and relations."""
    return views.detail(taxonomy.concept(uri, language=lang))


@router.get("/occupations/{uri:path}/skills", response_model=list[OccupationSkill])
def occupation_skills(
    taxonomy: TaxonomyDep, uri: str, lang: Annotated[Language, Query()] = "nl"
) -> list[dict[str, Any]]:
    """An occupation's essential and optional skills (O*NET: elements by importance)."""
    return [views.occupation_skill(s) for s in taxonomy.occupation_skills(uri, language=lang)]


@router.get("/mappings", response_model=list[MappingOut])
def mappings(
    taxonomy: TaxonomyDep,
    uri: Annotated[str, Query(description="The concept to translate.")],
    to: Annotated[SchemeName, Query(description="The skills language to translate into.")],
    lang: Annotated[Language, Query()] = "en",
) -> list[dict[str, Any]]:
    """The concept in another skills language, with SKOS match kind and source."""
    return [views.mapping(m) for m in taxonomy.map(uri, to=to, language=lang)]
