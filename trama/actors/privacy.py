"""The privacy notice's version and the helpers other apps use to stamp a consent (time + notice version).

Apps store the consent on their own records (e.g. ``privacy_consent_at`` and ``privacy_version`` columns):
    consent = consent_now()
    Contribution(..., privacy_consent_at=consent.given_at, privacy_version=consent.version)
When the text of ``actors/privacy_notice.html`` changes in substance, bump ``PRIVACY_NOTICE_VERSION``: the
records then show which text each person agreed to.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

PRIVACY_NOTICE_VERSION = "2026-12-01"

# How long the link sent by e-mail to see, download or erase one's data stays valid.
MY_DATA_LINK_MAX_AGE = datetime.timedelta(hours=24)


@dataclass(frozen=True)
class Consent:
    given_at: datetime.datetime
    version: str = PRIVACY_NOTICE_VERSION

    def as_dict(self) -> dict[str, str]:
        return {"given_at": self.given_at.isoformat(), "version": self.version}


def consent_now() -> Consent:
    """A consent given now to the current version of the notice."""
    return Consent(given_at=timezone.now())


def email_hash(email: str) -> str:
    """A keyed hash of an address (HMAC-SHA256 with SECRET_KEY): lets the plan office show that a request was
    made and carried out without keeping the address, and cannot be reversed by hashing a list of addresses
    without the key."""
    normalised = email.strip().lower().encode()
    return hmac.new(settings.SECRET_KEY.encode(), normalised, hashlib.sha256).hexdigest()


def notice_link() -> SafeString:
    """The help text of every consent checkbox: a link to the notice the person agrees to."""
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("privacy:notice"),
        _("Leggi l'informativa sulla privacy (si apre in una nuova scheda)"),
    )
