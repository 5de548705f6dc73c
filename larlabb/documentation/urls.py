from django.urls import URLPattern, URLResolver, path

from larlabb.documentation import export_views, views

app_name = "documentation"

urlpatterns: list[URLPattern | URLResolver] = [
    path("projekt/<slug:slug>/dokumentation/", views.project, name="project"),
    path("projekt/<slug:slug>/dokumentation/hela-projektet/", views.red_thread, name="red_thread"),
    path("projekt/<slug:slug>/dokumentation/sok/", views.search, name="search"),
    path(
        "projekt/<slug:slug>/dokumentation/workshop/<int:number>/",
        views.workshop,
        name="workshop",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/workshop/<int:number>/fil/<int:pk>/",
        views.attachment,
        name="attachment",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/export.<str:fmt>",
        export_views.export_project,
        name="export_project",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/export.<str:fmt>/status/",
        export_views.export_project_status,
        name="export_project_status",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/workshop/<int:number>/export.<str:fmt>",
        export_views.export_workshop,
        name="export_workshop",
    ),
    path(
        "projekt/<slug:slug>/dokumentation/workshop/<int:number>/export.<str:fmt>/status/",
        export_views.export_workshop_status,
        name="export_workshop_status",
    ),
]
