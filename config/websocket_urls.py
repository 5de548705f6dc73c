"""WebSocket routes. Each realtime app adds its consumers here."""

from django.urls import URLPattern

from larlabb.workshops.board.routing import websocket_urlpatterns as workshop_routes

websocket_urlpatterns: list[URLPattern] = [*workshop_routes]
