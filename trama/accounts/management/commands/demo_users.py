from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from trama.accounts.models import Role, User

DEMO_USERNAME = "ufficio"
# A demo account for a local laptop run only; refused when PRODUCTION is on.
DEMO_PASSWORD = os.getenv("TRAMA_DEMO_PASSWORD", "trama-demo-2024")


class Command(BaseCommand):
    help = "Crea (o ripristina) l'utente dimostrativo dell'Ufficio di Piano e ne stampa le credenziali."

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.PRODUCTION:
            raise CommandError("demo_users is refused when PRODUCTION is on: create real accounts instead.")
        user, _created = User.objects.get_or_create(username=DEMO_USERNAME)
        user.role = Role.PLAN_OFFICE
        user.is_staff = True
        user.first_name = "Ufficio"
        user.last_name = "di Piano"
        user.set_password(DEMO_PASSWORD)
        user.save()
        port = os.getenv("PORT", "8000")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nTrama è pronta: http://127.0.0.1:{port}/\n"
                f"Accesso demo Ufficio di Piano: http://127.0.0.1:{port}/admin/  "
                f"utente «{DEMO_USERNAME}», password «{DEMO_PASSWORD}»\n"
            )
        )
