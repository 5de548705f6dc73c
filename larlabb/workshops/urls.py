from django.urls import path

from larlabb.workshops import views

app_name = "workshops"

urlpatterns = [
    path("ovning/delta/", views.join, name="join"),
    path("ovning/delta/<str:token>/", views.personal_join, name="personal_join"),
    path("ovning/<int:session_id>/", views.session_home, name="session_home"),
    path("ovning/<int:session_id>/vanta/", views.waiting, name="waiting"),
    path("ovning/<int:session_id>/grupp/<int:number>/", views.board, name="board"),
]
