"""Admin for the plan office: questionnaires with their questions inline, questions with their options inline."""

from __future__ import annotations

from django.contrib import admin

from trama.questionnaires.models import Choice, Question, Questionnaire, Response


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 1
    fields = ["order", "text", "kind", "required", "help_text"]
    show_change_link = True


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 2


@admin.register(Questionnaire)
class QuestionnaireAdmin(admin.ModelAdmin):
    list_display = ["title", "process", "status", "mode", "opens_at", "closes_at", "results_public", "is_sample"]
    list_filter = ["status", "mode", "process", "is_sample"]
    search_fields = ["title", "intro"]
    inlines = [QuestionInline]


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["text", "questionnaire", "kind", "order", "required"]
    list_filter = ["questionnaire", "kind"]
    search_fields = ["text"]
    inlines = [ChoiceInline]


@admin.register(Response)
class ResponseAdmin(admin.ModelAdmin):
    """Read-only: responses are changed only by the services (GDPR erasure), never by hand."""

    list_display = ["questionnaire", "submitted_at", "is_sample"]
    list_filter = ["questionnaire"]
    readonly_fields = ["questionnaire", "email", "user", "submitted_at", "is_sample"]
    exclude = ["respondent_key", "idempotency_key"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
