"""Account rules without a database: addresses, passwords, sign-in throttling, who in an
organisation handles shared passports."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kunde.accounts.model import (
    FAILURE_WINDOW,
    MAX_FAILURES,
    MemberFunction,
    MemberRole,
    Membership,
    Organisation,
    OrganisationRole,
    check_password,
    normalise_email,
    retry_after,
)
from kunde.errors import InvalidInput

NOW = datetime(2026, 1, 1, 12, tzinfo=UTC)


def test_addresses_are_compared_without_case() -> None:
    assert normalise_email("  Anna@Example.ORG ") == "anna@example.org"


@pytest.mark.parametrize("bad", ["", "anna", "anna@", "@example.org", "a b@example.org"])
def test_bad_addresses_are_refused(bad: str) -> None:
    with pytest.raises(InvalidInput):
        normalise_email(bad)


def test_short_or_blank_passwords_are_refused() -> None:
    for bad in ("short", " " * 20):
        with pytest.raises(InvalidInput):
            check_password(bad)
    check_password("a long enough sentence")


def test_throttling_waits_at_most_one_window() -> None:
    failures = [NOW - timedelta(minutes=i) for i in range(MAX_FAILURES)]
    wait = retry_after(failures, NOW)
    assert wait is not None
    assert timedelta(0) < wait <= FAILURE_WINDOW
    assert retry_after(failures, NOW + FAILURE_WINDOW) is None
    assert retry_after(failures[:-1], NOW) is None


def test_admins_always_handle_shares_members_only_when_given_the_function() -> None:
    org = Organisation("o1", "Bakkerij", (OrganisationRole.EMPLOYER,), NOW)
    handles = MemberFunction.HANDLES_SHARES
    assert Membership(org, "a", MemberRole.ADMIN).handles_shares
    assert not Membership(org, "m", MemberRole.MEMBER).handles_shares
    assert Membership(org, "m", MemberRole.MEMBER, frozenset({handles})).handles_shares
