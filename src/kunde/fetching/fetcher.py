# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""The one way Kunde talks to other servers: guarded GETs with a cache, and form POSTs.

Every request goes through :func:`kunde.fetching.policy.check` first, connects to the
address that check approved (so a name cannot resolve to a public address for the check
and a private one for the connection), has a time limit and a size limit, follows at most a
few redirects and only on the same host, and sends no cookies or credentials.

GET answers are cached by URL for their ``Cache-Control: max-age`` (``no-store``: not at
all; none given: the policy's default), never longer than the policy's maximum; a caller
that knows better (a status list's ``ttl``) shortens or lengthens it with :meth:`Fetcher.keep`.
"""

from __future__ import annotations

import ipaddress
import re
import ssl
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import certifi
import httpx

from kunde import __version__
from kunde.fetching.errors import FetchFailed, FetchRefused
from kunde.fetching.policy import Address, FetchPolicy, Resolve, Target, check, system_resolve

_MAX_AGE = re.compile(r"(?:^|,)\s*(?:s-maxage|max-age)\s*=\s*\"?(\d+)", re.IGNORECASE)
_REDIRECTS = {301, 302, 303, 307, 308}
USER_AGENT = f"Kunde/{__version__}"


@dataclass(frozen=True)
class Fetched:
    """A body Kunde fetched, and where and when it came from."""

    url: str
    body: bytes
    content_type: str
    fetched_at: datetime
    expires_at: datetime
    from_cache: bool = False

    def describe(self) -> str:
        """Where this came from, in plain words (for verification reports)."""
        when = self.fetched_at.strftime("%Y-%m-%d %H:%M UTC")
        cached = ", kept from an earlier fetch" if self.from_cache else ""
        return f"fetched from {self.url} at {when}{cached}"


@dataclass(frozen=True)
class Posted:
    """The answer to a form POST."""

    url: str
    status_code: int
    body: bytes
    content_type: str

    def json(self) -> Any:
        """The body as JSON; None when it is not JSON."""
        import json  # noqa: PLC0415

        try:
            return json.loads(self.body)
        except ValueError:
            return None


def cache_seconds(headers: Mapping[str, str], policy: FetchPolicy) -> int:
    """How long to keep an answer: its max-age within the policy's bounds."""
    control = headers.get("cache-control", "")
    if re.search(r"no-store|no-cache|private", control, re.IGNORECASE):
        return 0
    found = _MAX_AGE.search(control)
    seconds = int(found.group(1)) if found else policy.default_ttl
    return max(0, min(seconds, policy.max_ttl))


def _ssl_context(policy: FetchPolicy) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=certifi.where())
    if policy.ca_file is not None:
        context.load_verify_locations(cafile=str(policy.ca_file))
    return context


def _pinned(
    target: Target, url: str, address: Address
) -> tuple[str, dict[str, str], dict[str, Any]]:
    """The URL to connect to (a checked address), its Host header and TLS server name."""
    parts = urlsplit(url)
    try:
        ipaddress.ip_address(target.host)
    except ValueError:
        pass
    else:
        return url, {}, {}
    literal = f"[{address}]" if address.version == 6 else str(address)  # noqa: PLR2004
    netloc = f"{literal}:{target.port}"
    pinned = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    extensions = {"sni_hostname": target.host} if target.scheme == "https" else {}
    return pinned, {"Host": parts.netloc.rpartition("@")[2]}, extensions


@dataclass
class Fetcher:
    """Guarded outgoing HTTP for one Kunde instance; safe to share between threads."""

    policy: FetchPolicy
    clock: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    resolve: Resolve = system_resolve
    _cache: dict[str, Fetched] = field(default_factory=dict, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _client: httpx.Client | None = field(default=None, repr=False)

    @property
    def enabled(self) -> bool:
        """True when the operator allowed at least one host."""
        return self.policy.enabled

    def _http(self) -> httpx.Client:
        with self._lock:
            if self._client is None:
                self._client = self._new_client()
            return self._client

    def _new_client(self) -> httpx.Client:
        return httpx.Client(
            verify=_ssl_context(self.policy),
            timeout=httpx.Timeout(self.policy.timeout),
            follow_redirects=False,
            trust_env=False,  # no proxy or netrc from the environment
            headers={"User-Agent": USER_AGENT},
        )

    def get(self, url: str, *, accept: str = "*/*", consent: bool = False) -> Fetched:
        """GET ``url`` (cached). ``consent``: the holder asked for this one URL, so the
        host list does not apply, but every other rule does; such answers are not cached."""
        now = self.clock()
        if not consent:
            with self._lock:
                cached = self._cache.get(url)
            if cached is not None and cached.expires_at > now:
                return replace(cached, from_cache=True)
        fetched = self._get(url, accept=accept, consent=consent, now=now)
        if not consent and fetched.expires_at > now:
            with self._lock:
                self._cache[url] = fetched
        return fetched

    def keep(self, url: str, seconds: float) -> None:
        """Keep the cached answer of ``url`` ``seconds`` from its fetch (within the maximum)."""
        seconds = max(0.0, min(seconds, float(self.policy.max_ttl)))
        with self._lock:
            cached = self._cache.get(url)
            if cached is not None:
                until = cached.fetched_at + timedelta(seconds=seconds)
                self._cache[url] = replace(cached, expires_at=until)

    def forget(self) -> None:
        """Drop every cached answer."""
        with self._lock:
            self._cache.clear()

    def _get(self, url: str, *, accept: str, consent: bool, now: datetime) -> Fetched:
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            target = check(current, self.policy, consent=consent, resolve=self.resolve)
            response = self._send("GET", target, headers={"Accept": accept})
            try:
                if response.status_code in _REDIRECTS:
                    current = self._redirect(target, response)
                    continue
                body = self._body(target, response)
            finally:
                response.close()
            seconds = cache_seconds(response.headers, self.policy)
            return Fetched(
                url=url,
                body=body,
                content_type=response.headers.get("content-type", ""),
                fetched_at=now,
                expires_at=now + timedelta(seconds=seconds),
            )
        raise FetchFailed(f"{url} redirects too often")

    def post_form(self, url: str, data: Mapping[str, str], *, consent: bool = False) -> Posted:
        """POST a form to ``url``; redirects are not followed. Any answer is returned."""
        target = check(url, self.policy, consent=consent, resolve=self.resolve)
        response = self._send(
            "POST", target, headers={"Accept": "application/json"}, form=dict(data)
        )
        try:
            body = self._body(target, response, any_status=True)
        finally:
            response.close()
        return Posted(url, response.status_code, body, response.headers.get("content-type", ""))

    def _send(
        self,
        method: str,
        target: Target,
        *,
        headers: dict[str, str],
        form: dict[str, str] | None = None,
    ) -> httpx.Response:
        for number, address in enumerate(target.addresses, start=1):
            pinned, host_header, extensions = _pinned(target, target.url, address)
            request = self._http().build_request(
                method,
                pinned,
                headers={**headers, **host_header},
                data=form,
                extensions=extensions,
            )
            try:
                return self._http().send(request, stream=True)
            except httpx.ConnectError as exc:
                if number < len(target.addresses):
                    continue  # the name has more addresses: try the next one
                raise FetchFailed(f"cannot reach {target.host}: {exc}") from exc
            except httpx.TimeoutException as exc:
                raise FetchFailed(f"{target.host} did not answer within the time limit") from exc
            except httpx.HTTPError as exc:
                raise FetchFailed(f"cannot reach {target.host}: {exc}") from exc
        raise FetchFailed(f"cannot reach {target.host}")

    def _redirect(self, target: Target, response: httpx.Response) -> str:
        location = response.headers.get("location", "")
        following: str = urljoin(target.url, location)
        parts = urlsplit(following)
        same = (
            parts.scheme == target.scheme
            and (parts.hostname or "").lower() == target.host
            and (parts.port or (443 if parts.scheme == "https" else 80)) == target.port
        )
        if not location or not same:
            raise FetchRefused(
                f"{target.url} redirects to another host ({parts.hostname}); Kunde does not follow"
            )
        return following

    def _body(self, target: Target, response: httpx.Response, *, any_status: bool = False) -> bytes:
        if not any_status and response.status_code != 200:  # noqa: PLR2004 - HTTP OK
            raise FetchFailed(
                f"{target.url} answered HTTP {response.status_code}",
                details={"status": response.status_code},
            )
        limit = self.policy.max_bytes
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise FetchFailed(f"{target.url} is larger than {limit} bytes")
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > limit:
                    raise FetchFailed(f"{target.url} is larger than {limit} bytes")
                chunks.append(chunk)
        except httpx.TimeoutException as exc:
            raise FetchFailed(f"{target.host} did not answer within the time limit") from exc
        except httpx.HTTPError as exc:
            raise FetchFailed(f"the answer of {target.host} broke off: {exc}") from exc
        return b"".join(chunks)

    def close(self) -> None:
        """Close the connection pool."""
        with self._lock:
            if self._client is not None:
                self._client.close()
                self._client = None


__all__ = ["USER_AGENT", "Fetched", "Fetcher", "Posted", "cache_seconds"]
