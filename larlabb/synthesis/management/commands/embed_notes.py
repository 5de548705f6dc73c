from typing import Any

from django.core.management.base import BaseCommand

from larlabb.synthesis.services import embeddings_backfill


class Command(BaseCommand):
    help = (
        "Computes and stores the embedding of every note that has none or an out-of-date one "
        "(after an import, or a change of embedding model)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        def report(done: int, total: int) -> None:
            if options["verbosity"] > 1:
                self.stdout.write(f"{done}/{total}")

        count = embeddings_backfill(progress=report)
        self.stdout.write(self.style.SUCCESS(f"Inbäddningar beräknade för {count} lappar."))
