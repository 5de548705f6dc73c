from django.urls import URLPattern, path

from larlabb.workshops.board import consumers

websocket_urlpatterns: list[URLPattern] = [
    path("ws/workshops/board/<int:group_id>/", consumers.BoardConsumer.as_asgi()),
    path(
        "ws/workshops/session/<int:session_id>/facilitator/",
        consumers.FacilitatorConsumer.as_asgi(),
    ),
]
