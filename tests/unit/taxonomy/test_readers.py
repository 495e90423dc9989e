"""Readers on small files written here: errors name the file, the line and the problem."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from kunde.errors import ImportFileError
from kunde.taxonomy.importers import read_path
from kunde.taxonomy.model import ConceptKind, LabelKind, MatchKind, RelationKind

FIXTURES = Path(__file__).parents[2] / "fixtures" / "taxonomy"
SKILLS_HEADER = (
    "conceptType,conceptUri,skillType,reuseLevel,preferredLabel,altLabels,hiddenLabels,"
    "status,modifiedDate,scopeNote,definition,inScheme,description\n"
)
URI = "http://data.europa.eu/esco/skill/"


def _skills(folder: Path, body: str, name: str = "skills_nl.csv") -> Path:
    path = folder / name
    path.write_text(SKILLS_HEADER + body, encoding="utf-8")
    return path


def test_reads_dutch_skill_labels_with_multiline_alternatives(tmp_path: Path) -> None:
    _skills(
        tmp_path,
        f"KnowledgeSkillCompetence,{URI}a,skill/competence,cross-sector,lassen,"
        f'"metaal lassen\nwelden",,released,,,,,Metaal verbinden.\n',
    )
    [batch] = read_path(tmp_path, version="1.2.0")
    [concept] = batch.concepts
    assert concept.kind is ConceptKind.SKILL
    assert [(label.kind, label.text, label.language) for label in concept.labels] == [
        (LabelKind.PREFERRED, "lassen", "nl"),
        (LabelKind.ALTERNATIVE, "metaal lassen", "nl"),
        (LabelKind.ALTERNATIVE, "welden", "nl"),
    ]
    assert concept.descriptions == {"nl": "Metaal verbinden."}
    assert batch.source == "ESCO v1.2.0 (nl)"


def test_missing_column_names_the_file_and_the_column(tmp_path: Path) -> None:
    (tmp_path / "skills_en.csv").write_text("conceptUri,preferredLabel\nx,y\n", encoding="utf-8")
    with pytest.raises(ImportFileError) as caught:
        read_path(tmp_path)
    assert "skills_en.csv" in str(caught.value)
    assert "skillType" in str(caught.value)
    assert caught.value.line == 1


def test_truncated_quoted_cell_gives_the_line(tmp_path: Path) -> None:
    _skills(
        tmp_path,
        f"KnowledgeSkillCompetence,{URI}a,skill/competence,,ok,,,released,,,,,\n"
        f'KnowledgeSkillCompetence,{URI}b,skill/competence,,"cut off,,,',
        name="skills_en.csv",
    )
    with pytest.raises(ImportFileError) as caught:
        read_path(tmp_path)
    assert caught.value.line == 3
    assert "cut short" in str(caught.value)


def test_bad_uri_is_reported_with_its_line(tmp_path: Path) -> None:
    _skills(tmp_path, "KnowledgeSkillCompetence,not-a-uri,skill/competence,,x,,,,,,,,\n")
    with pytest.raises(ImportFileError) as caught:
        read_path(tmp_path)
    assert caught.value.line == 2
    assert "ESCO URI" in str(caught.value)


def test_damaged_gzip_is_reported(tmp_path: Path) -> None:
    data = gzip.compress((SKILLS_HEADER * 50).encode())
    (tmp_path / "skills_en.csv.gz").write_bytes(data[: len(data) // 2])
    with pytest.raises(ImportFileError, match="damaged or cut short"):
        read_path(tmp_path)


def test_unknown_folder_content_is_refused(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    with pytest.raises(ImportFileError, match="nothing Kunde can import"):
        read_path(tmp_path)


def test_relation_type_must_be_essential_or_optional(tmp_path: Path) -> None:
    (tmp_path / "occupationSkillRelations.csv").write_text(
        "occupationUri,relationType,skillType,skillUri\n"
        "http://data.europa.eu/esco/occupation/o,sometimes,knowledge,http://data.europa.eu/esco/skill/s\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportFileError, match="'essential' or 'optional'"):
        read_path(tmp_path)


def test_competentnl_csv_fixture_reads_concepts_and_esco_mappings() -> None:
    [batch] = read_path(FIXTURES / "competentnl-fixture.csv")
    assert {c.uri.rsplit("/", 1)[-1] for c in batch.concepts} == {
        "heftruck-besturen",
        "lassen",
        "magazijnmedewerker",
    }
    by_target = {m.target.rsplit("/", 1)[-1]: m for m in batch.mappings}
    # Stored from the ESCO side: an ESCO concept broader than CompetentNL maps as narrow.
    assert by_target["heftruck-besturen"].match is MatchKind.EXACT
    assert by_target["magazijnmedewerker"].match is MatchKind.NARROW


def test_competentnl_turtle_fixture() -> None:
    [batch] = read_path(FIXTURES / "competentnl-fixture.ttl")
    kinds = {c.uri.rsplit("/", 1)[-1]: c.kind for c in batch.concepts}
    assert kinds == {"plannen": ConceptKind.SKILL, "heftruckchauffeur": ConceptKind.OCCUPATION}
    assert [m.match for m in batch.mappings] == [MatchKind.EXACT]


def test_onet_text_files(tmp_path: Path) -> None:
    folder = tmp_path / "db_29_2_text"
    folder.mkdir()
    (folder / "Occupation Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n53-7051.00\tIndustrial Truck and Tractor Operators\tDrive trucks.\n",
        encoding="utf-8",
    )
    (folder / "Skills.txt").write_text(
        "O*NET-SOC Code\tTitle\tElement ID\tElement Name\tScale ID\tData Value\n"
        "53-7051.00\tX\t2.A.1.a\tReading Comprehension\tIM\t3.1\n"
        "53-7051.00\tX\t2.A.1.a\tReading Comprehension\tLV\t2.9\n",
        encoding="utf-8",
    )
    [batch] = read_path(folder)
    assert batch.source == "O*NET 29.2"
    assert [(r.kind, r.weight) for r in batch.relations] == [(RelationKind.REQUIRES, 3.1)]


def test_onet_bad_code_is_reported(tmp_path: Path) -> None:
    (tmp_path / "Occupation Data.txt").write_text(
        "O*NET-SOC Code\tTitle\tDescription\n537051\tX\tY\n", encoding="utf-8"
    )
    with pytest.raises(ImportFileError, match=r"15-1252\.00") as caught:
        read_path(tmp_path)
    assert caught.value.line == 2
