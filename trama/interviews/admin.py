"""Admin for the plan office: interviews with their coded judgements inline."""

from __future__ import annotations

from django.contrib import admin

from trama.interviews.models import Interview, InterviewJudgement


class InterviewJudgementInline(admin.TabularInline):
    model = InterviewJudgement
    extra = 1
    autocomplete_fields = ["strategy", "action"]


@admin.register(Interview)
class InterviewAdmin(admin.ModelAdmin):
    list_display = [
        "interviewee_name",
        "interviewee_role",
        "zona",
        "is_cabina_member",
        "held_on",
        "process",
        "is_sample",
    ]
    list_filter = ["process", "zona", "is_cabina_member", "is_sample"]
    search_fields = ["interviewee_name", "interviewee_role", "organisation_name", "notes", "proposals"]
    date_hierarchy = "held_on"
    raw_id_fields = ["interviewer"]
    inlines = [InterviewJudgementInline]
