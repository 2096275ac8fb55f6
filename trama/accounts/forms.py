"""Account forms, drawn with includes/field.html."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import SetPasswordForm

from trama.core.forms import AccessibleFormMixin


class PasswordSetForm(AccessibleFormMixin, SetPasswordForm):
    """The first password of an account made by the plan office (or a new one after a reset)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()
