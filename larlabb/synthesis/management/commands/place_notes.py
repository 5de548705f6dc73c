import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from larlabb.synthesis.engine.board_text import parse_board_text
from larlabb.synthesis.engine.notes_file import NotesFileError, read_text
from larlabb.synthesis.engine.placement import place_in_export_order


class Command(BaseCommand):
    help = (
        "Placerar lapparna i en platt tavelexport (instruktion, ramrubriker och lappar i "
        "exportordning) under den ram de hör till, och skriver resultatet som JSON."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("export_file", type=Path, help="textexport av en tavla")
        parser.add_argument(
            "--frame",
            action="append",
            default=[],
            help="en ramrubrik (kan anges flera gånger) när exporten saknar instruktion",
        )
        parser.add_argument("--output", type=Path, help="skriv JSON till filen i stället")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["export_file"]
        try:
            text = read_text(path)
        except NotesFileError as error:
            raise CommandError(str(error)) from error
        if not text.strip():
            raise CommandError(_("Filen %(path)s är tom.") % {"path": path})
        board = parse_board_text(text, frame_titles=tuple(options["frame"]))
        if not board.frame_titles:
            raise CommandError(
                _("Hittade inga ramrubriker i exporten. Ange dem med --frame, en gång per ram.")
            )
        if not board.notes:
            raise CommandError(_("Hittade inga lappar i %(path)s.") % {"path": path})
        placed = place_in_export_order(board.frame_titles, board.sequence)
        frames: list[dict[str, object]] = [
            {
                "title": title,
                "notes": [n for n, i in zip(board.notes, placed, strict=True) if i == index],
            }
            for index, title in enumerate(board.frame_titles)
        ]
        unplaced = [n for n, i in zip(board.notes, placed, strict=True) if i is None]
        output = json.dumps({"frames": frames, "unplaced": unplaced}, ensure_ascii=False, indent=2)
        if options["output"]:
            try:
                options["output"].write_text(output + "\n", encoding="utf-8")
            except OSError as error:
                raise CommandError(
                    _("Kunde inte skriva till %(path)s: %(error)s")
                    % {"path": options["output"], "error": error.strerror}
                ) from error
        else:
            self.stdout.write(output)
