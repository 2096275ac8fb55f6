"""Themes: clusters of texts with Italian labels, stable across re-clustering.

- k-means over the embeddings (mini-batch above a few thousand texts);
- warm start: the centroids of the current themes seed the new run, so a
  theme keeps its id (its seed slot) and people's edits keep their meaning;
- labels by class-based TF-IDF over Italian stems (general and domain stop
  words removed), shown with the most frequent surface word of each stem,
  plus the most central text as an example;
- a new text joins the nearest theme in one dot product.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trama.analysis.engine.textproc import stems_with_surface

MINIBATCH_ABOVE = 3000


def default_k(n: int) -> int:
    """A readable number of themes: about sqrt(n/2), between 2 and 40."""
    return max(2, min(40, round(math.sqrt(max(n, 1) / 2))))


@dataclass
class Clustering:
    labels: np.ndarray  # cluster index of each text
    centroids: np.ndarray  # one L2-normalised row per cluster; rows < len(seeds) continue the seeded themes


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


def cluster(
    vectors: np.ndarray, *, k: int | None = None, seeds: np.ndarray | None = None, random_state: int = 0
) -> Clustering:
    """Cluster L2-normalised vectors into k groups (spherical k-means via normalised Euclidean k-means)."""
    from sklearn.cluster import KMeans, MiniBatchKMeans

    n = len(vectors)
    k = min(k or default_k(n), n)
    seeds = seeds[:k] if seeds is not None and len(seeds) else None
    if seeds is not None and len(seeds) < k:
        # New slots start at the texts farthest from every seeded theme.
        distances = 1 - (vectors @ seeds.T).max(axis=1)
        extra = vectors[np.argsort(-distances)[: k - len(seeds)]]
        init: np.ndarray | str = np.vstack([seeds, extra])
    elif seeds is not None:
        init = seeds
    else:
        init = "k-means++"
    if n > MINIBATCH_ABOVE:
        model = MiniBatchKMeans(
            n_clusters=k, init=init, n_init=1, batch_size=2048, random_state=random_state, max_iter=50
        )
    else:
        model = KMeans(n_clusters=k, init=init, n_init=1 if seeds is not None else 4, random_state=random_state)
    labels = model.fit_predict(vectors)
    return Clustering(labels=labels, centroids=_normalise(model.cluster_centers_.astype(np.float32)))


def nearest(vector: np.ndarray, centroids: np.ndarray) -> tuple[int, float]:
    """The theme a new text joins: (index, cosine)."""
    if len(centroids) == 0:
        return -1, 0.0
    scores = centroids @ vector
    best = int(np.argmax(scores))
    return best, float(scores[best])


@dataclass(frozen=True)
class Label:
    keywords: tuple[str, ...]
    example_index: int  # index (in the given texts) of the most central text

    @property
    def text(self) -> str:
        return " · ".join(self.keywords[:3]).capitalize() if self.keywords else ""


def label_clusters(
    texts: Sequence[str], labels: np.ndarray, vectors: np.ndarray, centroids: np.ndarray, *, top: int = 5
) -> dict[int, Label]:
    """c-TF-IDF keywords per cluster: tf of a stem in the cluster × log(1 + avg words per cluster / its frequency)."""
    per_cluster: dict[int, Counter[str]] = {}
    surfaces: dict[str, Counter[str]] = {}
    for text, cluster_index in zip(texts, labels, strict=True):
        counts = per_cluster.setdefault(int(cluster_index), Counter())
        for stem, word in stems_with_surface(text):
            counts[stem] += 1
            surfaces.setdefault(stem, Counter())[word] += 1
    total = Counter[str]()
    for counts in per_cluster.values():
        total.update(counts)
    average = sum(total.values()) / max(len(per_cluster), 1)
    result: dict[int, Label] = {}
    for cluster_index, counts in per_cluster.items():
        size = sum(counts.values()) or 1
        scored = sorted(
            ((count / size) * math.log(1 + average / total[stem]), stem) for stem, count in counts.items() if count > 1
        )
        keywords = tuple(surfaces[stem].most_common(1)[0][0] for _score, stem in reversed(scored[-top:]))
        members = np.flatnonzero(labels == cluster_index)
        central = members[int(np.argmax(vectors[members] @ centroids[cluster_index]))]
        result[cluster_index] = Label(keywords=keywords, example_index=int(central))
    return result
