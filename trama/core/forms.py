"""The accessible form markup that templates/includes/field.html draws: Bootstrap Italia classes on every
widget; a field with errors gets ``is-invalid``, ``aria-invalid`` and ``aria-describedby`` pointing at its
help text (``<auto_id>_helptext``) and its error message (``<auto_id>_error``), the ids the include gives."""

from __future__ import annotations

from typing import Any

from django import forms

UNSTYLED = forms.HiddenInput | forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple


class AccessibleFormMixin:
    """Call ``style_widgets()`` at the end of ``__init__`` and ``mark_errors()`` after ``full_clean()``; or
    inherit ``AccessibleForm``, which does both."""

    fields: dict[str, forms.Field]
    errors: Any

    def style_widgets(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, UNSTYLED):
                continue
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()

    def mark_errors(self) -> None:
        form: Any = self  # a Form: its bound fields
        for name in self.errors:
            if name not in self.fields:
                continue
            field, widget = self.fields[name], self.fields[name].widget
            auto_id = form[name].auto_id
            described = [f"{auto_id}_helptext"] if field.help_text else []
            widget.attrs["aria-describedby"] = " ".join([*described, f"{auto_id}_error"])
            widget.attrs["aria-invalid"] = "true"
            if not isinstance(widget, UNSTYLED):
                widget.attrs["class"] = f"{widget.attrs.get('class', '')} is-invalid".strip()


class AccessibleForm(AccessibleFormMixin, forms.Form):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style_widgets()

    def full_clean(self) -> None:
        super().full_clean()
        self.mark_errors()
