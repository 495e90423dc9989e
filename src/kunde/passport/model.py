"""What a passport holds, as validated types; the rules that need no storage live here.

Every record (achievement, experience, skill claim, assessment, personal information) is one
*item*: a body of one of the types below plus an id, a kind and a version number. Bodies are
stored encrypted; only the service sees them in the clear.

Proficiency scale (:class:`Proficiency`), shown to holders in plain words:

1. *Starting*: I can do this with help.
2. *Independent*: I can do this on my own in normal situations.
3. *Experienced*: I can do this in difficult situations too.
4. *Expert*: I can teach others and improve how it is done.
"""

from __future__ import annotations

from datetime import date
from enum import IntEnum, StrEnum
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)]
LongText = Annotated[str, StringConstraints(strip_whitespace=True, max_length=5000)]
Uri = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=400)]
ItemId = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=36)]

MAX_FILE_BYTES = 5 * 1024 * 1024
# Evidence files: the type is read from the first bytes, never taken from the upload's label.
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "image/jpeg": (b"\xff\xd8\xff",),
}


class Proficiency(IntEnum):
    STARTING = 1
    INDEPENDENT = 2
    EXPERIENCED = 3
    EXPERT = 4


class AchievementKind(StrEnum):
    FORMAL = "formal"  # diploma, degree, certificate within the qualification framework
    NON_FORMAL = "non_formal"  # course, training, module, microcredential


class AchievementType(StrEnum):
    DIPLOMA = "diploma"
    DEGREE = "degree"
    CERTIFICATE = "certificate"
    COURSE = "course"
    TRAINING = "training"
    MODULE = "module"
    MICROCREDENTIAL = "microcredential"
    OTHER = "other"


class ExperienceKind(StrEnum):
    WORK = "work"
    VOLUNTEERING = "volunteering"
    CARE = "care"
    LIFE = "life"


class AssessorRole(StrEnum):
    SELF = "self"
    COLLEAGUE = "colleague"
    EMPLOYER = "employer"
    EDUCATION_PROVIDER = "education_provider"
    EVC_PROVIDER = "evc_provider"
    CERTIFICATION_BODY = "certification_body"  # independent assessor or certification body


class Method(StrEnum):
    SELF_REPORT = "self_report"  # self-report with guidance
    OBSERVATION = "observation"  # observation at work
    TEST = "test"
    PRACTICAL_ASSESSMENT = "practical_assessment"
    PORTFOLIO_REVIEW = "portfolio_review"
    EVC_PROCEDURE = "evc_procedure"
    EXAM = "exam"
    CREDENTIAL = "credential"  # derived from a diploma or a (verifiable) credential


class Purpose(StrEnum):
    DEVELOPMENT = "development"
    EDUCATION = "education"  # education or exemption
    CAREER = "career"  # career step or application


class AssessmentSource(StrEnum):
    HOLDER = "holder"
    ENDORSEMENT = "endorsement"
    CREDENTIAL = "credential"


class StandardKind(StrEnum):
    NONE = "none"
    QUALIFICATION_FILE = "qualification_file"
    SECTOR_PROFILE = "sector_profile"
    TAXONOMY_CONCEPT = "taxonomy_concept"


class EvidenceKind(StrEnum):
    FILE = "file"
    LINK = "link"
    CREDENTIAL = "credential"


class ItemKind(StrEnum):
    ACHIEVEMENT = "achievement"
    EXPERIENCE = "experience"
    SKILL = "skill"
    ASSESSMENT = "assessment"
    PERSONAL = "personal"


