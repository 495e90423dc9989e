"""The taxonomy snapshot that ships inside the package (see bundled/README.md)."""

from __future__ import annotations

from pathlib import Path

BUNDLE_DIR = Path(__file__).parent / "bundled"
EMBEDDINGS_CACHE = BUNDLE_DIR / "embeddings.npz"
# Order matters: English ESCO first, then the Dutch labels, O*NET, and the crosswalk.
PARTS = ("esco/v1.1.1", "esco/v1.2.0/nl", "onet/29.2", "crosswalks/esco_onet")


def bundled_parts() -> list[Path]:
    return [BUNDLE_DIR / part for part in PARTS]
