"""Root pytest configuration (fixtures live in trama/conftest.py and tests/e2e/conftest.py)."""

from __future__ import annotations


def pytest_configure() -> None:
    from django.conf import settings

    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Background tasks run inside the call that queues them, so tests see their effect at once.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    # Users made by tests get a cheap hash: PBKDF2's million rounds cost 0.3 s per user on this machine,
    # for a property the tests do not check (the login itself still runs through Django's auth).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The e2e tests serve trama.asgi inside this process: its startup heap freeze is for server processes.
    settings.STEADY_HEAP = False
