# Copyright (C) 2026 the Kunde contributors
# SPDX-License-Identifier: MIT
"""JSON-LD over bundled contexts only: a static document loader and RDF canonicalisation.

Verifying a credential never fetches a context: every ``@context`` URL must be one of the
contexts shipped in ``contexts/`` (listed in ``contexts/context-map.json``). An unknown
context is an error, so a credential cannot change its meaning through a remote document.
"""

from __future__ import annotations

import copy
import json
from functools import cache
from importlib import resources
from typing import Any

from pyld import jsonld  # type: ignore[import-untyped]  # pyld ships no type hints

from kunde.credentials.errors import MalformedCredentialError

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_V1 = "https://www.w3.org/2018/credentials/v1"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"


class UnknownContextError(MalformedCredentialError):
    """A JSON-LD context is not in the bundled set."""


@cache
def bundled_contexts() -> dict[str, Any]:
    """URL -> parsed context document, read once from the package data."""
    folder = resources.files("kunde.credentials") / "contexts"
    mapping = json.loads((folder / "context-map.json").read_text(encoding="utf-8"))
    return {
        url: json.loads((folder / name).read_text(encoding="utf-8"))
        for url, name in mapping.items()
    }


def document_loader(url: str, _options: dict[str, Any] | None = None) -> dict[str, Any]:
    """pyld document loader serving bundled contexts; any other URL raises."""
    document = bundled_contexts().get(url)
    if document is None:
        raise UnknownContextError(f"JSON-LD context {url} is not one of Kunde's bundled contexts")
    # pyld may keep and modify what it is given; hand out a copy of the shared original.
    return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(document)}


def context_urls(document: Any) -> list[str]:
    """Every context URL named anywhere in ``document`` (embedded contexts are skipped)."""
    found: list[str] = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if key == "@context":
                    entries = item if isinstance(item, list) else [item]
                    found.extend(e for e in entries if isinstance(e, str))
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(document)
    return found


def unknown_contexts(document: Any) -> list[str]:
    """Context URLs in ``document`` that are not bundled."""
    known = bundled_contexts()
    return [url for url in context_urls(document) if url not in known]


def _options() -> dict[str, Any]:
    return {"documentLoader": document_loader, "base": None}


def expand(document: dict[str, Any]) -> list[Any]:
    """JSON-LD expansion with the bundled contexts, in the spirit of JSON-LD "safe mode":
    a term the contexts do not define raises instead of being dropped silently."""
    dropped: list[str] = []
    try:
        expanded = list(jsonld.expand(document, _options(), on_property_dropped=dropped.append))
    except jsonld.JsonLdError as exc:
        raise MalformedCredentialError(f"JSON-LD expansion failed: {_reason(exc)}") from exc
    except (KeyError, TypeError, ValueError) as exc:
        # pyld 3.3 fails this way on some invalid contexts (e.g. "@vocab": null).
        raise MalformedCredentialError(f"JSON-LD expansion failed: {exc!r}") from exc
    if dropped:
        names = ", ".join(sorted({str(d) for d in dropped}))
        raise MalformedCredentialError(f"terms not defined by the contexts: {names}")
    return expanded


def canonize(document: dict[str, Any]) -> str:
    """RDF Dataset Canonicalization (RDFC-1.0 / URDNA2015) as N-Quads."""
    options = {**_options(), "algorithm": "URDNA2015", "format": "application/n-quads"}
    try:
        return str(jsonld.normalize(document, options))
    except (KeyError, TypeError, ValueError) as exc:
        raise MalformedCredentialError(f"RDF canonicalization failed: {exc!r}") from exc
    except jsonld.JsonLdError as exc:
        raise MalformedCredentialError(f"RDF canonicalization failed: {_reason(exc)}") from exc


def _reason(exc: Exception) -> str:
    # pyld wraps the loader's error several levels deep; surface the innermost message.
    cause: BaseException = exc
    while True:
        nxt = getattr(cause, "cause", None) or cause.__cause__
        if nxt is None:
            break
        cause = nxt
    if isinstance(cause, UnknownContextError):
        return str(cause)
    message = getattr(cause, "message", None) or str(cause)
    return str(message).splitlines()[0]


__all__ = [
    "OB_V3",
    "VC_V1",
    "VC_V2",
    "UnknownContextError",
    "bundled_contexts",
    "canonize",
    "context_urls",
    "document_loader",
    "expand",
    "unknown_contexts",
]