class Body(BaseModel):
    """Common base: unknown fields are refused, so typos never vanish silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Evidence(Body):
    kind: EvidenceKind
    title: Text = ""
    url: Annotated[str, StringConstraints(max_length=2000)] | None = None
    file_id: ItemId | None = None
    credential_ref: Annotated[str, StringConstraints(max_length=2000)] | None = None

    @model_validator(mode="after")
    def _complete(self) -> Self:
        if self.kind is EvidenceKind.LINK and not (
            self.url and self.url.startswith(("https://", "http://"))
        ):
            raise ValueError("A link must start with https:// or http://.")
        if self.kind is EvidenceKind.FILE and not self.file_id:
            raise ValueError("Evidence of kind file needs the file_id of an uploaded file.")
        if self.kind is EvidenceKind.CREDENTIAL and not self.credential_ref:
            raise ValueError("Evidence of kind credential needs a credential_ref.")
        return self


class Achievement(Body):
    """A diploma, certificate, course or other learning; ``hours`` and ``ects`` are study load."""

    kind: AchievementKind
    type: AchievementType
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    institution: Text = ""
    awarded_on: date | None = None
    nlqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    eqf_level: Annotated[int, Field(ge=1, le=8)] | None = None
    hours: Annotated[float, Field(ge=0, le=100_000)] | None = None
    ects: Annotated[float, Field(ge=0, le=1_000)] | None = None
    learning_outcomes: Annotated[list[Uri], Field(max_length=200)] = []
    description: LongText = ""
    evidence: Annotated[list[Evidence], Field(max_length=50)] = []


class Experience(Body):
    """Work, volunteering, care or life experience over a period (``end`` empty: ongoing)."""

    kind: ExperienceKind
    role: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    occupation_uri: Uri | None = None
    organisation: Text = ""
    start: date
    end: date | None = None
    tasks: LongText = ""
    evidence: Annotated[list[Evidence], Field(max_length=50)] = []

    @model_validator(mode="after")
    def _period(self) -> Self:
        if self.end is not None and self.end < self.start:
            raise ValueError("The end date is before the start date.")
        return self


class SkillClaim(Body):
    """A skill the holder claims; ``framework`` names the sector rules for its level."""

    concept_uri: Uri
    proficiency: Proficiency = Proficiency.INDEPENDENT
    last_used: date | None = None
    achievement_ids: Annotated[list[ItemId], Field(max_length=100)] = []
    experience_ids: Annotated[list[ItemId], Field(max_length=100)] = []
    evidence: Annotated[list[Evidence], Field(max_length=50)] = []
    note: LongText = ""
    framework: Annotated[str, StringConstraints(max_length=60)] | None = None


class Assessment(Body):
    """How we know a claim: who assessed it, how, against which standard, for what."""

    claim_id: ItemId
    assessor_role: AssessorRole
    assessor_name: Text = ""
    assessor_organisation: Text = ""
    method: Method
    standard_kind: StandardKind = StandardKind.NONE
    standard_ref: Text = ""
    purpose: Purpose = Purpose.DEVELOPMENT
    assessed_on: date
    valid_until: date | None = None
    evidence: Annotated[list[Evidence], Field(max_length=50)] = []
    comment: LongText = ""
    # Set by the service, never taken from input: how the assessment got here ("holder":
    # typed in by the holder; "endorsement": given by the endorser through a link;
    # "credential": from a credential whose signature and status were checked).
    source: AssessmentSource = AssessmentSource.HOLDER
    credential_verified: bool = False
    # Set by the wallet only: False when the credential is bound to a holder key (``cnf``)
    # that the holder did not show is theirs; None when that does not apply.
    holder_bound: bool | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.valid_until is not None and self.valid_until < self.assessed_on:
            raise ValueError("The 'valid until' date is before the date of the assessment.")
        if self.standard_kind is not StandardKind.NONE and not self.standard_ref:
            raise ValueError("Name the standard that was used, or choose 'no standard'.")
        return self


class CareerWishes(Body):
    target_occupations: Annotated[list[Uri], Field(max_length=50)] = []
    sectors: Annotated[list[Text], Field(max_length=50)] = []
    region: Text = ""
    hours_per_week: Annotated[int, Field(ge=1, le=80)] | None = None
    learning_wishes: LongText = ""


class PersonalInfo(Body):
    """Traits, motivation and career wishes: private, and kept apart from the record."""

    traits: Annotated[list[Text], Field(max_length=50)] = []
    motivation: LongText = ""
    career_wishes: CareerWishes = CareerWishes()


BODY_TYPES: dict[ItemKind, type[Body]] = {
    ItemKind.ACHIEVEMENT: Achievement,
    ItemKind.EXPERIENCE: Experience,
    ItemKind.SKILL: SkillClaim,
    ItemKind.ASSESSMENT: Assessment,
    ItemKind.PERSONAL: PersonalInfo,
}


def sniff_media_type(content: bytes) -> str | None:
    """The evidence file type read from its first bytes, or ``None`` when not accepted."""
    for media_type, signatures in FILE_SIGNATURES.items():
        if content.startswith(signatures):
            return media_type
    return None
