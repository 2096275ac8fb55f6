from __future__ import annotations

from trama.analysis.engine.textproc import stems, tokens


def test_inflected_forms_share_a_stem():
    assert stems("connessioni")[0] == stems("connessione")[0]


def test_apostrophes_split_words_and_stop_words_are_dropped():
    assert tokens("L’area dell'Eporediese") == ["l", "area", "dell", "eporediese"]
    assert "dell" not in stems("L'area dell'Eporediese e della valle")
