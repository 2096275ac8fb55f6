"""Stemming is used by request threads at the same time (live ideas, board renders): results stay right."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from trama.analysis.engine.textproc import stems

TEXTS = [
    "trasporti pubblici nelle valli e collegamenti ferroviari con Torino",
    "comunità energetiche rinnovabili nei comuni montani",
    "formazione professionale e lavoro per i giovani del Canavese",
    "servizi sanitari di prossimità e case della comunità",
] * 50


def test_many_threads_stemming_at_once_get_the_same_stems_as_one_thread():
    expected = [stems(text) for text in TEXTS]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(stems, TEXTS))
    assert found == expected
