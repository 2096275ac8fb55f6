"""Italian text normalisation: tokens, Snowball stems, stop words (general + participatory domain)."""

from __future__ import annotations

import re
import threading
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
_TOKEN = re.compile(r"[a-zà-ÿ0-9]+", re.IGNORECASE)


def normalise(text: str) -> str:
    """Lower case, NFC, typographic apostrophes and dashes made plain, whitespace collapsed."""
    text = unicodedata.normalize("NFC", text).replace("’", "'").replace("`", "'").lower()
    return " ".join(text.split())


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalise(text).replace("'", " "))


@lru_cache(maxsize=1)
def stop_words() -> frozenset[str]:
    """Italian stop words (stop-words package) plus the domain ones shipped in data/stopwords_domain_it.txt."""
    from stop_words import get_stop_words

    words = {w.replace("'", "") for w in get_stop_words("it")}
    domain = DATA_DIR / "stopwords_domain_it.txt"
    if domain.exists():
        for line in domain.read_text(encoding="utf-8").splitlines():
            word = line.strip().lower()
            if word and not word.startswith("#"):
                words.add(word)
    return frozenset(words)


_local = threading.local()


def _stemmer() -> Any:  # snowballstemmer ships no type hints
    """One stemmer per thread: a snowball stemmer keeps its cursor in the object, so two ASGI request
    threads stemming at once with a shared one corrupt each other (IndexError, seen under load)."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import snowballstemmer

        stemmer = _local.stemmer = snowballstemmer.stemmer("italian")
    return stemmer


def stems(text: str, *, drop_stop_words: bool = True) -> list[str]:
    """Snowball stems of the content words (stop words and 1-letter tokens dropped)."""
    stops = stop_words() if drop_stop_words else frozenset()
    words = [t for t in tokens(text) if len(t) > 1 and t not in stops and not t.isdigit()]
    return list(_stemmer().stemWords(words))


def stems_with_surface(text: str) -> list[tuple[str, str]]:
    """(stem, surface word) pairs, to show a readable word for a stem in theme labels."""
    stops = stop_words()
    words = [t for t in tokens(text) if len(t) > 2 and t not in stops and not t.isdigit()]
    return list(zip(_stemmer().stemWords(words), words, strict=True))
