# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""Which outside addresses Kunde may fetch from: the operator's host list and the SSRF rules.

A host pattern is ``example.org`` (that host, any port), ``*.example.org`` (its
subdomains, not the host itself) or ``host:port`` (that host on that port only). A pattern
without ``*`` names a host *explicitly*. The rules, in order:

* the host must match a pattern, unless the holder asked for this one URL (``consent``);
* ``https`` only; plain ``http`` only to a loopback host named explicitly (development and
  tests);
* every address the host resolves to must be public: loopback, private, link-local,
  shared, multicast and reserved ranges are refused unless the host is named explicitly.

Pure functions; the resolver is passed in so tests decide what a name resolves to.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kunde.fetching.errors import FetchRefused

if TYPE_CHECKING:
    from kunde.config import Settings

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Resolve = Callable[[str, int], list[Address]]
LOOPBACK_NAMES = frozenset({"localhost"})


@dataclass(frozen=True)
class FetchPolicy:
    """The operator's limits on outgoing requests (``KUNDE_FETCH_*`` settings)."""

    allowed_hosts: tuple[str, ...] = ()
    timeout: float = 5.0
    max_bytes: int = 1_000_000
    default_ttl: int = 300
    max_ttl: int = 3600
    ca_file: Path | None = None
    holder_links: bool = True
    max_redirects: int = 3

    @property
    def enabled(self) -> bool:
        """True when the operator allowed at least one host."""
        return bool(self.allowed_hosts)

    @classmethod
    def from_settings(cls, settings: Settings, extra_hosts: tuple[str, ...] = ()) -> FetchPolicy:
        """The policy the ``KUNDE_FETCH_*`` settings describe, plus ``extra_hosts``."""
        return cls(
            allowed_hosts=(*settings.fetch_allowed_hosts, *extra_hosts),
            timeout=settings.fetch_timeout,
            max_bytes=settings.fetch_max_bytes,
            default_ttl=settings.fetch_cache_seconds,
            max_ttl=settings.fetch_cache_max_seconds,
            ca_file=settings.fetch_ca_file,
            holder_links=settings.fetch_holder_links,
        )


@dataclass(frozen=True)
class Target:
    """A URL that passed the rules, with the addresses to connect to."""

    url: str
    scheme: str
    host: str
    port: int
    explicit: bool
    addresses: tuple[Address, ...]


def _split_pattern(pattern: str) -> tuple[str, int | None]:
    text = pattern.strip().lower()
    if text.startswith("["):  # [::1]:8443
        host, _, rest = text[1:].partition("]")
        return host, int(rest[1:]) if rest.startswith(":") else None
    host, sep, port = text.rpartition(":")
    if sep and port.isdigit() and ":" not in host:
        return host, int(port)
    return text, None


def host_matches(patterns: tuple[str, ...], host: str, port: int) -> tuple[bool, bool]:
    """``(allowed, explicit)`` for ``host:port`` against the operator's patterns."""
    host = host.lower().rstrip(".")
    allowed = explicit = False
    for pattern in patterns:
        name, wanted_port = _split_pattern(pattern)
        if not name or (wanted_port is not None and wanted_port != port):
            continue
        if name.startswith("*."):
            allowed = allowed or host.endswith(name[1:])
        elif name == host:
            allowed = explicit = True
    return allowed, explicit


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP literals."""
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def address_problem(address: Address) -> str | None:
    """Why connecting to ``address`` is refused (unless named explicitly), else None."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    kinds = [
        (address.is_loopback, "a loopback address"),
        (address.is_link_local, "a link-local address"),
        (address.is_multicast, "a multicast address"),
        (address.is_unspecified, "an unspecified address"),
        (address.is_private, "a private network address"),
        (address.is_reserved, "a reserved address"),
        (not address.is_global, "not a public address"),
    ]
    return next((f"{address} is {words}" for hit, words in kinds if hit), None)


def system_resolve(host: str, port: int) -> list[Address]:
    """The addresses the system resolver gives for ``host``."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise FetchRefused(f"{host} cannot be found ({exc.strerror or exc})") from exc
    found: list[Address] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).partition("%")[0])
        if address not in found:
            found.append(address)
    return found


def _host_rules(
    url: str, scheme: str, host: str, port: int, policy: FetchPolicy, *, consent: bool
) -> bool:
    """Apply the host list and the https rule; True when the host is named explicitly."""
    allowed, explicit = host_matches(policy.allowed_hosts, host, port)
    if consent and not policy.holder_links and not allowed:
        raise FetchRefused("this Kunde instance does not contact other servers for holders")
    if not allowed and not consent:
        if not policy.enabled:
            raise FetchRefused(
                "Kunde does not fetch from other servers here (KUNDE_FETCH_ALLOWED_HOSTS is empty)"
            )
        raise FetchRefused(f"{host} is not in the hosts this instance may fetch from")
    if scheme == "http" and not (explicit and is_loopback(host)):
        raise FetchRefused(
            f"{url} is not https; plain http is only used for loopback hosts named explicitly"
        )
    return explicit


def check(
    url: str,
    policy: FetchPolicy,
    *,
    consent: bool = False,
    resolve: Resolve = system_resolve,
) -> Target:
    """The checked target of ``url``; :class:`FetchRefused` says plainly why not."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        host, port = parts.hostname or "", parts.port
    except ValueError as exc:
        raise FetchRefused(f"{url} has an invalid port") from exc
    if scheme not in {"https", "http"} or not host:
        raise FetchRefused(f"{url} is not an http(s) address")
    if parts.username or parts.password:
        raise FetchRefused(f"{url} carries a user name or password; Kunde does not send those")
    port = port or (443 if scheme == "https" else 80)
    explicit = _host_rules(url, scheme, host, port, policy, consent=consent)
    addresses = resolve(host, port)
    if not addresses:
        raise FetchRefused(f"{host} cannot be found")
    if not explicit:
        for address in addresses:
            problem = address_problem(address)
            if problem is not None:
                raise FetchRefused(
                    f"{host} points inside a private network ({problem}); "
                    "name the host explicitly in KUNDE_FETCH_ALLOWED_HOSTS to allow it"
                )
    return Target(url, scheme, host.lower(), port, explicit, tuple(addresses))


__all__ = [
    "Address",
    "FetchPolicy",
    "Resolve",
    "Target",
    "address_problem",
    "check",
    "host_matches",
    "is_loopback",
    "system_resolve",
]
