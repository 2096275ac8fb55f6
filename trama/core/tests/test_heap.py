"""A server process freezes its startup heap so full garbage collections do not pause its sockets."""

from __future__ import annotations

import gc

from trama.core import heap


def test_the_startup_heap_is_frozen_and_the_collector_runs_less_often():
    thresholds = gc.get_threshold()
    try:
        frozen = heap.steady_heap()
        assert frozen > 10_000  # Django, the apps, their URLconf and views
        # Other threads of the test process (a browser test's server, the task runner) may free a few
        # frozen objects meanwhile, which leaves the permanent generation; nothing joins it without freeze().
        assert frozen * 0.99 <= gc.get_freeze_count() <= frozen
        assert gc.get_threshold() == heap.THRESHOLDS
    finally:
        gc.unfreeze()
        gc.set_threshold(*thresholds)
