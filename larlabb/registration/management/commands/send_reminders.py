from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from larlabb.registration.reminders import reminders_send, send_reminders_task


class Command(BaseCommand):
    help = "Skickar de påminnelser som är aktuella och inte redan har skickats."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Lägg uppgiften i kön så att bakgrundsarbetaren skickar påminnelserna.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["enqueue"]:
            send_reminders_task.enqueue()
            self.stdout.write("Påminnelserna ligger i kön.")
            return
        self.stdout.write(f"{reminders_send()} påminnelser skickade.")
