from typing import Any

from django.core.management.base import BaseCommand

from larlabb.demo.loader import STAFF_PASSWORD, STAFF_USERNAME, demo_load


class Command(BaseCommand):
    help = "Loads or refreshes the demo data (both seed projects); safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        network = demo_load(syntheses=True)
        projects = network.projects.count()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata klar: {projects} lärprojekt. "
                f"Kansliets demoinloggning: {STAFF_USERNAME} / {STAFF_PASSWORD}"
            )
        )
