from django.urls import path

from trama.plans import views

app_name = "plans"
urlpatterns = [
    path("piani/", views.plan_list, name="plans"),
    path("piani/confronto/", views.compare, name="compare"),
    path("cerca/", views.search, name="search"),
    path("piani/<slug:plan_code>/", views.plan_detail, name="plan"),
    path("piani/<slug:plan_code>/assi/<int:number>/", views.axis_detail, name="axis"),
    path("piani/<slug:plan_code>/strategie/<str:code>/", views.strategy_detail, name="strategy"),
    path("piani/<slug:plan_code>/azioni/<str:code>/", views.action_detail, name="action"),
]
