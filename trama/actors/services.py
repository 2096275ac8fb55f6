"""Writes of the actors app: a person's own data (the link by e-mail, the erasure)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from trama.actors.models import ErasureRequest, normalise_email
from trama.actors.privacy import MY_DATA_LINK_MAX_AGE, email_hash
from trama.actors.registry import sources

# The signing namespace of the links (not a secret: the secret is SECRET_KEY).
SIGNING_SALT = "trama.actors.my-data"
LINKS_PER_HOUR_PER_EMAIL = 3
LINKS_PER_HOUR_PER_IP = 20


class TooManyRequests(Exception):
    """More links asked than the hourly limit allows."""


def my_data_token_make(*, email: str) -> str:
    return signing.dumps({"email": normalise_email(email)}, salt=SIGNING_SALT, compress=True)


def my_data_token_read(token: str) -> str | None:
    """The address a link was made for, or None when the link is forged, altered or older than 24 hours."""
    try:
        payload = signing.loads(token, salt=SIGNING_SALT, max_age=MY_DATA_LINK_MAX_AGE)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    email = payload.get("email") if isinstance(payload, dict) else None
    return email if isinstance(email, str) and email else None


def _count_hit(key: str, limit: int) -> bool:
    """True while under the limit; counts this hit."""
    added = cache.add(key, 1, timeout=3600)
    if added:
        return True
    try:
        hits = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=3600)
        return True
    return hits <= limit


def my_data_link_send(*, email: str, link_for: Callable[[str], str], ip: str = "") -> None:
    """E-mail a signed link, valid for 24 hours, to see, download and erase what Trama holds about the address.

    The same answer is given whether or not the address is known, so the form tells nobody who took part.
    ``link_for`` turns a token into the absolute URL (the view passes ``request.build_absolute_uri`` of the
    page). Raises TooManyRequests over the hourly limits."""
    email = normalise_email(email)
    if not _count_hit(f"my-data:email:{email_hash(email)}", LINKS_PER_HOUR_PER_EMAIL) or (
        ip and not _count_hit(f"my-data:ip:{ip}", LINKS_PER_HOUR_PER_IP)
    ):
        raise TooManyRequests
    link = link_for(my_data_token_make(email=email))
    body = render_to_string("actors/emails/my_data_link.txt", {"link": link, "hours": 24})
    subject = _("I tuoi dati sul Piano Strategico Metropolitano")
    transaction.on_commit(lambda: send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=False))


@transaction.atomic
def my_data_erase(*, email: str) -> ErasureRequest:
    """Ask every registered source to erase or anonymise what identifies the address, and record the request
    with its time and the counts per source, keeping only a keyed hash of the address (accountability)."""
    email = normalise_email(email)
    now = timezone.now()
    erased = {source.key: int(source.erase(email)) for source in sources()}
    request = ErasureRequest(email_hash=email_hash(email), requested_at=now, completed_at=timezone.now(), erased=erased)
    request.full_clean()
    request.save()
    return request
