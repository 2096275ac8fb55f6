from django.urls import path

from trama.live import views

app_name = "live"
urlpatterns = [
    path("", views.events, name="events"),
    path("nuovo/", views.event_new, name="event_new"),
    path("e/<slug:slug>/setup/", views.setup, name="setup"),
    path("e/<slug:slug>/setup/tavoli/", views.table_add, name="table_add"),
    path("e/<slug:slug>/setup/tavoli/<int:table_id>/", views.table_edit, name="table_edit"),
    path("e/<slug:slug>/setup/regia/", views.member_add, name="member_add"),
    path("e/<slug:slug>/setup/regia/nuovo-account/", views.member_invite, name="member_invite"),
    path("e/<slug:slug>/setup/regia/<int:member_id>/<str:action>/", views.member_switch, name="member_switch"),
    path("e/<slug:slug>/setup/giri/", views.round_add, name="round_add"),
    path("e/<slug:slug>/setup/giri/<int:round_id>/<str:action>/", views.round_switch, name="round_switch"),
    path("e/<slug:slug>/setup/stato/", views.event_status, name="event_status"),
    path("e/<slug:slug>/setup/tavoli/<int:table_id>/nuovo-codice/", views.token_rotate, name="token_rotate"),
    path("e/<slug:slug>/badges/", views.badges, name="badges"),
    path("e/<slug:slug>/regia/", views.regia, name="regia"),
    path("e/<slug:slug>/regia/feed/", views.feed, name="feed"),
    path("e/<slug:slug>/regia/temi/", views.board, name="board"),
    path("e/<slug:slug>/regia/temi/nuovo/", views.theme_create, name="theme_create"),
    path("e/<slug:slug>/regia/temi/idea/", views.idea_theme_add, name="idea_theme_add"),
    path("e/<slug:slug>/regia/temi/legami/<int:link_id>/togli/", views.idea_theme_remove, name="idea_theme_remove"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/modifica/", views.theme_edit, name="theme_edit"),
    path("e/<slug:slug>/regia/idee/<int:idea_id>/temi/", views.idea_actions, name="idea_actions"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/rinomina/", views.theme_rename, name="theme_rename"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/unisci/", views.themes_merge, name="themes_merge"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/dividi/", views.theme_split, name="theme_split"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/collega/", views.theme_links, name="theme_links"),
    path("e/<slug:slug>/regia/temi/<int:theme_id>/pubblica/", views.theme_publish, name="theme_publish"),
    path("e/<slug:slug>/regia/idee/<int:idea_id>/dissenso/", views.idea_dissent, name="idea_dissent"),
    path("t/<str:token>/", views.facilitator, name="facilitator"),
    path("t/<str:token>/ideas/", views.idea_post, name="idea_post"),
    path("t/<str:token>/heartbeat/", views.heartbeat, name="heartbeat"),
]
