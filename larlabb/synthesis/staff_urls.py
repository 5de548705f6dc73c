from django.urls import URLPattern, URLResolver, path

from larlabb.synthesis import staff_views

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "projekt/<slug:slug>/sammanstallning/",
        staff_views.project_syntheses,
        name="project_syntheses",
    ),
    path(
        "projekt/<slug:slug>/sammanstallning/planering/",
        staff_views.plan_create,
        name="synthesis_plan_create",
    ),
    path(
        "projekt/<slug:slug>/sammanstallning/planering/<int:pk>/ovning/",
        staff_views.plan_exercise,
        name="synthesis_plan_exercise",
    ),
    path(
        "sammanstallning/<str:scope_slug>/<int:pk>/",
        staff_views.scope_syntheses,
        name="synthesis_scope",
    ),
    path("sammanstallningar/<int:pk>/", staff_views.synthesis_detail, name="synthesis_detail"),
    path(
        "sammanstallningar/<int:pk>/pastaende/<str:key>/andra/",
        staff_views.statement_edit,
        name="synthesis_statement_edit",
    ),
    path(
        "sammanstallningar/<int:pk>/pastaende/<str:key>/ta-bort/",
        staff_views.statement_remove,
        name="synthesis_statement_remove",
    ),
    path(
        "sammanstallningar/<int:pk>/godkann/",
        staff_views.synthesis_approve,
        name="synthesis_approve",
    ),
]
