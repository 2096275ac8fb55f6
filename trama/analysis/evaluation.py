"""Measuring the engine on labelled files: strategy linking, clustering, near-duplicates.

Used by `manage.py analysis_eval`, `manage.py analysis_pairs` and bench/analysis.py.
The linker is trained on the shipped training split only, minus any text that
also appears in the evaluated file: a file is never evaluated on what it taught.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from trama.analysis.engine import dedup, themes
from trama.analysis.engine.embedders import Embedder
from trama.analysis.engine.linker import Example, StrategyLinker, theme_features
from trama.analysis.engine.textproc import normalise, stems
from trama.analysis.training import TRAIN_FILE, read_examples, read_jsonl

PLAN_FILE = Path(__file__).resolve().parent.parent / "plans" / "data" / "psm-2024-2026.json"


def shipped_titles(path: Path = PLAN_FILE) -> dict[str, str]:
    plan = json.loads(path.read_text(encoding="utf-8"))
    return {s["code"]: s["title"] for axis in plan["axes"] for s in axis["strategies"]}


def training_examples(excluding: list[str]) -> list[Example]:
    held_out = {normalise(t) for t in excluding}
    return [e for e in read_examples(TRAIN_FILE) if normalise(e.text) not in held_out]


@dataclass(frozen=True)
class LinkEvaluation:
    n: int
    top1: float
    top3: float
    ari: float
    texts_per_s: float
    backend: str
    none_rate: float

    def as_line(self) -> dict[str, object]:
        return {
            "n": self.n,
            "top1": round(self.top1, 4),
            "top3": round(self.top3, 4),
            "ari": round(self.ari, 4),
            "texts_per_s": round(self.texts_per_s, 1),
            "backend": self.backend,
        }


def evaluate_links(examples: list[Example], embedder: Embedder) -> LinkEvaluation:
    from sklearn.metrics import adjusted_rand_score

    titles = shipped_titles()
    training = training_examples([e.text for e in examples])
    linker = StrategyLinker(embedder=embedder, titles=titles, examples=training)

    start = time.perf_counter()
    vectors = embedder.embed([e.text for e in examples], kind="query")
    texts_per_s = len(examples) / max(time.perf_counter() - start, 1e-9)

    results = linker.suggest_vectors(vectors, top=3)
    top1 = np.mean([r.suggestions[0].code == e.label for r, e in zip(results, examples, strict=True)])
    top3 = np.mean([e.label in {s.code for s in r.suggestions} for r, e in zip(results, examples, strict=True)])
    none_rate = np.mean([r.is_none for r in results])

    labels = [e.label for e in examples]
    features = theme_features(vectors, linker)
    clustering = themes.cluster(features, k=len(set(labels)))
    ari = adjusted_rand_score(labels, clustering.labels)
    return LinkEvaluation(
        len(examples), float(top1), float(top3), float(ari), texts_per_s, embedder.name, float(none_rate)
    )


@dataclass(frozen=True)
class PairEvaluation:
    n: int
    precision: float
    recall: float
    f1: float

    def as_line(self) -> dict[str, object]:
        return {
            "n": self.n,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


def pair_features(pairs: list[dict[str, object]], embedder: Embedder) -> np.ndarray:
    """Near-duplicate features of each pair, with the linker trained on the shipped training split."""
    linker = StrategyLinker(embedder=embedder, titles=shipped_titles(), examples=training_examples([]))
    a = embedder.embed([str(p["a"]) for p in pairs], kind="query")
    b = embedder.embed([str(p["b"]) for p in pairs], kind="query")
    ca, cb, pa, pb = linker.centre(a), linker.centre(b), linker.probabilities(a), linker.probabilities(b)
    return np.vstack(
        [
            dedup.pair_features(
                ca[i],
                pa[i : i + 1],
                frozenset(stems(str(p["a"]))),
                cb[i : i + 1],
                pb[i : i + 1],
                [frozenset(stems(str(p["b"])))],
                dedup.shingles(str(p["a"])),
                [dedup.shingles(str(p["b"]))],
            )
            for i, p in enumerate(pairs)
        ]
    )


def evaluate_pairs(pairs: list[dict[str, object]], embedder: Embedder) -> PairEvaluation:
    model = dedup.PAIR_MODELS[embedder.name]
    predicted = model.probability(pair_features(pairs, embedder)) >= model.threshold
    truth = np.array([bool(p["duplicate"]) for p in pairs])
    tp = int((predicted & truth).sum())
    precision = tp / max(int(predicted.sum()), 1)
    recall = tp / max(int(truth.sum()), 1)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PairEvaluation(len(pairs), precision, recall, f1)


def fit_pair_model(pairs: list[dict[str, object]], embedder: Embedder) -> dedup.PairModel:
    """Refit the near-duplicate model on a tuning file (never the evaluation split); paste it into PAIR_MODELS."""
    from sklearn.linear_model import LogisticRegression

    truth = np.array([bool(p["duplicate"]) for p in pairs])
    model = LogisticRegression().fit(pair_features(pairs, embedder)[:, :3], truth)
    weights = tuple(round(float(w), 2) for w in model.coef_[0])
    return dedup.PairModel(weights, round(float(model.intercept_[0]), 2))


def read_pairs(path: Path) -> list[dict[str, object]]:
    return read_jsonl(path)
