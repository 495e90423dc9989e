"""Job titles as people write them resolve to ESCO occupations (bundled data, real search)."""

from __future__ import annotations

import pytest

from kunde.cli.matching import _occupation
from kunde.errors import InvalidInput
from kunde.matching.service import MatchingService
from kunde.taxonomy.service import TaxonomyService

FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
WELDER = "http://data.europa.eu/esco/occupation/7aedaa07-3884-4c5b-88f9-80997b2aa54b"


@pytest.mark.parametrize(
    ("title", "language", "uri"),
    [("forklift driver", "en", FORKLIFT_OPERATOR), ("lasser", "nl", WELDER)],
)
def test_title_finds_its_occupation_first(
    taxonomy: TaxonomyService, title: str, language: str, uri: str
) -> None:
    hits = taxonomy.occupations_for_title(title, language=language)
    assert hits[0].uri == uri
    assert all(hit.kind.value == "occupation" and hit.scheme.value == "esco" for hit in hits)


def test_career_paths_start_accepts_a_uri_or_a_title(taxonomy: TaxonomyService) -> None:
    matching = MatchingService(taxonomy)
    assert _occupation(matching, FORKLIFT_OPERATOR, "en") == FORKLIFT_OPERATOR
    assert _occupation(matching, "heftruckchauffeur", "nl") == FORKLIFT_OPERATOR
    for nonsense in ("?", "zzzz qqqq"):
        with pytest.raises(InvalidInput):
            _occupation(matching, nonsense, "en")
