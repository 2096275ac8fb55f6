"""Reference data of the Città metropolitana di Torino that is fixed by official acts.

Zones: the official names of the 11 zone omogenee. Venues: the six co-planning
venues of the PSM 2024-2026 process and their zones/SUA (seed 000; host towns
of the 5 December 2023 meetings from shared/data/README.md).
"""

from __future__ import annotations

from typing import Final

# (number, official name, map colour). Colours: a qualitative palette whose
# neighbours differ in lightness too, so zones stay distinguishable for colour-blind readers.
ZONES: Final[list[tuple[int, str, str]]] = [
    (1, "Torino", "#1b4f8a"),
    (2, "Area Metropolitana Torino Ovest", "#e69f00"),
    (3, "Area Metropolitana Torino Sud", "#56b4e9"),
    (4, "Area Metropolitana Torino Nord", "#009e73"),
    (5, "Pinerolese", "#f0e442"),
    (6, "Valli di Susa e Sangone", "#0072b2"),
    (7, "Ciriacese-Valli di Lanzo", "#d55e00"),
    (8, "Canavese Occidentale", "#cc79a7"),
    (9, "Eporediese", "#7a5195"),
    (10, "Chivassese", "#8c9d2b"),
    (11, "Chierese-Carmagnolese", "#a0522d"),
]

# (letter, name, zone numbers, SUA, host town of the 2023 co-planning meeting)
VENUES: Final[list[tuple[str, str, list[int], str, str]]] = [
    ("A", "Torino e area metropolitana", [1, 2, 3, 4], "SUA 12-13-14", "Torino"),
    ("B", "Pinerolese", [5], "SUA 7", "Pinerolo"),
    ("C", "Valli Susa e Sangone", [6], "SUA 8", "Condove"),
    ("D", "Canavese occidentale, Ciriacese e Valli di Lanzo", [7, 8], "SUA 9", "Ciriè"),
    ("E", "Eporediese e Chivassese", [9, 10], "SUA 10", "Strambino"),
    ("F", "Carmagnolese e Chierese", [11], "SUA 11", "Riva presso Chieri"),
]

ISTAT_PROVINCE_CODE: Final = "001"
