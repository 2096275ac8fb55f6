"""Admin of live co-planning for the plan office: events with venues, tables (tokens), rounds and the regia."""

from __future__ import annotations

from django.contrib import admin

from trama.live.models import Idea, IdeaTheme, LiveEvent, LiveRound, LiveTable, LiveVenue, RegiaMember, Theme


class LiveVenueInline(admin.TabularInline):
    model = LiveVenue
    extra = 0
    fields = ["letter", "name", "venue", "place"]


class LiveRoundInline(admin.TabularInline):
    model = LiveRound
    extra = 0
    fields = ["number", "question", "duration_minutes", "status"]


class RegiaMemberInline(admin.TabularInline):
    model = RegiaMember
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(LiveEvent)
class LiveEventAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "status", "starts_on", "is_sample"]
    list_filter = ["status", "is_sample"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [LiveVenueInline, LiveRoundInline, RegiaMemberInline]


@admin.register(LiveTable)
class LiveTableAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "event",
        "venue",
        "axis",
        "facilitator_name",
        "is_active",
        "last_seen_at",
        "queued_count",
    ]
    list_filter = ["event", "venue__letter", "is_active"]
    list_select_related = ["venue", "event", "axis"]
    readonly_fields = ["token", "last_seen_at", "queued_count"]
    autocomplete_fields = ["facilitator"]


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["text", "table", "round", "is_dissent", "created_at"]
    list_filter = ["event", "is_dissent"]
    list_select_related = ["table__venue", "round"]
    search_fields = ["text"]
    readonly_fields = ["client_uuid", "client_sent_at", "created_at"]


class IdeaThemeInline(admin.TabularInline):
    model = IdeaTheme
    extra = 0
    raw_id_fields = ["idea"]
    readonly_fields = ["decided_by"]


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["label", "event", "is_dissent", "is_published", "merged_into"]
    list_filter = ["event", "is_published", "is_dissent"]
    filter_horizontal = ["strategies", "actions"]
    inlines = [IdeaThemeInline]
