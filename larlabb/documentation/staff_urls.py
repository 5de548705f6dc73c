from django.urls import URLPattern, URLResolver, path

from larlabb.documentation import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "projekt/<slug:slug>/dokumentation/",
        staff_views.documentation_project,
        name="documentation_project",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/<int:number>/",
        staff_views.documentation_workshop,
        name="documentation_workshop",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/<int:number>/bilagor/",
        staff_views.attachment_upload,
        name="documentation_attachment_upload",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/<int:number>/bilagor/<int:pk>/",
        staff_views.attachment_download,
        name="documentation_attachment_download",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/<int:number>/inspelningar/",
        staff_views.recording_create,
        name="documentation_recording_create",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/<int:number>/<str:kind>/<int:pk>/",
        staff_views.item_action,
        name="documentation_item_action",
    ),
]
