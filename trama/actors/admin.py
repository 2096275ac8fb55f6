"""Admin for the plan office: organisations, people and their roles, the register of erasure requests."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from trama.actors.models import ActorRole, ErasureRequest, Organisation, Person


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "category", "kind", "zona", "in_cabina_di_regia")
    list_filter = ("category", "zona", "in_cabina_di_regia")
    search_fields = ("name", "kind")
    autocomplete_fields = ("comune",)


class ActorRoleInline(admin.TabularInline[ActorRole, Person]):
    model = ActorRole
    extra = 1
    fields = ("kind", "zona", "since", "until")


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin[Person]):
    list_display = ("name", "email", "organisation", "category", "zona")
    list_filter = ("category", "zona", "roles__kind")
    search_fields = ("name", "email", "organisation__name")
    autocomplete_fields = ("organisation", "comune")
    inlines = [ActorRoleInline]


@admin.register(ActorRole)
class ActorRoleAdmin(admin.ModelAdmin[ActorRole]):
    list_display = ("kind", "zona", "person", "since", "until")
    list_filter = ("kind", "zona")
    search_fields = ("person__name",)
    autocomplete_fields = ("person",)


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin[ErasureRequest]):
    """Read-only: the register shows that requests were carried out; nobody edits it."""

    list_display = ("requested_at", "completed_at", "erased_total", "email_hash")
    readonly_fields = ("email_hash", "requested_at", "completed_at", "erased")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: ErasureRequest | None = None) -> bool:
        return False
