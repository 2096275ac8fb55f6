"""Demo data of the actors app: none.

The seeds name no Portavoce, Vice Portavoce or member of the cabina di regia, and invented people would look
real, so no Person is created; the plan office enters the real ones in the admin. Organisations and people
appear on the network page from the other apps' records (contributions, registrations, interviews…)."""

from __future__ import annotations


def demo_load() -> None:
    """Idempotent and deliberately empty (see the module docstring)."""
