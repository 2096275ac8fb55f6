"""Admin for the plan office: a process with its phases; each phase's esiti in the phase's own page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from trama.process.models import Allowance, Phase, PhaseOutput, Process

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _allowance_field(label: StrOrPromise) -> forms.MultipleChoiceField:
    # Checkboxes instead of the raw JSON list the model stores.
    return forms.MultipleChoiceField(
        label=label, choices=Allowance.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class ProcessForm(forms.ModelForm[Process]):
    always_allows = _allowance_field(_("sempre consentito"))

    class Meta:
        model = Process
        fields = (
            "title",
            "slug",
            "plan",
            "starts_on",
            "ends_on",
            "description",
            "goals",
            "contact_email",
            "always_allows",
            "is_published",
            "is_sample",
        )


class PhaseForm(forms.ModelForm[Phase]):
    allows = _allowance_field(_("consente"))

    class Meta:
        model = Phase
        fields = ("process", "kind", "order", "title", "starts_on", "ends_on", "period_label", "description", "allows")


class PhaseInline(admin.StackedInline[Phase, Process]):
    model = Phase
    form = PhaseForm
    extra = 0
    fields = (("kind", "order"), "title", ("starts_on", "ends_on", "period_label"), "description", "allows")
    show_change_link = True


class PhaseOutputInline(admin.TabularInline[PhaseOutput, Phase]):
    model = PhaseOutput
    extra = 1
    fields = ("title", "order", "is_delivered")


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin[Process]):
    form = ProcessForm
    list_display = ("title", "starts_on", "ends_on", "is_published", "is_sample")
    list_filter = ("is_published", "is_sample")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}
    inlines = [PhaseInline]
    fieldsets = (
        (None, {"fields": ("title", "slug", "plan", ("starts_on", "ends_on"))}),
        (_("Contenuti"), {"fields": ("description", "goals", "contact_email")}),
        (_("Regole e pubblicazione"), {"fields": ("always_allows", "is_published", "is_sample")}),
    )


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin[Phase]):
    form = PhaseForm
    list_display = ("__str__", "process", "kind", "starts_on", "ends_on")
    list_filter = ("process", "kind")
    inlines = [PhaseOutputInline]
