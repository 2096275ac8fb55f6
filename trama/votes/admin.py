"""Admin of the votes: badges, polls with their options, paper tallies, venue coordinators.
Ballots are read-only here (they are changed only by their badge, through the vote page)."""

from __future__ import annotations

from django.contrib import admin

from trama.votes.models import Ballot, PaperTally, PaperTallyLine, ParticipantToken, Poll, PollOption, VenueCoordinator


@admin.register(ParticipantToken)
class ParticipantTokenAdmin(admin.ModelAdmin[ParticipantToken]):
    list_display = ["label", "event", "venue", "category", "zona", "profile_answered_at"]
    list_filter = ["event", "venue__letter", "category"]
    search_fields = ["label"]
    readonly_fields = ["token", "created_at", "profile_answered_at"]


class PollOptionInline(admin.TabularInline[PollOption, Poll]):
    model = PollOption
    extra = 0
    raw_id_fields = ["theme", "strategy", "action"]


@admin.register(Poll)
class PollAdmin(admin.ModelAdmin[Poll]):
    list_display = ["title", "event", "kind", "status", "opened_at", "closed_at"]
    list_filter = ["event", "kind", "status"]
    readonly_fields = ["status", "opened_at", "closed_at", "created_by", "created_at"]
    inlines = [PollOptionInline]


@admin.register(Ballot)
class BallotAdmin(admin.ModelAdmin[Ballot]):
    list_display = ["poll", "token", "created_at", "changed_at", "changes"]
    list_filter = ["poll"]
    readonly_fields = ["poll", "token", "created_at", "changed_at", "changes"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class PaperTallyLineInline(admin.TabularInline[PaperTallyLine, PaperTally]):
    model = PaperTallyLine
    extra = 0


@admin.register(PaperTally)
class PaperTallyAdmin(admin.ModelAdmin[PaperTally]):
    list_display = ["poll", "venue", "table", "ballots", "entered_by", "changed_at"]
    list_filter = ["poll"]
    inlines = [PaperTallyLineInline]


@admin.register(VenueCoordinator)
class VenueCoordinatorAdmin(admin.ModelAdmin[VenueCoordinator]):
    list_display = ["user", "venue"]
    list_filter = ["venue__event"]
    raw_id_fields = ["user"]
