"""Benchmark of the thematic analysis engine, every backend side by side, TF-IDF as the baseline.

For each backend (e5, use, tfidf; those installed):
- embedding throughput on 1,000 and 10,000 Italian texts (texts/s);
- latency of one suggestion (embed one text + strategy probabilities) and of
  joining a theme (one dot product per theme), median of 50;
- re-clustering 10,000 embedded texts (k-means warm-started + c-TF-IDF labels);
- quality on the held-out evaluation split (top-1, top-3, ARI) and on the
  duplicate pairs (precision, recall, F1 at the production threshold);
- peak resident memory of the process after the backend ran.
Ratios divide by the TF-IDF figure of the same run ("x_tfidf"). One JSON
object per line; the last line sums up. BENCH_QUICK=1 uses 2,000 instead of
10,000 texts for the large runs.
"""

from __future__ import annotations

import json
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trama.settings")

import django  # noqa: E402

django.setup()

import numpy as np  # noqa: E402

from trama.analysis.engine import themes  # noqa: E402
from trama.analysis.engine.embedders import Embedder, available_backends, get_embedder  # noqa: E402
from trama.analysis.engine.linker import StrategyLinker  # noqa: E402
from trama.analysis.evaluation import (  # noqa: E402
    evaluate_links,
    evaluate_pairs,
    read_pairs,
    shipped_titles,
    training_examples,
)
from trama.analysis.training import EVAL_FILE, TRAIN_FILE, read_examples  # noqa: E402

LARGE = 2000 if os.getenv("BENCH_QUICK") else 10_000
PAIRS_FILE = TRAIN_FILE.parent / "duplicate_pairs_eval.jsonl"


def corpus(n: int) -> list[str]:
    """n distinct Italian texts: the shipped ones, recombined (two sentences from different texts)."""
    base = [e.text for e in read_examples(TRAIN_FILE)] + [e.text for e in read_examples(EVAL_FILE)]
    rng = random.Random(42)
    texts = list(base)
    while len(texts) < n:
        a, b = rng.sample(base, 2)
        texts.append(f"{a} {b}")
    return texts[:n]


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def throughput(embedder: Embedder, texts: list[str]) -> float:
    start = time.perf_counter()
    embedder.embed(texts, kind="query")
    return len(texts) / (time.perf_counter() - start)


def run_backend(name: str) -> dict[str, object]:
    embedder = get_embedder(name)
    figures: dict[str, object] = {"backend": embedder.name, "model_id": embedder.model_id}
    if embedder.name != name:
        figures["note"] = f"{name} unavailable, fell back"
    texts_1k, texts_large = corpus(1000), corpus(LARGE)
    figures["texts_per_s_1k"] = round(throughput(embedder, texts_1k), 1)

    start = time.perf_counter()
    vectors = embedder.embed(texts_large, kind="query")
    figures[f"texts_per_s_{LARGE // 1000}k"] = round(LARGE / (time.perf_counter() - start), 1)

    linker = StrategyLinker(embedder=embedder, titles=shipped_titles(), examples=training_examples([]))
    probe = [e.text for e in read_examples(EVAL_FILE)][:50]
    latencies = []
    for text in probe:
        start = time.perf_counter()
        linker.suggest([text])
        latencies.append((time.perf_counter() - start) * 1000)
    figures["suggest_ms_p50"] = round(statistics.median(latencies), 2)
    figures["suggest_ms_max"] = round(max(latencies), 2)

    start = time.perf_counter()
    clustering = themes.cluster(vectors, k=themes.default_k(LARGE))
    themes.label_clusters(texts_large, clustering.labels, vectors, clustering.centroids)
    figures[f"recluster_{LARGE // 1000}k_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    warm = themes.cluster(vectors, k=len(clustering.centroids), seeds=clustering.centroids)
    figures[f"recluster_warm_{LARGE // 1000}k_s"] = round(time.perf_counter() - start, 2)
    kept = float(np.mean(warm.labels == clustering.labels))
    figures["warm_start_same_theme"] = round(kept, 3)

    joins = []
    for vector in vectors[:200]:
        start = time.perf_counter()
        themes.nearest(vector, warm.centroids)
        joins.append((time.perf_counter() - start) * 1000)
    figures["join_theme_ms_p50"] = round(statistics.median(joins), 4)

    quality = evaluate_links(read_examples(EVAL_FILE), embedder)
    figures.update({"top1": round(quality.top1, 3), "top3": round(quality.top3, 3), "ari": round(quality.ari, 3)})
    if PAIRS_FILE.exists():
        pairs = evaluate_pairs(read_pairs(PAIRS_FILE), embedder)
        figures.update({"dup_precision": round(pairs.precision, 3), "dup_recall": round(pairs.recall, 3)})
        figures["dup_f1"] = round(pairs.f1, 3)
    figures["peak_rss_mb"] = round(peak_mb(), 1)
    return figures


def main() -> None:
    backends = [b for b in ("tfidf", "use", "e5") if b in available_backends()]
    results = {}
    for name in backends:
        results[name] = run_backend(name)
        print(json.dumps(results[name]), flush=True)
    baseline = results["tfidf"]
    for name in backends:
        if name == "tfidf":
            continue
        ratios = {"backend": name, "ratios_vs": "tfidf"}
        for key in ("texts_per_s_1k", "suggest_ms_p50", "top1", "top3", "ari", "dup_f1"):
            if isinstance(baseline.get(key), float) and baseline[key]:
                ratios[f"{key}_x_tfidf"] = round(float(results[name][key]) / float(baseline[key]), 2)
        print(json.dumps(ratios))
    best = results.get("e5") or results.get("use") or baseline
    print(
        json.dumps(
            {
                "summary": best["backend"],
                "top1": best["top1"],
                "top3": best["top3"],
                "ari": best["ari"],
                "suggest_ms_p50": best["suggest_ms_p50"],
                f"recluster_{LARGE // 1000}k_s": best[f"recluster_{LARGE // 1000}k_s"],
                "peak_rss_mb": round(peak_mb(), 1),
            }
        )
    )


if __name__ == "__main__":
    main()
