"""Pages to look up skills and occupations."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from kunde.errors import InvalidInput
from kunde.web.deps import TaxonomyDep
from kunde.web.i18n import gettext, negotiate, render

router = APIRouter()
_TYPES = ("skill", "knowledge", "occupation")


def kind_names(language: str) -> dict[str, str]:
    return {
        "skill": gettext(language, "Skill"),
        "knowledge": gettext(language, "Knowledge"),
        "occupation": gettext(language, "Occupation"),
        "skill_group": gettext(language, "Group of skills"),
        "occupation_group": gettext(language, "Group of occupations"),
        "technology": gettext(language, "Technology"),
        "collection": gettext(language, "Collection"),
    }


def match_names(language: str) -> dict[str, str]:
    return {
        "exact": gettext(language, "the same"),
        "close": gettext(language, "almost the same"),
        "broad": gettext(language, "broader"),
        "narrow": gettext(language, "narrower"),
        "related": gettext(language, "related"),
    }


@router.get("/taxonomy", response_class=HTMLResponse)
def search_page(
    request: Request,
    taxonomy: TaxonomyDep,
    q: Annotated[str, Query(max_length=500)] = "",
    type: Annotated[str, Query()] = "",  # noqa: A002
) -> HTMLResponse:
    language = negotiate(request)
    hits = []
    error = None
    kind = type if type in _TYPES else None
    if q.strip():
        try:
            hits = taxonomy.search(q, language=language, type_=kind, limit=20)
        except InvalidInput:
            error = gettext(language, "Use at most 200 characters.")
    elif "q" in request.query_params:
        error = gettext(language, "Type a word to search for.")
    context = {
        "query": q,
        "type": kind,
        "hits": hits,
        "error": error,
        "kind_names": kind_names(language),
    }
    return render(request, "taxonomy_search.html", context, status_code=422 if error else 200)


@router.get("/taxonomy/concept", response_class=HTMLResponse)
def concept_page(
    request: Request, taxonomy: TaxonomyDep, uri: Annotated[str, Query()] = ""
) -> HTMLResponse:
    language = negotiate(request)
    concept = taxonomy.concept(uri, language=language)
    sections = []
    titles = {
        "essential_skill": gettext(language, "Skills you need"),
        "optional_skill": gettext(language, "Skills that can help"),
        "essential_skill_of": gettext(language, "Needed in these occupations"),
        "optional_skill_of": gettext(language, "Useful in these occupations"),
    }
    for kind, title in titles.items():
        if concept.related.get(kind):
            sections.append((title, concept.related[kind][:60]))
    mappings = []
    for scheme in ("esco", "isco", "onet", "competentnl"):
        if scheme != concept.scheme.value:
            mappings += taxonomy.map(uri, to=scheme, language=language)
    other_names = [
        label.text
        for label in concept.labels
        if label.language == language and label.kind.value == "alternative"
    ][:20]
    context = {
        "concept": concept,
        "sections": sections,
        "mappings": mappings,
        "other_names": other_names,
        "kind_names": kind_names(language),
        "match_names": match_names(language),
    }
    return render(request, "taxonomy_concept.html", context)
