# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""One StatusListCache shared by every verification of a process: W3C status list
credentials reused only for identical content, a bounded size, and many threads at once."""

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

from kunde.credentials import (
    DidResolver,
    IssuerKeys,
    StatusList,
    did_key,
    generate_key,
    issue_data_integrity,
    issue_status_list_token,
    verify_credential,
)
from kunde.credentials.bitstring import Bitstring, status_entry, status_list_credential
from kunde.credentials.jsonld import VC_V2
from kunde.credentials.status_list import StatusListCache

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LIST_URL = "https://issuer.test/status/revocation"


def _published(key, bits):
    listed = status_list_credential(
        url=LIST_URL,
        issuer=did_key(key.public),
        purpose="revocation",
        bitstring=bits,
        valid_from=NOW - timedelta(hours=1),
        valid_until=NOW + timedelta(hours=1),
    )
    return issue_data_integrity(listed, key=key, cryptosuite="eddsa-jcs-2022", now=NOW)


def _credential(key, index):
    document = {
        "@context": [VC_V2],
        "type": ["VerifiableCredential"],
        "issuer": did_key(key.public),
        "validFrom": "2026-01-01T00:00:00Z",
        "credentialSubject": {"id": "urn:uuid:7c0f2a5e-1c1a-4d3e-9b55-0b7e4f1d2a10"},
        "credentialStatus": status_entry(list_url=LIST_URL, index=index, purpose="revocation"),
    }
    return issue_data_integrity(document, key=key, cryptosuite="eddsa-jcs-2022", now=NOW)


class Lists:
    """What the issuer serves now; counts how often the list is asked for."""

    def __init__(self, document):
        self.document = document
        self.asked = 0

    def credential(self, url):
        assert url == LIST_URL
        self.asked += 1
        return self.document

    def token(self, uri):
        raise AssertionError(uri)


def _status(report):
    return next((c.ok, c.detail) for c in report.checks if c.name == "status")


def test_a_status_list_credential_is_reused_only_while_it_is_the_same():
    key = generate_key("EdDSA")
    bits = Bitstring.new(131072)
    lists = Lists(_published(key, bits))
    cache = StatusListCache()
    credential = _credential(key, 7)

    def verify(at=NOW):
        return verify_credential(credential, now=at, status_lists=lists, status_cache=cache)

    assert _status(verify()) == (True, "not revocation")
    assert (cache.hits, cache.misses) == (0, 1)
    assert _status(verify()) == (True, "not revocation")
    assert (cache.hits, cache.misses) == (1, 1)  # the list's proof was not checked again

    # The issuer revokes: the list it serves changes, so it is checked afresh and says so.
    bits.set(7, 1)
    lists.document = _published(key, bits)
    assert _status(verify()) == (False, "revoked")
    assert (cache.hits, cache.misses) == (1, 2)
    assert lists.asked == 3  # the list itself is asked for every time

    # A tampered list (same URL) is not taken from the cache, and is never kept.
    tampered = {**lists.document, "validUntil": "2027-01-01T00:00:00Z"}
    lists.document = tampered
    assert "does not verify" in _status(verify())[1]
    assert "does not verify" in _status(verify())[1]
    assert cache.hits == 1

    # Past the list's validUntil the cached check is not used either.
    lists.document = _published(key, bits)
    verify()
    later = NOW + timedelta(hours=2)
    assert "does not verify" in _status(verify(later))[1]  # expired list


def test_the_cache_keeps_at_most_size_lists_of_each_kind():
    key = generate_key("ES256")
    issuer, keys = did_key(key.public), IssuerKeys(dids=DidResolver())
    cache = StatusListCache(size=2)
    tokens = {
        f"https://issuer.test/status/{n}": issue_status_list_token(
            StatusList.new(8),
            uri=f"https://issuer.test/status/{n}",
            key=key,
            now=NOW,
            issuer=issuer,
        )
        for n in range(3)
    }
    for uri, token in tokens.items():
        cache.read(token, uri=uri, issuer=issuer, keys=keys, now=NOW)
    assert cache.misses == 3
    last = "https://issuer.test/status/2"
    cache.read(tokens[last], uri=last, issuer=issuer, keys=keys, now=NOW)
    assert cache.hits == 1
    first = "https://issuer.test/status/0"
    cache.read(tokens[first], uri=first, issuer=issuer, keys=keys, now=NOW)
    assert cache.misses == 4  # the least recently used list was dropped


def test_many_threads_share_one_cache():
    key = generate_key("ES256")
    issuer, keys = did_key(key.public), IssuerKeys(dids=DidResolver())
    uri = "https://issuer.test/status/1"
    statuses = StatusList.new(64, bits=2)
    statuses.set(5, 1)
    token = issue_status_list_token(statuses, uri=uri, key=key, now=NOW, issuer=issuer)
    cache = StatusListCache(size=4)

    def read(n):
        other = f"https://issuer.test/status/x{n % 8}"
        cache.read(
            issue_status_list_token(StatusList.new(8), uri=other, key=key, now=NOW, issuer=issuer),
            uri=other,
            issuer=issuer,
            keys=keys,
            now=NOW,
        )
        return cache.read(token, uri=uri, issuer=issuer, keys=keys, now=NOW).get(5)

    with ThreadPoolExecutor(max_workers=8) as pool:
        values = list(pool.map(read, range(64)))
    assert values == [1] * 64
    assert cache.hits + cache.misses == 128
    assert cache.hits > 0
