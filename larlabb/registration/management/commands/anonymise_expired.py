from argparse import ArgumentParser
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from larlabb.registration.gdpr import anonymise_expired_task, personal_data_expire


class Command(BaseCommand):
    help = (
        "Anonymiserar deltagare, kontaktpersoner och chefer i projekt vars sista workshop "
        "slutade för länge sedan."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Lägg uppgiften i kön så att bakgrundsarbetaren anonymiserar.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            anonymise_expired_task.enqueue()
            self.stdout.write("Anonymiseringen ligger i kön.")
            return
        erased = personal_data_expire()
        self.stdout.write(
            f"{erased} personer anonymiserade "
            f"(GDPR_ANONYMISE_AFTER_DAYS={settings.GDPR_ANONYMISE_AFTER_DAYS})."
        )
