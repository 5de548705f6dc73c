from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class SynthesisConfig(AppConfig):
    name = "larlabb.synthesis"
    verbose_name = _("Analys och sammanställning")

    def ready(self) -> None:
        from larlabb.synthesis.signals import note_saved
        from larlabb.workshops.models import Note

        post_save.connect(note_saved, sender=Note, dispatch_uid="synthesis.note_saved")
