"""Admin for the plan office: contributions (read mostly; moderation happens in the queue) and attachments."""

from __future__ import annotations

from django.contrib import admin

from trama.participation.models import Attachment, Contribution, ContributionStrategy


class AttachmentInline(admin.TabularInline[Attachment, Contribution]):
    model = Attachment
    extra = 0
    fields = ("original_name", "mime", "size", "created_at")
    readonly_fields = fields
    can_delete = False
    show_change_link = False


class StrategyInline(admin.TabularInline[ContributionStrategy, Contribution]):
    model = ContributionStrategy
    extra = 0
    fields = ("strategy",)
    raw_id_fields = ("strategy",)


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin[Contribution]):
    list_display = ("receipt_code", "title", "status", "is_public", "actor_category", "zona", "created_at")
    list_filter = ("status", "is_public", "actor_category", "kind", "zona", "process", "is_sample")
    search_fields = ("receipt_code", "title", "email", "organisation")
    date_hierarchy = "created_at"
    raw_id_fields = ("comune", "text_unit", "strategy")
    readonly_fields = (
        "receipt_code",
        "privacy_consent",
        "privacy_consent_at",
        "privacy_version",
        "publish_consent",
        "idempotency_key",
        "ip_hash",
        "moderated_by",
        "moderated_at",
        "created_at",
        "is_public",
    )
    inlines = [StrategyInline, AttachmentInline]
