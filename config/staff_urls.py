"""The staff area ("Kansliet"): every app's staff views under one namespace."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from larlabb.core import staff_views as core_staff
from larlabb.core.forms import StaffLoginForm
from larlabb.network import staff_views as network_staff
from larlabb.programme import staff_views as programme_staff
from larlabb.registration import selectors as registration_selectors
from larlabb.registration import staff_views as registration_staff
from larlabb.synthesis import placement as synthesis_placement
from larlabb.workshops.exercises import staff_views as exercise_staff
from larlabb.workshops.sessions import staff_views as workshop_staff
from larlabb.workshops.transcription import staff_views as board_staff

app_name = "staff"

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            template_name="core/login.html",
            authentication_form=StaffLoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    # Programme sits below registration, so the pages that show confirmed organisations get
    # the counting function from here instead of importing it.
    path(
        "",
        programme_staff.dashboard,
        {
            "confirmed_counts": registration_selectors.confirmed_organisation_counts,
            "todo": registration_selectors.staff_todo,
        },
        name="dashboard",
    ),
    path("projekt/nytt/", programme_staff.project_create, name="project_create"),
    path("projekt/<slug:slug>/", programme_staff.project_programme, name="project_programme"),
    path("projekt/<slug:slug>/uppgifter/", programme_staff.project_edit, name="project_edit"),
    path("projekt/<slug:slug>/status/", programme_staff.project_status, name="project_status"),
    path("projekt/<slug:slug>/ledning/", programme_staff.project_people, name="project_people"),
    path(
        "projekt/<slug:slug>/budget/",
        programme_staff.project_budget,
        {"confirmed_count": registration_selectors.confirmed_organisation_count},
        name="project_budget",
    ),
    path("projekt/<slug:slug>/block/nytt/", programme_staff.block_form, name="block_create"),
    path("projekt/<slug:slug>/block/<int:pk>/", programme_staff.block_form, name="block_edit"),
    path(
        "projekt/<slug:slug>/block/<int:pk>/ta-bort/",
        programme_staff.block_delete,
        name="block_delete",
    ),
    path("projekt/<slug:slug>/workshop/ny/", programme_staff.workshop_form, name="workshop_create"),
    path(
        "projekt/<slug:slug>/workshop/<int:number>/",
        programme_staff.workshop_form,
        name="workshop_edit",
    ),
    path(
        "projekt/<slug:slug>/workshop/<int:number>/flytta/",
        programme_staff.workshop_move,
        name="workshop_move",
    ),
    path(
        "projekt/<slug:slug>/workshop/<int:number>/ta-bort/",
        programme_staff.workshop_delete,
        name="workshop_delete",
    ),
    path("webbplatsens-texter/", network_staff.network_texts, name="network_texts"),
    path("organisationer/", network_staff.organisation_list, name="organisation_list"),
    path("organisationer/ny/", network_staff.organisation_form, name="organisation_create"),
    path("organisationer/<int:pk>/", network_staff.organisation_form, name="organisation_edit"),
    path(
        "projekt/<slug:slug>/anmalningar/",
        registration_staff.project_registrations,
        name="project_registrations",
    ),
    path(
        "projekt/<slug:slug>/anmalningar/ny/",
        registration_staff.registration_late_create,
        name="registration_late_create",
    ),
    path(
        "anmalningar/<int:pk>/", registration_staff.registration_detail, name="registration_detail"
    ),
    path(
        "anmalningar/<int:pk>/godkann/",
        registration_staff.registration_approve,
        name="registration_approve",
    ),
    path(
        "anmalningar/<int:pk>/person/<str:person>/skicka-lank/",
        registration_staff.link_resend,
        name="link_resend",
    ),
    path(
        "anmalningar/<int:pk>/aterta-hanterat/",
        registration_staff.withdrawal_handled,
        name="withdrawal_handled",
    ),
    path(
        "anmalningar/<int:pk>/person/<str:person>/uppgifter.json",
        registration_staff.person_data_json,
        name="person_data_json",
    ),
    path(
        "anmalningar/<int:pk>/person/<str:person>/anonymisera/",
        registration_staff.person_anonymise,
        name="person_anonymise",
    ),
    path(
        "anmalningar/ny-organisation/<int:pk>/",
        registration_staff.application_decide,
        name="application_decide",
    ),
    path(
        "projekt/<slug:slug>/workshopanmalan/",
        registration_staff.project_workshop_signups,
        name="project_workshop_signups",
    ),
    path(
        "projekt/<slug:slug>/workshopanmalan/<int:number>/",
        registration_staff.workshop_signups,
        name="workshop_signups",
    ),
    path(
        "projekt/<slug:slug>/paminnelser/",
        registration_staff.project_reminders,
        name="project_reminders",
    ),
    path(
        "projekt/<slug:slug>/paminnelser/<str:kind>/",
        registration_staff.reminder_edit,
        name="reminder_edit",
    ),
    path(
        "projekt/<slug:slug>/export/",
        registration_staff.project_exports,
        name="project_exports",
    ),
    path(
        "projekt/<slug:slug>/export/fakturaunderlag.<str:fmt>",
        registration_staff.export_invoicing,
        name="export_invoicing",
    ),
    path(
        "projekt/<slug:slug>/export/deltagare-workshop-<int:number>.csv",
        registration_staff.export_participants,
        name="export_participants",
    ),
    path(
        "projekt/<slug:slug>/export/namnbrickor.pdf",
        registration_staff.export_badges,
        name="export_badges",
    ),
    path("workshoppass/", workshop_staff.session_list, name="session_list"),
    path("workshoppass/<int:pk>/", workshop_staff.session_facilitate, name="session_facilitate"),
    path("workshoppass/<int:pk>/grupper/", workshop_staff.session_groups, name="session_groups"),
    path("workshoppass/<int:pk>/fas/", workshop_staff.session_phase, name="session_phase"),
    path(
        "workshoppass/<int:pk>/meddelande/", workshop_staff.session_message, name="session_message"
    ),
    path("workshoppass/<int:pk>/dela-in/", workshop_staff.session_assign, name="session_assign"),
    path(
        "workshoppass/<int:pk>/placera/",
        workshop_staff.session_place_waiting,
        name="session_place_waiting",
    ),
    path("workshoppass/<int:pk>/flytta/", workshop_staff.session_move, name="session_move"),
    path("workshoppass/<int:pk>/gaster/", workshop_staff.session_guests, name="session_guests"),
    path("ovningar/", exercise_staff.exercise_list, name="exercise_list"),
    path("ovningar/ny/", exercise_staff.exercise_form, name="exercise_create"),
    path("ovningar/kopiera/", exercise_staff.exercise_copy, name="exercise_copy"),
    path("ovningar/<int:pk>/", exercise_staff.exercise_form, name="exercise_edit"),
    path("workshoppass/<int:pk>/tavlor/", board_staff.session_boards, name="session_boards"),
    path(
        "workshoppass/<int:pk>/tavlor/ny-grupp/",
        board_staff.session_group_add,
        name="session_group_add",
    ),
    path(
        "workshoppass/<int:pk>/tavlor/grupp/<int:number>/",
        board_staff.group_transcribe,
        name="group_transcribe",
    ),
    path(
        "workshoppass/<int:pk>/tavlor/grupp/<int:number>/foton/",
        board_staff.group_photo_add,
        name="group_photo_add",
    ),
    path(
        "workshoppass/<int:pk>/tavlor/grupp/<int:number>/foton/<int:photo_id>/",
        board_staff.group_photo,
        name="group_photo",
    ),
    path(
        "workshoppass/<int:pk>/tavlor/grupp/<int:number>/foton/<int:photo_id>/ta-bort/",
        board_staff.group_photo_delete,
        name="group_photo_delete",
    ),
    path(
        "workshoppass/<int:pk>/importera/",
        board_staff.session_import,
        # Placement by meaning comes from synthesis, which workshops may not import.
        {"place": synthesis_placement.notes_place_by_meaning},
        name="session_import",
    ),
    path(
        "workshoppass/<int:pk>/redovisning/", workshop_staff.session_report, name="session_report"
    ),
    path("utkorg/", core_staff.outbox_list, name="outbox_list"),
    path("utkorg/<int:pk>/", core_staff.outbox_detail, name="outbox_detail"),
    path(
        "utkorg/<int:pk>/bilaga/<int:attachment_id>/",
        core_staff.outbox_attachment,
        name="outbox_attachment",
    ),
    # Apps with many staff pages keep their own list, included here under the one namespace.
    path("", include("larlabb.synthesis.staff_urls")),
    path("", include("larlabb.documentation.staff_urls")),
]
