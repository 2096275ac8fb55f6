from django.contrib import admin

from trama.analysis.models import StrategyLink, TextUnit, Theme


class StrategyLinkInline(admin.TabularInline[StrategyLink, TextUnit]):
    model = StrategyLink
    extra = 0
    fields = ("strategy", "score", "rank", "status", "decided_by", "decided_at")
    readonly_fields = ("score", "rank", "decided_by", "decided_at")
    autocomplete_fields = ("strategy",)


@admin.register(TextUnit)
class TextUnitAdmin(admin.ModelAdmin[TextUnit]):
    list_display = ("__str__", "corpus", "kind", "link_state", "duplicate_of", "created_at")
    list_filter = ("corpus", "kind", "link_state")
    search_fields = ("body", "author_label")
    readonly_fields = ("model_id", "embedded_at", "merged_by")
    exclude = ("vector",)
    raw_id_fields = ("duplicate_of",)
    inlines = [StrategyLinkInline]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin[Theme]):
    list_display = ("label", "corpus", "label_locked", "merged_into", "updated_at")
    list_filter = ("corpus", "label_locked")
    search_fields = ("label",)
    exclude = ("centroid",)
    raw_id_fields = ("example", "merged_into")
