"""An in-process task backend for the embedded default: one background thread, no worker to start.

Production uses django-tasks-db's DatabaseBackend and `manage.py db_worker`
(TASKS_BACKEND=database). Results are not persisted here; what a task writes
is, and `manage.py analysis_pending` re-runs anything a crash left behind.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from django.db import close_old_connections
from django_tasks.backends.immediate import ImmediateBackend

logger = logging.getLogger(__name__)

_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="trama-tasks")


class ThreadBackend(ImmediateBackend):
    def _execute_task(self, task_result: Any) -> None:
        try:
            _executor.submit(self._run, task_result)
        except RuntimeError:
            # A task queued by another task while a management command exits: the pool takes no new work
            # then, so run it here rather than lose it.
            self._run(task_result)

    def _run(self, task_result: Any) -> None:
        close_old_connections()
        try:
            super()._execute_task(task_result)
        except Exception:  # the immediate backend records failures; this only guards the thread
            logger.exception("background task failed")
        finally:
            close_old_connections()
