from django.urls import URLPattern, path, register_converter

from trama.votes import views
from trama.votes.models import TOKEN_PATTERN


class TokenConverter:
    """A badge's secret: long enough never to collide with the fixed words of these paths."""

    regex = TOKEN_PATTERN

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(TokenConverter, "badge")

app_name = "votes"
urlpatterns: list[URLPattern] = [
    path("schermo/<slug:slug>/", views.screen, name="screen"),
    path("schermo/<slug:slug>/stato.json", views.screen_state, name="screen_state"),
    path("regia/<slug:slug>/", views.desk, name="desk"),
    path("regia/<slug:slug>/nuova/", views.poll_create, name="poll_create"),
    path("regia/<slug:slug>/badge/", views.badges, name="badges"),
    path("regia/<slug:slug>/chiudi-giornata/", views.day_close, name="day_close"),
    path("regia/<slug:slug>/votazioni/<int:poll_id>/", views.poll_detail, name="poll"),
    path("regia/<slug:slug>/votazioni/<int:poll_id>/cartaceo/", views.paper_tally, name="paper_tally"),
    path("regia/<slug:slug>/votazioni/<int:poll_id>/<str:action>/", views.poll_switch, name="poll_switch"),
    path("<badge:token>/", views.vote, name="vote"),
    path("<badge:token>/profilo/", views.profile, name="profile"),
    path("<badge:token>/voto/<int:poll_id>/", views.ballot, name="ballot"),
]
