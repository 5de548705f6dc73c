import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from larlabb.synthesis.engine import llm_from_settings, synthesize
from larlabb.synthesis.engine.notes_file import NotesFileError, read_notes


class Command(BaseCommand):
    help = (
        "Sammanställer lappar från en CSV- eller JSON Lines-fil (id, text och valfritt group, "
        "frame, workshop) till teman, dubbletter, målkonflikter och goda exempel i JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("notes_file", type=Path, help="CSV- eller JSON Lines-fil med lappar")
        parser.add_argument("--output", type=Path, help="skriv JSON till filen i stället")
        parser.add_argument(
            "--llm",
            action="store_true",
            help="låt språkmodellen i LLM_BASE_URL formulera sammanfattningarna",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            notes = read_notes(options["notes_file"])
        except NotesFileError as error:
            raise CommandError(str(error)) from error
        llm = None
        if options["llm"]:
            llm = llm_from_settings()
            if llm is None:
                raise CommandError(_("--llm kräver att LLM_BASE_URL och LLM_MODEL är satta."))
        result = synthesize(notes, llm=llm)
        text = json.dumps(result.to_json(), ensure_ascii=False, indent=2)
        if options["output"]:
            try:
                options["output"].write_text(text + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("Kunde inte skriva till %(path)s: %(error)s")
                    % {"path": options["output"], "error": error.strerror}
                ) from error
        else:
            self.stdout.write(text)
