from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentationConfig(AppConfig):
    name = "larlabb.documentation"
    verbose_name = _("Dokumentation")

    def ready(self) -> None:
        from larlabb.documentation.gdpr import on_person_erased
        from larlabb.registration.signals import participant_erased, registration_person_erased

        participant_erased.connect(on_person_erased, dispatch_uid="documentation-exports-erase")
        registration_person_erased.connect(
            on_person_erased, dispatch_uid="documentation-exports-erase-contact"
        )
