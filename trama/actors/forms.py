from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class MyDataRequestForm(forms.Form):
    email = forms.EmailField(
        label=_("Il tuo indirizzo e-mail"),
        max_length=254,
        help_text=_("Ti invieremo un collegamento valido 24 ore per vedere, scaricare o cancellare i tuoi dati."),
        error_messages={
            "required": _("Indica l'indirizzo e-mail con cui hai partecipato."),
            "invalid": _("Indica un indirizzo e-mail valido, ad esempio nome@esempio.it."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class MyDataEraseForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Confermo: cancellate i miei dati personali. L'operazione non si può annullare."),
        error_messages={"required": _("Per procedere spunta la conferma.")},
    )
