"""Account forms with Bootstrap Italia classes and field errors the screen reader reaches."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.forms import SetPasswordForm


class PasswordSetForm(SetPasswordForm):
    """The first password of an account made by the plan office (or a new one after a reset)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-control"

    def full_clean(self) -> None:
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs.update(
                    {"class": "form-control is-invalid", "aria-invalid": "true", "aria-describedby": f"id_{name}_error"}
                )
