from __future__ import annotations

import numpy as np
import pytest

from trama.analysis.engine import embedders
from trama.analysis.engine.embedders import available_backends, get_embedder

TEXTS = ["Servono più treni la sera tra Pinerolo e Torino", "Aprire una casa di comunità in valle"]


@pytest.mark.parametrize("name", ["e5", "use", "tfidf"])
def test_every_backend_returns_unit_vectors_of_its_dimension(name):
    if name not in available_backends():
        pytest.skip(f"{name} not installed here")
    embedder = get_embedder(name)
    assert embedder.name == name
    vectors = embedder.embed(TEXTS)
    assert vectors.shape == (2, embedder.dim)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)


def test_model_ids_differ_between_backends_so_vectors_are_never_mixed():
    ids = {get_embedder(name).model_id for name in available_backends()}
    assert len(ids) == len(available_backends())


def test_a_missing_preferred_backend_degrades_to_the_next_one(monkeypatch):
    monkeypatch.setattr(embedders, "available_backends", lambda: ["tfidf"])
    get_embedder.cache_clear()
    try:
        embedder = get_embedder("e5")
        assert embedder.name == "tfidf"
        assert embedder.embed(TEXTS).shape[0] == 2
    finally:
        get_embedder.cache_clear()


def test_the_same_text_gives_the_same_vector():
    embedder = get_embedder("auto")
    first, second = embedder.embed([TEXTS[0]]), embedder.embed([TEXTS[0]])
    assert np.allclose(first, second, atol=1e-6)


def test_an_empty_batch_gives_an_empty_matrix():
    assert get_embedder("tfidf").embed([]).shape[0] == 0
