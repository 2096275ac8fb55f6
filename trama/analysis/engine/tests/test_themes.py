from __future__ import annotations

import numpy as np

from trama.analysis.engine import themes
from trama.analysis.engine.embedders import get_embedder

TRAINS = [
    "Più treni la sera tra Pinerolo e Torino, l'ultimo parte troppo presto",
    "Treni regionali per Ivrea sempre in ritardo, servono più corse",
    "Il treno per Susa non passa la domenica mattina",
    "Aumentare le corse dei treni verso Chivasso negli orari dei pendolari",
]
HEALTH = [
    "In valle manca il medico di base, bisogna aprire una casa di comunità",
    "Servono ambulatori e medici di famiglia nei comuni di montagna",
    "La casa di comunità di Lanzo deve avere un medico tutti i giorni",
    "Telemedicina per gli anziani soli che non trovano il medico",
]


def _vectors(texts):
    return get_embedder("e5").embed(texts)


def test_two_clear_topics_end_up_in_two_themes():
    vectors = _vectors(TRAINS + HEALTH)
    result = themes.cluster(vectors, k=2)
    assert len(set(result.labels[:4])) == 1
    assert len(set(result.labels[4:])) == 1
    assert result.labels[0] != result.labels[4]


def test_labels_name_the_topic_and_skip_participation_filler_words():
    texts = TRAINS + HEALTH
    vectors = _vectors(texts)
    result = themes.cluster(vectors, k=2)
    labels = themes.label_clusters(texts, result.labels, vectors, result.centroids)
    train_label = labels[int(result.labels[0])]
    health_label = labels[int(result.labels[4])]
    assert any(word.startswith("tren") for word in train_label.keywords)
    assert "medico" in health_label.keywords
    assert not {"servono", "bisogna"} & set(train_label.keywords + health_label.keywords)
    assert texts[train_label.example_index] in TRAINS


def test_a_warm_start_keeps_each_theme_in_its_slot():
    vectors = _vectors(TRAINS + HEALTH)
    first = themes.cluster(vectors, k=2)
    # Seeds in the opposite order: slot 0 must now be the other topic.
    again = themes.cluster(vectors, k=2, seeds=first.centroids[::-1].copy())
    assert again.labels[0] == 1 - first.labels[0]


def test_a_new_text_joins_the_nearest_theme():
    vectors = _vectors(TRAINS + HEALTH)
    result = themes.cluster(vectors, k=2)
    new = _vectors(["Mettere più treni per Carmagnola al mattino"])[0]
    index, score = themes.nearest(new, result.centroids)
    assert index == result.labels[0]
    assert score > 0.5


def test_default_number_of_themes_grows_slowly_with_the_corpus():
    assert themes.default_k(10) == 2
    assert themes.default_k(200) == 10
    assert themes.default_k(100_000) == 40
    assert np.isfinite(themes.default_k(0))
