from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from larlabb.registration.gdpr import participants_anonymise_expired


class Command(BaseCommand):
    help = "Anonymiserar deltagare i projekt vars sista workshop slutade för länge sedan."

    def handle(self, *args: Any, **options: Any) -> None:
        erased = participants_anonymise_expired()
        self.stdout.write(
            f"{erased} deltagare anonymiserade "
            f"(GDPR_ANONYMISE_AFTER_DAYS={settings.GDPR_ANONYMISE_AFTER_DAYS})."
        )
