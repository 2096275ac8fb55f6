"""A field with an error, drawn by includes/field.html, points a screen reader at its help and its error."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from trama.core.forms import AccessibleForm


class SampleForm(AccessibleForm):
    email = forms.EmailField(label="E-mail", help_text="Per la ricevuta.")
    zone = forms.ChoiceField(label="Zona", choices=[("1", "Torino")])
    agree = forms.BooleanField(label="Accetto")


def test_an_invalid_field_is_described_by_its_help_and_its_error_which_are_on_the_page():
    form = SampleForm(data={"email": "non-un-indirizzo", "zone": "9"})
    html = "".join(render_to_string("includes/field.html", {"field": form[name]}) for name in form.fields)
    described = re.search(r'<input type="email"[^>]*aria-describedby="([^"]+)"', html)
    assert described is not None and described.group(1) == "id_email_helptext id_email_error"
    for target in ("id_email_helptext", "id_email_error", "id_zone_error", "id_agree_error"):
        assert f'id="{target}"' in html
    assert 'class="form-control is-invalid"' in html and 'class="form-select is-invalid"' in html
    assert html.count('aria-invalid="true"') == 3


def test_a_valid_form_has_styled_widgets_and_no_error_marks():
    form = SampleForm(data={"email": "anna@example.org", "zone": "1", "agree": "on"})
    assert form.is_valid()
    html = render_to_string("includes/field.html", {"field": form["email"]})
    assert 'class="form-control"' in html and "aria-invalid" not in html
