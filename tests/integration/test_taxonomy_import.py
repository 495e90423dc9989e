"""Imports against a real database: all or nothing, idempotent, Dutch labels everywhere."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kunde.db.session import Database
from kunde.errors import ImportFileError
from kunde.taxonomy.service import TaxonomyService
from kunde.taxonomy.store import TaxonomyStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "taxonomy"
FORKLIFT_OPERATOR = "http://data.europa.eu/esco/occupation/eeac6251-1974-42f5-91ed-513c6c883755"
OPERATE_FORKLIFT = "http://data.europa.eu/esco/skill/28cb374e-6261-4133-8371-f9a5470145da"
SKILLS_HEADER = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description\n"
)


@pytest.fixture
def service(database: Database, taxonomy: TaxonomyService) -> TaxonomyService:
    """A service on the rolled-back test transaction, on top of the committed taxonomy."""
    return TaxonomyService(database, embedder=taxonomy.embedder)


def test_bundled_taxonomy_is_complete(taxonomy: TaxonomyService) -> None:
    status = taxonomy.status()
    sources = {item["source"] for item in status["imports"]}  # type: ignore[attr-defined]
    assert {
        "ESCO v1.1.1 (en)",
        "ESCO v1.2.0 (nl)",
        "O*NET 29.2",
        "ESCO-O*NET crosswalk v1",
    } <= sources
    assert int(status["concepts"]) > 19_000  # type: ignore[call-overload]


def test_importing_the_same_files_again_changes_nothing(service: TaxonomyService) -> None:
    before = service.status()
    reports = service.import_path(FIXTURES / "competentnl-fixture.csv")
    assert reports[0].changed
    again = service.import_path(FIXTURES / "competentnl-fixture.csv")
    assert not again[0].changed
    assert service.status()["concepts"] == int(before["concepts"]) + 3  # type: ignore[call-overload]


def test_a_bad_line_leaves_nothing_behind(service: TaxonomyService, scratch_dir: Path) -> None:
    folder = scratch_dir / "esco"
    folder.mkdir()
    (folder / "skills_nl.csv").write_text(
        SKILLS_HEADER
        + f"KnowledgeSkillCompetence,{OPERATE_FORKLIFT},skill/competence,,heftruck besturen,,,released,,,,,\n"
        + "KnowledgeSkillCompetence,broken,skill/competence,,kapot,,,released,,,,,\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError) as caught:
        service.import_path(folder)
    assert caught.value.line == 3
    with service.database.unit_of_work() as uow:
        labels = TaxonomyStore(uow.session).labels(
            [service.catalog().ids[service.catalog().position[OPERATE_FORKLIFT]]]
        )
    assert all(label.language != "nl" for labels_ in labels.values() for label in labels_)


def test_dutch_skill_labels_appear_everywhere_once_imported(
    service: TaxonomyService, scratch_dir: Path
) -> None:
    folder = scratch_dir / "esco-nl"
    folder.mkdir()
    (folder / "skills_nl.csv").write_text(
        SKILLS_HEADER
        + f'KnowledgeSkillCompetence,{OPERATE_FORKLIFT},skill/competence,cross-sector,heftruck besturen,"vorkheftruck bedienen",,released,,,,,Een heftruck besturen.\n',
        encoding="utf-8",
    )
    assert service.concept(OPERATE_FORKLIFT, language="nl").label.language == "en"
    service.import_path(folder, version="1.2.0")
    concept = service.concept(OPERATE_FORKLIFT, language="nl")
    assert (concept.label.text, concept.label.language) == ("heftruck besturen", "nl")
    assert concept.description is not None
    assert concept.description.text == "Een heftruck besturen."
    hits = service.search("vorkheftruck bedienen", language="nl", limit=3)
    assert hits[0].uri == OPERATE_FORKLIFT
    assert hits[0].label.text == "heftruck besturen"
    skills = service.occupation_skills(FORKLIFT_OPERATOR, language="nl")
    assert "heftruck besturen" in {s.skill.label.text for s in skills}


def test_competentnl_mappings_work_in_both_directions(service: TaxonomyService) -> None:
    service.import_path(FIXTURES / "competentnl-fixture.csv")
    to_esco = service.map("https://fixture.competentnl.test/skill/heftruck-besturen", to="esco")
    assert [(m.target, m.match.value) for m in to_esco] == [(OPERATE_FORKLIFT, "exact")]
    from_esco = service.map(FORKLIFT_OPERATOR, to="competentnl")
    assert ("https://fixture.competentnl.test/beroep/magazijnmedewerker", "narrow") in {
        (m.target, m.match.value) for m in from_esco
    }


def test_files_under_a_copied_download_folder_are_found(
    service: TaxonomyService, scratch_dir: Path
) -> None:
    shutil.copy(FIXTURES / "competentnl-fixture.ttl", scratch_dir / "cnl.ttl")
    [report] = service.import_path(scratch_dir)
    assert report.concepts_added == 2
