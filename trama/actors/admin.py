from django.contrib import admin

from trama.actors.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin[Organisation]):
    list_display = ("name", "category", "kind", "zona", "in_cabina_di_regia")
    list_filter = ("category", "zona", "in_cabina_di_regia")
    search_fields = ("name", "kind")
    autocomplete_fields = ("comune",)
