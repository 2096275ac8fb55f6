"""A steady heap for long-running server processes.

CPython's cyclic garbage collector walks every tracked object in a full (generation 2) collection. A
server process holds hundreds of thousands of them from the imports alone (Django, Channels, the plan's
models and templates), so a full collection paused the event loop for 100-400 ms under load: every socket
of the process waited, a live day's facilitators and regia among them (bench/live_event.py saw the slow
ideas in clusters, at the moments of these pauses). Once the application is loaded, ``steady_heap()``
imports what the first requests would import, collects once, and freezes the survivors into the permanent
generation (``gc.freeze()``), so later collections walk only what the process allocates afterwards, and
makes the collector run less often (THRESHOLDS)."""

from __future__ import annotations

import gc
import logging

log = logging.getLogger(__name__)

# Young collections every 10,000 net allocations instead of 700 (each one still short), and a full collection
# only after 1,000 collections of the middle generation: garbage cycles die young in a request/message
# server, and the full walks were the pauses.
THRESHOLDS = (10_000, 50, 1_000)


def steady_heap() -> int:
    """Load what requests load lazily, then freeze the heap; returns how many objects were frozen."""
    from django.urls import get_resolver

    try:
        get_resolver().url_patterns  # noqa: B018  # imports every view module
    except Exception:  # a broken URLconf is reported by the first request, with its real traceback
        log.exception("URLconf not loaded before freezing the heap")
    gc.collect()
    gc.freeze()
    gc.set_threshold(*THRESHOLDS)
    return gc.get_freeze_count()
