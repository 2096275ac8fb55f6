from django.urls import URLPattern, path

from trama.reports import views

app_name = "reports"
urlpatterns: list[URLPattern] = [
    path("giornata/<slug:slug>/", views.live_day, name="live_day"),
    path("giornata/<slug:slug>/file/<str:kind>/", views.live_day_file, name="live_day_file"),
    path("giornata/<slug:slug>/rigenera/", views.live_day_rebuild, name="live_day_rebuild"),
]
