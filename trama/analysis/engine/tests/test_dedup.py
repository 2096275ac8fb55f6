from __future__ import annotations

import numpy as np

from trama.analysis.engine import dedup
from trama.analysis.engine.embedders import get_embedder
from trama.analysis.engine.linker import StrategyLinker
from trama.analysis.engine.textproc import stems
from trama.analysis.evaluation import shipped_titles, training_examples

ORIGINAL = "Chiediamo un biglietto unico per bus e treni in tutta l'area metropolitana"
CANDIDATES = [
    "chiediamo un biglietto unico per bus e treni in tutta l area metropolitana!!",  # resubmission
    "Un solo abbonamento valido su pullman, metro e ferrovie di tutta la città metropolitana",  # paraphrase
    "Servono più treni la sera tra Pinerolo e Torino",  # same topic, another proposal
    "Aprire una casa di comunità a Lanzo",  # unrelated
]


def _search():
    embedder = get_embedder("e5")
    linker = StrategyLinker(embedder=embedder, titles=shipped_titles(), examples=training_examples([]))
    vectors = embedder.embed([ORIGINAL, *CANDIDATES])
    centred, profiles = linker.centre(vectors), linker.probabilities(vectors)
    features = dedup.pair_features(
        centred[0], profiles[:1], frozenset(stems(ORIGINAL)), centred[1:], profiles[1:],
        [frozenset(stems(c)) for c in CANDIDATES], dedup.shingles(ORIGINAL), [dedup.shingles(c) for c in CANDIDATES],
    )  # fmt: skip
    return {s.index: s for s in dedup.find_similar(features, backend=embedder.name, min_probability=0.0)}


def test_a_resubmission_with_small_edits_is_flagged_as_duplicate():
    assert _search()[0].is_duplicate


def test_a_paraphrase_in_other_words_is_flagged_as_duplicate():
    assert _search()[1].is_duplicate


def test_an_unrelated_proposal_is_not_a_duplicate_and_ranks_below_the_real_ones():
    found = _search()
    assert not found[3].is_duplicate
    assert found[3].probability < min(found[0].probability, found[1].probability)


def test_the_probability_grows_with_the_strategy_profile_similarity():
    model = dedup.PAIR_MODELS["e5"]
    same_subject, other_subject = model.probability(np.array([[0.5, 0.95, 0.2, 0.2], [0.5, 0.2, 0.2, 0.2]]))
    assert same_subject > model.threshold > other_subject
