from django.urls import path

from larlabb.programme import views

app_name = "programme"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projekt/<slug:slug>/", views.invitation, name="invitation"),
    path("projekt/<slug:slug>/inbjudan.pdf", views.invitation_pdf, name="invitation_pdf"),
    path("projekt/<slug:slug>/program/", views.programme, name="programme"),
    path("projekt/<slug:slug>/program.ics", views.programme_ics, name="programme_ics"),
    path("projekt/<slug:slug>/workshop/<int:number>/", views.workshop, name="workshop"),
    path("projekt/<slug:slug>/workshop/<int:number>.ics", views.workshop_ics, name="workshop_ics"),
]
