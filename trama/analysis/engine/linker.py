"""Strategy linking: which strategies of the plan a text speaks to.

A multinomial logistic regression over centred sentence embeddings, trained
on the strategy titles plus labelled examples: the shipped Italian training
split and every link a person has confirmed. Below a confidence threshold
the outcome is "altro / nessuna" (the text may speak to no strategy), but the
top 3 are still offered for a person to pick.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from trama.analysis.engine.embedders import Embedder

# Below this probability for the best strategy, the suggestion is "altro / nessuna".
NONE_THRESHOLD = 0.20
TITLE_WEIGHT = 3.0


@dataclass(frozen=True)
class Example:
    text: str
    label: str


@dataclass(frozen=True)
class Suggestion:
    code: str
    score: float


@dataclass(frozen=True)
class LinkResult:
    suggestions: tuple[Suggestion, ...]  # best first, at most `top`
    is_none: bool  # «altro / nessuna»: no strategy is likely enough

    @property
    def best(self) -> str | None:
        return None if self.is_none else self.suggestions[0].code


class StrategyLinker:
    """Fitted once per (model, training data); suggesting for one text costs one embedding and a dot product."""

    def __init__(
        self,
        *,
        embedder: Embedder,
        titles: dict[str, str],
        examples: Sequence[Example],
        example_vectors: np.ndarray | None = None,
        c: float = 8.0,
    ) -> None:
        from sklearn.linear_model import LogisticRegression

        self.embedder = embedder
        codes = sorted(titles, key=lambda code: [int(p) for p in code.split(".")])
        title_vectors = embedder.embed([titles[c] for c in codes], kind="query")
        if example_vectors is None:
            example_vectors = embedder.embed([e.text for e in examples], kind="query")
        matrix = np.vstack([title_vectors, example_vectors]) if len(examples) else title_vectors
        labels = codes + [e.label for e in examples]
        weights = np.array([TITLE_WEIGHT] * len(codes) + [1.0] * len(examples))
        # Centring removes the direction all Italian texts share, which otherwise dominates cosine scores.
        self._mean = matrix.mean(axis=0)
        self._model = LogisticRegression(C=c, max_iter=2000)
        self._model.fit(self.centre(matrix), labels, sample_weight=weights)
        self.codes: list[str] = [str(c) for c in self._model.classes_]
        self.n_examples = len(examples)

    def centre(self, vectors: np.ndarray) -> np.ndarray:
        centred = np.atleast_2d(vectors) - self._mean
        norms = np.linalg.norm(centred, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return centred / norms

    def probabilities(self, vectors: np.ndarray) -> np.ndarray:
        return np.asarray(self._model.predict_proba(self.centre(vectors)))

    def suggest_vectors(self, vectors: np.ndarray, *, top: int = 3) -> list[LinkResult]:
        results = []
        for row in self.probabilities(vectors):
            order = np.argsort(-row)[:top]
            suggestions = tuple(Suggestion(self.codes[i], float(row[i])) for i in order)
            results.append(LinkResult(suggestions, is_none=suggestions[0].score < NONE_THRESHOLD))
        return results

    def suggest(self, texts: Sequence[str], *, top: int = 3) -> list[LinkResult]:
        return self.suggest_vectors(self.embedder.embed(list(texts), kind="query"), top=top)


# How much the strategy probabilities weigh against the embedding when clustering themes
# (chosen by 5-fold cross-validation on the training split: ARI 0.13 with 0, 0.52 with 3).
PLAN_WEIGHT = 3.0


def theme_features(vectors: np.ndarray, linker: StrategyLinker | None, weight: float = PLAN_WEIGHT) -> np.ndarray:
    """What themes are clustered on: the centred embedding plus the plan's strategy probabilities.

    The probabilities pull texts about the same strategy together, so themes
    line up with the plan, while the embedding still separates different
    proposals within a strategy. Without a linker (no plan loaded) it is the
    embedding alone.
    """
    vectors = np.atleast_2d(vectors)
    if linker is None or weight == 0:
        return vectors.astype(np.float32)
    probabilities = linker.probabilities(vectors)
    probabilities /= np.linalg.norm(probabilities, axis=1, keepdims=True) + 1e-9
    combined = np.hstack([linker.centre(vectors), weight * probabilities])
    return (combined / (np.linalg.norm(combined, axis=1, keepdims=True) + 1e-9)).astype(np.float32)
