from django.urls import path

from trama.actors import views

app_name = "actors"
urlpatterns = [
    path("rete/", views.network, name="network"),
    path("miei-dati/", views.my_data_request, name="my_data_request"),
    path("miei-dati/<str:token>/", views.my_data, name="my_data"),
    path("miei-dati/<str:token>/scarica/", views.my_data_download, name="my_data_download"),
    path("miei-dati/<str:token>/cancella/", views.my_data_erase, name="my_data_erase"),
]
