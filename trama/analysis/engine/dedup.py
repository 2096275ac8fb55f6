"""Near-duplicate detection: the same proposal said twice, in other words or with small edits.

Two texts are compared on three features:
- the cosine of their centred embeddings (same wording and meaning);
- the cosine of their strategy profiles, i.e. the linker's probabilities
  over the plan's strategies (same subject, even in other words);
- the overlap of their Italian stems (the same content words);
- the overlap of their character 4-grams (a re-submission with small edits,
  typos or other punctuation).
A logistic model per backend turns the first three into the probability of a
duplicate; a text whose 4-grams overlap at least RESUBMISSION_OVERLAP with
another is a duplicate whatever the model says (a re-submission).
It was fitted on the tuning split of the labelled pairs
(data/duplicate_pairs_tune.jsonl, `manage.py analysis_pairs --fit`), never on
the evaluation split. Similar-looking sentences about different things ("case
pubbliche a giovani famiglie" / "terreni pubblici a giovani agricoltori") are
why surface similarity alone is not enough.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trama.analysis.engine.textproc import normalise

# Above this character 4-gram overlap, two texts are the same text re-sent (typos, punctuation, a word changed).
RESUBMISSION_OVERLAP = 0.6


@dataclass(frozen=True)
class PairModel:
    weights: tuple[float, ...]  # centred cosine, strategy-profile cosine, stem overlap
    bias: float
    threshold: float = 0.5  # production threshold on the probability

    def probability(self, features: np.ndarray) -> np.ndarray:
        features = np.atleast_2d(features)
        logits = features[:, : len(self.weights)] @ np.array(self.weights) + self.bias
        probability = 1 / (1 + np.exp(-logits))
        # The labelled pairs favour look-alike sentences about different things, so the model
        # distrusts surface similarity; a near-identical re-submission is still a duplicate.
        if features.shape[1] > len(self.weights):
            resent = features[:, len(self.weights)] >= RESUBMISSION_OVERLAP
            probability = np.where(resent, np.maximum(probability, 0.99), probability)
        return np.asarray(probability, dtype=np.float32)


# Fitted on data/duplicate_pairs_tune.jsonl (100 pairs) with each backend; see the module docstring.
PAIR_MODELS = {
    "e5": PairModel((-1.55, 3.30, 0.34), -1.86),
    "use": PairModel((-1.29, 2.41, 0.42), -1.33),
    "tfidf": PairModel((0.63, 3.02, -0.53), -2.52),
}


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def shingles(text: str, size: int = 4) -> frozenset[str]:
    """Character n-grams of the normalised text (letters and digits only), for near-identical re-submissions."""
    plain = " ".join("".join(c if c.isalnum() else " " for c in normalise(text)).split())
    return frozenset(plain[i : i + size] for i in range(max(len(plain) - size + 1, 1)))


def _unit(matrix: np.ndarray) -> np.ndarray:
    matrix = np.atleast_2d(matrix)
    return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)


def pair_features(
    query: np.ndarray,
    query_profile: np.ndarray,
    query_stems: frozenset[str],
    vectors: np.ndarray,
    profiles: np.ndarray,
    stems: Sequence[frozenset[str]],
    query_shingles: frozenset[str],
    shingle_sets: Sequence[frozenset[str]],
) -> np.ndarray:
    """Features of (query, each candidate): rows of (centred cosine, profile cosine, stem overlap, 4-gram overlap).

    `query` and `vectors` are centred unit embeddings; profiles are strategy probabilities.
    """
    cosines = np.atleast_2d(vectors) @ query
    profile_cosines = _unit(profiles) @ _unit(query_profile)[0]
    overlaps = np.array([jaccard(query_stems, s) for s in stems], dtype=np.float32)
    grams = np.array([jaccard(query_shingles, s) for s in shingle_sets], dtype=np.float32)
    return np.column_stack([cosines, profile_cosines, overlaps, grams]).astype(np.float32)


@dataclass(frozen=True)
class Similar:
    index: int
    probability: float  # that the candidate is a duplicate of the query
    is_duplicate: bool


def find_similar(features: np.ndarray, *, backend: str, limit: int = 5, min_probability: float = 0.3) -> list[Similar]:
    """The candidates most likely to be duplicates, best first; `is_duplicate` at the production threshold."""
    model = PAIR_MODELS.get(backend, PAIR_MODELS["tfidf"])
    probabilities = model.probability(features) if len(features) else np.zeros(0, dtype=np.float32)
    order = np.argsort(-probabilities)[:limit]
    return [
        Similar(int(i), float(probabilities[i]), bool(probabilities[i] >= model.threshold))
        for i in order
        if probabilities[i] >= min_probability
    ]
