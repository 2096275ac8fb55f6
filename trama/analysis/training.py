"""The labelled Italian data shipped with the engine, and the linker built from it and from confirmed links.

Embedding the training split is the slow part of building a linker (a few
seconds with e5), so its vectors are cached on disk per model.
"""

from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.db.models import Count, Max

from trama.analysis.engine.embedders import Embedder, get_embedder, vector_from_bytes
from trama.analysis.engine.linker import Example, StrategyLinker
from trama.analysis.engine.textproc import DATA_DIR
from trama.analysis.models import LinkStatus, StrategyLink
from trama.plans.models import PlanVersion, Strategy

TRAIN_FILE = DATA_DIR / "strategy_train.jsonl"
EVAL_FILE = DATA_DIR / "strategy_eval.jsonl"


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def read_examples(path: Path) -> list[Example]:
    return [Example(text=str(row["text"]), label=str(row["strategy"])) for row in read_jsonl(path)]


def cached_vectors(embedder: Embedder, texts: list[str]) -> np.ndarray:
    """Embed texts, reusing a cache file keyed by the model and the exact texts."""
    digest = hashlib.sha256((embedder.model_id + "\n" + "\n".join(texts)).encode()).hexdigest()[:16]
    cache_dir = Path(settings.ANALYSIS_CACHE_DIR)
    path = cache_dir / f"vectors-{digest}.npy"
    if path.exists():
        vectors = np.load(path)
        if vectors.shape[0] == len(texts):
            return vectors
    vectors = embedder.embed(texts, kind="query")
    cache_dir.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp.npy")
    np.save(tmp, vectors)
    tmp.replace(path)
    return vectors


@dataclass(frozen=True)
class LinkerKey:
    model_id: str
    plan_id: int
    confirmed: int
    last_decision: str


_cache: dict[LinkerKey, StrategyLinker] = {}
_lock = threading.Lock()


def current_plan_strategies() -> tuple[PlanVersion | None, dict[str, str]]:
    plan = PlanVersion.objects.filter(is_current=True).first() or PlanVersion.objects.first()
    if plan is None:
        return None, {}
    titles = dict(Strategy.objects.filter(axis__plan=plan).values_list("code", "title"))
    return plan, titles


def linker_for_current_plan(embedder: Embedder | None = None) -> StrategyLinker | None:
    """The linker for the current plan: titles + shipped training split + links confirmed by people.

    Rebuilt (once per process) whenever a person confirms a link, so that
    confirmations improve the next suggestions.
    """
    embedder = embedder or get_embedder(settings.ANALYSIS_BACKEND)
    plan, titles = current_plan_strategies()
    if plan is None or not titles:
        return None
    confirmed = StrategyLink.objects.filter(
        status=LinkStatus.CONFIRMED, strategy__axis__plan=plan, text__model_id=embedder.model_id
    )
    stats = confirmed.aggregate(n=Count("pk"), last=Max("decided_at"))
    key = LinkerKey(embedder.model_id, plan.pk, stats["n"], str(stats["last"]))
    with _lock:
        if key in _cache:
            return _cache[key]
    shipped = [e for e in read_examples(TRAIN_FILE) if e.label in titles] if TRAIN_FILE.exists() else []
    vectors = [cached_vectors(embedder, [e.text for e in shipped])] if shipped else []
    examples = list(shipped)
    for text_body, vector, code in confirmed.values_list("text__body", "text__vector", "strategy__code"):
        if vector is not None:
            examples.append(Example(text=text_body, label=code))
            vectors.append(vector_from_bytes(vector)[None, :])
    matrix = np.vstack(vectors) if vectors else None
    linker = StrategyLinker(embedder=embedder, titles=titles, examples=examples, example_vectors=matrix)
    with _lock:
        _cache.clear()  # one plan and one model at a time: keep memory flat
        _cache[key] = linker
    return linker
