from django.urls import path

from larlabb.registration import views

app_name = "registration"

urlpatterns = [
    path("projekt/<slug:slug>/anmalan/", views.registration_form, name="register"),
    path("projekt/<slug:slug>/anmalan/skickad/", views.registration_sent, name="sent"),
    path(
        "anmalan/godkannande/<int:approval_id>/<str:token>/",
        views.approval,
        name="approval",
    ),
    path("anmalan/skicka-min-lank/", views.resend_link, name="resend_link"),
    path("anmalan/skicka-min-lank/skickad/", views.resend_link_sent, name="resend_link_sent"),
    path("anmalan/hantera/<str:token>/", views.manage, name="manage"),
    path(
        "anmalan/hantera/<str:token>/deltagare/",
        views.manage_participants,
        name="manage_participants",
    ),
    path("anmalan/hantera/<str:token>/faktura/", views.manage_invoice, name="manage_invoice"),
    path("anmalan/hantera/<str:token>/aterta/", views.manage_withdraw, name="manage_withdraw"),
    path("anmalan/deltagare/<str:token>/", views.participant, name="participant"),
    path(
        "anmalan/deltagare/<str:token>/workshop/<int:number>/",
        views.participant_answer,
        name="participant_answer",
    ),
    path(
        "anmalan/deltagare/<str:token>/workshop/<int:number>.ics",
        views.participant_workshop_ics,
        name="participant_workshop_ics",
    ),
]
