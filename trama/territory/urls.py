from django.urls import path

from trama.territory import views

app_name = "territory"
urlpatterns = [
    path("", views.index, name="index"),
    path("zone/<int:number>/", views.zone_detail, name="zone"),
    path("comuni/", views.comune_list, name="comuni"),
]
