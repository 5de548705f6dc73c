from django.urls import path

from larlabb.workshops.board import views as board_views
from larlabb.workshops.sessions import views
from larlabb.workshops.transcription import views as transcription_views

app_name = "workshops"

urlpatterns = [
    path("ovning/delta/", views.join, name="join"),
    path("ovning/delta/<str:token>/", views.personal_join, name="personal_join"),
    path("ovning/<int:session_id>/", views.session_home, name="session_home"),
    path("ovning/<int:session_id>/vanta/", views.waiting, name="waiting"),
    path("ovning/<int:session_id>/grupp/<int:number>/", board_views.board, name="board"),
    path(
        "ovning/<int:session_id>/grupp/<int:number>/skriv-in/",
        transcription_views.leader_transcribe,
        name="leader_transcribe",
    ),
    path(
        "ovning/<int:session_id>/grupp/<int:number>/skriv-in/foto/",
        transcription_views.leader_photo_add,
        name="leader_photo_add",
    ),
]
