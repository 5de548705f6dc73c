from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    name = "larlabb.synthesis"
    verbose_name = _("Analys och sammanställning")

    def ready(self) -> None:
        from larlabb.registration.signals import participant_erased, registration_person_erased
        from larlabb.synthesis.signals import note_saved, person_erased
        from larlabb.workshops.models import Note

        post_save.connect(note_saved, sender=Note, dispatch_uid="synthesis.note_saved")
        participant_erased.connect(person_erased, dispatch_uid="synthesis.participant_erased")
        registration_person_erased.connect(person_erased, dispatch_uid="synthesis.person_erased")
