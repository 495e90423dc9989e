"""The rules for outgoing requests: host patterns, https, private networks, cache times."""

from __future__ import annotations

from ipaddress import ip_address

import pytest

from kunde.config import Settings
from kunde.fetching import FetchPolicy, FetchRefused, cache_seconds, check, host_matches
from kunde.fetching.policy import Address, Resolve

PUBLIC = [ip_address("93.184.215.14")]


def resolver(table: dict[str, list[Address]]) -> Resolve:
    return lambda host, _port: table.get(host, PUBLIC)


def test_host_patterns() -> None:
    patterns = ("example.org", "*.school.example", "127.0.0.1:8443")
    assert host_matches(patterns, "example.org", 443) == (True, True)
    assert host_matches(patterns, "EXAMPLE.org.", 8080) == (True, True)
    assert host_matches(patterns, "a.school.example", 443) == (True, False)
    assert host_matches(patterns, "school.example", 443) == (False, False)
    assert host_matches(patterns, "evilschool.example", 443) == (False, False)
    assert host_matches(patterns, "127.0.0.1", 8443) == (True, True)
    assert host_matches(patterns, "127.0.0.1", 8444) == (False, False)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("https://other.example/x", "not in the hosts"),
        ("http://example.org/x", "not https"),
        ("ftp://example.org/x", "not an http"),
        ("https://user:pw@example.org/x", "user name or password"),
        ("https://intranet.school.example/x", "private network"),
        ("https://meta.school.example/x", "link-local"),
        ("https://mapped.school.example/x", "loopback"),
        ("http://127.0.0.1:9/x", "not in the hosts"),
    ],
)
def test_refusals(url: str, reason: str) -> None:
    policy = FetchPolicy(allowed_hosts=("example.org", "*.school.example"))
    table: dict[str, list[Address]] = {
        "intranet.school.example": [ip_address("10.1.2.3")],
        "meta.school.example": [ip_address("169.254.169.254")],
        "mapped.school.example": [ip_address("::ffff:127.0.0.1")],
    }
    with pytest.raises(FetchRefused, match=reason):
        check(url, policy, resolve=resolver(table))


def test_explicit_hosts_may_be_private_and_loopback_may_be_plain_http() -> None:
    policy = FetchPolicy(allowed_hosts=("intranet.example", "127.0.0.1:8000"))
    table: dict[str, list[Address]] = {"intranet.example": [ip_address("10.0.0.7")]}
    target = check("https://intranet.example/did.json", policy, resolve=resolver(table))
    assert target.explicit
    assert [str(a) for a in target.addresses] == ["10.0.0.7"]
    assert check("http://127.0.0.1:8000/x", policy).scheme == "http"


def test_holder_consent_skips_the_list_but_not_the_network_rules() -> None:
    policy = FetchPolicy()
    assert not policy.enabled
    with pytest.raises(FetchRefused, match="KUNDE_FETCH_ALLOWED_HOSTS is empty"):
        check("https://verifier.example/r", policy, resolve=resolver({}))
    assert check("https://verifier.example/r", policy, consent=True, resolve=resolver({}))
    table: dict[str, list[Address]] = {"verifier.example": [ip_address("192.168.1.5")]}
    with pytest.raises(FetchRefused, match="private network"):
        check("https://verifier.example/r", policy, consent=True, resolve=resolver(table))
    closed = FetchPolicy(holder_links=False)
    with pytest.raises(FetchRefused, match="does not contact other servers"):
        check("https://verifier.example/r", closed, consent=True, resolve=resolver({}))


def test_cache_seconds_within_bounds() -> None:
    policy = FetchPolicy(default_ttl=300, max_ttl=3600)
    assert cache_seconds({}, policy) == 300
    assert cache_seconds({"cache-control": "public, max-age=60"}, policy) == 60
    assert cache_seconds({"cache-control": "max-age=999999"}, policy) == 3600
    assert cache_seconds({"cache-control": "no-store"}, policy) == 0


def test_settings_read_a_comma_separated_host_list(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KUNDE_FETCH_ALLOWED_HOSTS", "example.org, *.school.example")
    policy = FetchPolicy.from_settings(Settings(), ("127.0.0.1:9",))
    assert policy.allowed_hosts == ("example.org", "*.school.example", "127.0.0.1:9")
    assert policy.enabled
