"""Events tests run without handing questions to the thematic analysis (its own tests cover it, and the
immediate task backend of the tests would embed every question inside the request); test_question_analysis
turns it back on."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _no_question_analysis(settings):
    settings.EVENT_QUESTIONS_ANALYSIS = False
