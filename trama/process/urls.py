from django.urls import path

from trama.process import views

app_name = "process"
urlpatterns = [
    path("", views.process_list, name="list"),
    path("<slug:slug>/", views.process_detail, name="detail"),
]
