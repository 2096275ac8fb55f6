"""Trama settings: one file, driven by environment variables.

Every variable has a safe default for the embedded setup (SQLite, in-memory
channel layer). A malformed value stops the process at start-up instead of
being silently ignored.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

# Lets `admin.ModelAdmin[Model]` and friends be subscripted at runtime, for typing.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, got {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {value!r}") from exc


# PRODUCTION=true flips every security default on and requires a real SECRET_KEY.
PRODUCTION = envbool("PRODUCTION", "False")
DEBUG = envbool("DEBUG", "False")
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when PRODUCTION is on")
SECRET_KEY = os.getenv("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when PRODUCTION is on")
    # Local and test runs only: production sets SECRET_KEY (see README).
    SECRET_KEY = "django-insecure-trama-local-only"  # noqa: S105

ALLOWED_HOSTS = [h.strip() for h in os.getenv("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
SITE_URL = os.getenv("SITE_URL", "http://127.0.0.1:8000")

INSTALLED_APPS = [
    "daphne",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "channels",
    "ninja",
    "template_partials",
    "django_htmx",
    "bootstrap_italia_template",
    "trama.core",
    "trama.accounts",
    "trama.territory",
    "trama.actors",
    "trama.plans",
    "trama.analysis",
    "trama.process",
    "trama.participation",
    "trama.events",
    "trama.interviews",
    "trama.questionnaires",
    "trama.live",
    "trama.votes",
    "trama.reports",
    "trama.api",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "trama.urls"
ASGI_APPLICATION = "trama.asgi.application"
WSGI_APPLICATION = None

TEMPLATES: list[dict[str, Any]] = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trama" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trama.core.context_processors.roles",
            ],
        },
    },
]

DATABASE_URL = os.getenv("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # The background thread writes while requests do: wait for the lock instead of failing.
        # WAL lets readers (regia, big screen) go on while a facilitator's idea commits; synchronous=NORMAL
        # is durable across application crashes in WAL mode and cuts the per-commit disk sync.
        DATABASES["default"]["OPTIONS"] = {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
except ValueError as exc:
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
IS_POSTGRES = DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"
# A live day opens hundreds of concurrent requests (voters, regia, facilitators' fallback): on PostgreSQL a
# pool keeps them under max_connections. Off by default (0) so tests and small installs use plain connections.
DATABASE_POOL_MAX = envint("DATABASE_POOL_MAX", "0")
if DATABASE_POOL_MAX and IS_POSTGRES:
    DATABASES["default"]["OPTIONS"] = {"pool": {"min_size": 2, "max_size": DATABASE_POOL_MAX, "timeout": 20}}
# HTTP requests a server process runs at once (trama/core/gate.py); the rest wait in the event loop. Off (0) by
# default: on the 2-core benchmark it helped in some runs and hurt in others (bench/LIVE_NEEDS.md).
HTTP_CONCURRENCY = envint("HTTP_CONCURRENCY", "0")
# Server processes freeze their startup heap (trama/core/heap.py); the test session turns it off, since its
# e2e servers run inside the pytest process.
STEADY_HEAP = envbool("STEADY_HEAP", "true")

REDIS_URL = os.getenv("REDIS_URL", "")
if REDIS_URL:
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            # A regia screen briefly busy (a board render) must not drop idea pushes: they resync anyway, but late.
            # redis-py's default read timeout (5 s) equals channels_redis's blocking pop (5 s): under load the
            # empty answer arrives a little late, the read times out and the socket's consumer dies. Reads
            # wait longer than the pop.
            "CONFIG": {"hosts": [{"address": REDIS_URL, "socket_timeout": 20}], "capacity": 1000},
        }
    }
    # One cache for every server process: rate limits count across them, and the regia's shared theme
    # board is rendered once for all of them.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.getenv("CACHE_KEY_PREFIX", "trama"),
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "it"
LANGUAGES = [("it", _("Italiano")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "trama" / "locale"]
TIME_ZONE = "Europe/Rome"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "trama" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.getenv("MEDIA_ROOT", str(BASE_DIR / "media")))

# Upload of a whole plan (CSV/XLSX/JSON) by the plan office.
PLAN_IMPORT_MAX_BYTES = envint("PLAN_IMPORT_MAX_BYTES", str(5 * 1024 * 1024))

# The online contribution form (modulo online): attachments are checked by content and kept outside MEDIA_ROOT
# (only moderators download them); spam limits per hour.
CONTRIBUTION_MAX_FILE_BYTES = envint("CONTRIBUTION_MAX_FILE_BYTES", str(10 * 1024 * 1024))
CONTRIBUTION_MAX_TOTAL_BYTES = envint("CONTRIBUTION_MAX_TOTAL_BYTES", str(25 * 1024 * 1024))
CONTRIBUTION_MAX_FILES = envint("CONTRIBUTION_MAX_FILES", "5")
CONTRIBUTIONS_PER_HOUR_PER_IP = envint("CONTRIBUTIONS_PER_HOUR_PER_IP", "10")
CONTRIBUTIONS_PER_HOUR_PER_EMAIL = envint("CONTRIBUTIONS_PER_HOUR_PER_EMAIL", "5")
CONTRIBUTION_UPLOAD_ROOT = os.getenv("CONTRIBUTION_UPLOAD_ROOT", str(BASE_DIR / "private-uploads"))
# Events: report uploads, registrations per network per hour, base URL of links in e-mails sent off-request.
EVENT_REPORT_MAX_BYTES = envint("EVENT_REPORT_MAX_BYTES", str(10 * 1024 * 1024))
EVENT_REGISTRATIONS_PER_HOUR_PER_IP = envint("EVENT_REGISTRATIONS_PER_HOUR_PER_IP", "30")
SITE_URL = os.getenv("SITE_URL", "")
# Hand questions and live ideas to the thematic analysis (off the request path). On a live day with the
# in-process task thread, LIVE_ANALYSIS=false keeps the servers' CPU for the ideas (or run a db_worker).
EVENT_QUESTIONS_ANALYSIS = envbool("EVENT_QUESTIONS_ANALYSIS", "true")
LIVE_ANALYSIS = envbool("LIVE_ANALYSIS", "true")
# The regia's theme board shows a change by the regia at once; new ideas (already in the live feed) may
# reach it up to this many seconds late, so the screens reloading during a burst share one render.
LIVE_BOARD_FRESH_SECONDS = envint("LIVE_BOARD_FRESH_SECONDS", "5")
# Live ideas reach the analysis engine in one batch per event every this many seconds (0: a task per idea,
# also what happens with a task backend that cannot defer).
LIVE_ANALYSIS_BATCH_SECONDS = envint("LIVE_ANALYSIS_BATCH_SECONDS", "10")

_secure = "True" if PRODUCTION else "False"
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", "31536000" if PRODUCTION else "0")
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", _secure)
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", _secure)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", _secure)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_SECONDS > 0
SECURE_HSTS_PRELOAD = SECURE_HSTS_SECONDS > 0
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if envbool("BEHIND_PROXY", "False") else None

EMAIL_BACKEND = os.getenv("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.getenv("DEFAULT_FROM_EMAIL", "piano_strategico@example.org")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.getenv("LOG_LEVEL", "INFO")},
    # One line per background task is noise at INFO; failures still log as errors.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

NINJA_PAGINATION_PER_PAGE = 100

# Background work (embedding texts, re-clustering themes). "thread": in-process, for the
# embedded default; "database": django-tasks-db, run `manage.py db_worker` beside the server;
# "immediate": in the request (tests).
TASKS_BACKEND = os.getenv("TASKS_BACKEND", "thread")
_TASK_BACKENDS = {
    "thread": "trama.core.tasks.ThreadBackend",
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
if TASKS_BACKEND not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be one of {sorted(_TASK_BACKENDS)}, got {TASKS_BACKEND!r}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[TASKS_BACKEND]}}

# Thematic analysis: "auto" picks the best embedder installed (e5 → use → tfidf).
ANALYSIS_BACKEND = os.getenv("ANALYSIS_BACKEND", "auto")
if ANALYSIS_BACKEND not in {"auto", "e5", "use", "tfidf"}:
    raise ImproperlyConfigured(f"ANALYSIS_BACKEND must be auto, e5, use or tfidf, got {ANALYSIS_BACKEND!r}")
ANALYSIS_CACHE_DIR = Path(os.getenv("ANALYSIS_CACHE_DIR", str(BASE_DIR / ".cache" / "analysis")))
