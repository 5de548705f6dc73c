from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "larlabb.workshops"
    verbose_name = _("Workshopövningar")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_out

        from larlabb.registration.signals import participant_erased, participant_left
        from larlabb.workshops.board.access_end import on_logged_out
        from larlabb.workshops.gdpr import on_participant_erased, on_participant_left

        participant_erased.connect(on_participant_erased, dispatch_uid="workshops-members-erase")
        participant_left.connect(on_participant_left, dispatch_uid="workshops-members-access-end")
        user_logged_out.connect(on_logged_out, dispatch_uid="workshops-sockets-logout")
