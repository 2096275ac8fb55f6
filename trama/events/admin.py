"""Admin for the plan office: events with agenda, tables and venues; registrations; questions."""

from __future__ import annotations

from django.contrib import admin

from trama.events.models import AgendaItem, Event, EventTable, Question, Registration


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0
    autocomplete_fields = ["axis"]
    fields = ["order", "starts_at", "ends_at", "title", "speaker_name", "speaker_role", "speaker_organisation", "axis"]


class EventTableInline(admin.TabularInline):
    model = EventTable
    extra = 0
    fields = ["order", "title", "axis", "description"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "starts_at", "mode", "status", "capacity", "process", "is_sample"]
    list_filter = ["status", "kind", "mode", "process", "is_sample"]
    search_fields = ["title", "description", "address"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["venues"]
    raw_id_fields = ["question_on_screen"]
    inlines = [AgendaItemInline, EventTableInline]
    fieldsets = [
        (None, {"fields": ["process", "kind", "title", "description", "status", "is_sample"]}),
        (
            "Quando e dove",
            {"fields": ["starts_at", "ends_at", "date_label", "mode", "address", "venues", "online_url"]},
        ),
        ("Iscrizioni", {"fields": ["capacity", "registration_opens_at", "registration_closes_at"]}),
        ("Domande", {"fields": ["questions_open", "question_on_screen"]}),
        (
            "Chiusura",
            {
                "fields": [
                    "minutes",
                    "attendees_in_person",
                    "attendees_online",
                    "attendees_reported",
                    "organisations_present",
                    "report",
                    "contribution_refs",
                    "closed_at",
                ]
            },
        ),
    ]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "event", "status", "attendance_mode", "created_at", "checked_in_at"]
    list_filter = ["status", "attendance_mode", "event"]
    search_fields = ["name", "email", "organisation"]
    raw_id_fields = ["comune"]
    readonly_fields = ["consent_at", "consent_version", "client_key", "created_at", "promoted_at", "cancelled_at"]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "event", "status", "vote_count", "created_at"]
    list_filter = ["status", "event"]
    search_fields = ["text", "author_name"]
    readonly_fields = ["voter_id", "vote_count", "client_key", "created_at"]
