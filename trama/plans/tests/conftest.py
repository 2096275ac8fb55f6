from __future__ import annotations

import pytest

from trama.core.services import psm_data_load


@pytest.fixture
def real_data(db) -> None:
    """The shipped PSM 2021-2023 and 2024-2026 plus the real territory."""
    psm_data_load()
