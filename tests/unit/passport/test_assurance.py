"""The assurance rules, one case per rule (no database)."""

from __future__ import annotations

from datetime import date

import pytest

from kunde.errors import InvalidInput
from kunde.passport.assurance import assurance, framework
from kunde.passport.model import Assessment

TODAY = date(2026, 6, 1)


def check(
    role: str,
    method: str,
    *,
    source: str = "endorsement",
    on: str = "2026-01-01",
    until: str | None = None,
    standard: str = "none",
    verified: bool = False,
    bound: bool | None = None,
) -> Assessment:
    return Assessment.model_validate(
        {
            "claim_id": "c",
            "assessor_role": role,
            "assessor_name": "N",
            "method": method,
            "assessed_on": on,
            "valid_until": until,
            "source": source,
            "standard_kind": standard,
            "standard_ref": "" if standard == "none" else "Kwalificatiedossier Logistiek",
            "credential_verified": verified,
            "holder_bound": bound,
        }
    )


def level(*checks: Assessment, rules: str = "general") -> tuple[int, str]:
    result = assurance(
        [(str(i), a) for i, a in enumerate(checks)], today=TODAY, rules=framework(rules)
    )
    return result.level, result.reason_code


def test_no_assessment_is_a_declaration() -> None:
    assert level() == (1, "self_declared")


def test_self_report_is_a_declaration() -> None:
    assert level(check("self", "self_report", source="holder")) == (1, "self_assessed")


def test_employer_confirmation_is_a_certificate() -> None:
    assert level(check("employer", "observation")) == (2, "certificate")


def test_external_exam_is_proof() -> None:
    assert level(check("certification_body", "exam"), check("colleague", "observation")) == (
        3,
        "proof",
    )


def test_verified_credential_is_proof() -> None:
    assert level(check("education_provider", "credential", source="credential", verified=True)) == (
        3,
        "credential",
    )


def test_credential_not_bound_to_the_holder_is_their_own_statement() -> None:
    unbound = check("education_provider", "credential", source="holder", bound=False)
    assert level(unbound) == (1, "credential_unbound")
    # Even if it were marked as coming from a checked credential, it does not count.
    marked = check(
        "education_provider", "credential", source="credential", verified=True, bound=False
    )
    assert level(marked) == (1, "credential_unbound")
    bound = check(
        "education_provider", "credential", source="credential", verified=True, bound=True
    )
    assert level(unbound, bound) == (3, "credential")


def test_holder_typed_external_check_counts_only_once_confirmed() -> None:
    assert level(check("certification_body", "exam", source="holder")) == (1, "unconfirmed")


def test_expired_assessments_fall_back_to_declaration() -> None:
    assert level(check("employer", "observation", until="2026-03-01")) == (1, "expired")


def test_future_assessments_do_not_count_yet() -> None:
    assert level(check("employer", "observation", on="2026-12-01")) == (1, "self_declared")


def test_care_framework_asks_for_a_standard() -> None:
    assert level(check("evc_provider", "evc_procedure"), rules="care") == (2, "no_standard")
    assert level(
        check("evc_provider", "evc_procedure", standard="qualification_file"), rules="care"
    ) == (3, "proof")


def test_care_framework_does_not_count_colleagues() -> None:
    assert level(check("colleague", "observation"), rules="care") == (1, "self_declared")


def test_unknown_framework_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        framework("astrology")


def test_reason_is_plain_words_with_the_assessor() -> None:
    result = assurance(
        [("a", check("employer", "observation"))], today=TODAY, rules=framework(None)
    )
    assert result.reason.startswith("N (employer) confirmed this skill on 2026-01-01")
