"""Limits of the modulo online. Each can be changed in settings (or the environment through settings)."""

from __future__ import annotations

from django.conf import settings

MB = 1024 * 1024


def max_file_bytes() -> int:
    return int(getattr(settings, "CONTRIBUTION_MAX_FILE_BYTES", 10 * MB))


def max_total_bytes() -> int:
    return int(getattr(settings, "CONTRIBUTION_MAX_TOTAL_BYTES", 25 * MB))


def max_files() -> int:
    return int(getattr(settings, "CONTRIBUTION_MAX_FILES", 5))


def per_hour_per_ip() -> int:
    """Contributions an IP address may send in an hour (a school or a town hall shares one address)."""
    return int(getattr(settings, "CONTRIBUTIONS_PER_HOUR_PER_IP", 10))


def per_hour_per_email() -> int:
    return int(getattr(settings, "CONTRIBUTIONS_PER_HOUR_PER_EMAIL", 5))


TITLE_MAX = 200
TEXT_MAX = 20_000
TEXT_MIN = 10
# The public text offered to the moderator by default: the whole text up to this length.
EXCERPT_MAX = 2_000
