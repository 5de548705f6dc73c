"""Time and peak memory of the documentation exports and of a search, on a large project.

Builds a project of 6 workshops, each with one exercise run in 10 groups of 100 notes
(6,000 notes, with +1s, names, a goal-conflict tag now and then) in a throwaway SQLite
database and media folder, then builds the whole project's complete (staff) documentation in
each format and searches it.

Each export is built in a process of its own, forked from the one that holds the data, and
its memory is that process's peak resident set size (getrusage ru_maxrss): Django, the rows
read, the read model and native memory such as Pango's and libxml's for the PDF, i.e. what
a task worker needs for it. Time is wall-clock time of one build, with the CPU seconds of
its process beside it (on a shared machine the second shows the work done, the first also
the wait for a core; the 1-minute load average is printed with them); the search time is the
median of repeated queries (each query reads the documentation through the read model).

    .venv/bin/python bench/exports.py            # 6 workshops × 10 groups × 100 notes
    .venv/bin/python bench/exports.py --quick    # 2 workshops × 4 groups × 25 notes
    .venv/bin/python bench/exports.py --profile  # and where the PDF's time goes (cProfile)
    .venv/bin/python bench/exports.py --formats pdf --repeat 3 --without page-references
                                                 # the median of 3 PDFs, one technique of
                                                 # docs/performance.md turned off

Goal: the whole-project PDF in under 10 s and under 500 MB.
The last line printed is one JSON object with the headline figures.
"""

import argparse
import contextlib
import cProfile
import io
import json
import os
import pstats
import random
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORMATS = ("pdf", "docx", "md.zip", "csv")
SEARCH_QUERY = "samverkan"
SEARCH_REPEATS = 15
WORDS = [
    "samverkan",
    "regionerna",
    "myndigheterna",
    "strategin",
    "hållbar",
    "utveckling",
    "kompetens",
    "finansiering",
    "arena",
    "lärande",
    "dialog",
    "uppdrag",
    "nätverk",
    "förtroende",
    "landsbygd",
    "infrastruktur",
    "bostäder",
    "klimatet",
    "omställning",
    "näringsliv",
    "innovation",
    "kommunerna",
    "målbild",
    "samverkansparter",
    "kunskap",
    "uppföljning",
    "ansvar",
    "resurser",
    "planering",
    "handlingsplan",
]


def _setup(workdir: str) -> None:
    leave_out = {"DATABASE_URL", "REDIS_URL", "DJANGO_DEBUG", "DJANGO_SETTINGS_MODULE"}
    env = {k: v for k, v in os.environ.items() if k not in leave_out}
    env |= {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "SQLITE_PATH": str(Path(workdir) / "bench.sqlite3"),
        "MEDIA_ROOT": str(Path(workdir) / "media"),
        "LOG_LEVEL": "WARNING",
    }
    os.environ.clear()
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", "--noinput", verbosity=0)


def _sentence(rng: random.Random) -> str:
    words = rng.sample(WORDS, rng.randint(4, 14))
    return " ".join(words).capitalize() + "."


def _build_project(workshops: int, groups: int, notes_per_group: int):
    from datetime import UTC, datetime, timedelta

    from larlabb.documentation.services import documentation_update
    from larlabb.network.models import Network
    from larlabb.programme.models import LearningProject, ProgrammeBlock, Workshop
    from larlabb.workshops.exercises.services import ExerciseSpec, exercise_template_ensure
    from larlabb.workshops.models import BreakoutGroup, Frame, Member, Note, NoteVote
    from larlabb.workshops.sessions.services import session_create

    rng = random.Random(7)
    network = Network.objects.create(name="Reglab", slug="reglab", contact_email="k@example.se")
    project = LearningProject.objects.create(
        network=network,
        slug="stort-larprojekt",
        title="Ett stort lärprojekt",
        subtitle="mätning av exporterna",
        lead="Ett lärprojekt med många workshopar, grupper och lappar.",
        registration_deadline=datetime(2025, 1, 15, tzinfo=UTC).date(),
        status=LearningProject.Status.CLOSED,
    )
    block = ProgrammeBlock.objects.create(project=project, title="Samverkan i praktiken")
    template = exercise_template_ensure(
        spec=ExerciseSpec(
            title="Förväntningar och erfarenheter",
            instruction="Presentera er, tänk själv och *diskutera* sedan i gruppen.",
            steps=("Presentera er.", "Utse en gruppledare.", "Sammanfatta."),
            questions=("Vilka förväntningar har du?", "Vad vill du veta om myndigheterna?"),
            summary="Att tänka på",
            bonus="Goda exempel",
            phases=(("Diskutera", 30), ("Sammanfatta", 10)),
        )
    )
    start = datetime(2025, 2, 1, 8, tzinfo=UTC)
    for number in range(1, workshops + 1):
        workshop = Workshop.objects.create(
            project=project,
            block=block,
            number=number,
            format=Workshop.Format.DIGITAL,
            starts_at=start + timedelta(weeks=number),
            ends_at=start + timedelta(weeks=number, hours=3),
        )
        session = session_create(
            workshop=workshop, source=template, created_by=None, allow_guests=False
        )
        frames = list(Frame.objects.filter(exercise=session.exercise))
        for group_number in range(1, groups + 1):
            group = BreakoutGroup.objects.create(
                session=session, number=group_number, summary_done=True
            )
            members = Member.objects.bulk_create(
                Member(
                    session=session,
                    group=group,
                    display_name=f"Deltagare {number}-{group_number}-{m}",
                    secret=f"{number}-{group_number}-{m}",
                )
                for m in range(4)
            )
            notes = Note.objects.bulk_create(
                Note(
                    group=group,
                    frame=frames[n % len(frames)],
                    author=members[n % len(members)],
                    text=_sentence(rng),
                    is_goal_conflict=n % 23 == 0,
                    client_id=f"{number}-{group_number}-{n}",
                )
                for n in range(notes_per_group)
            )
            NoteVote.objects.bulk_create(
                NoteVote(note=note, member=member)
                for note in notes[::3]
                for member in members[: rng.randint(1, 3)]
            )
        documentation_update(
            workshop=workshop,
            is_public=True,
            show_authors=False,
            agenda_as_run="- Välkommen\n- Övning i grupper\n- Redovisning",
            conclusions=f"Workshop {number} visade att **samverkan** kräver tid och förtroende.",
            hidden_sessions=[],
        )
    return project


def _measure_in_child(build) -> tuple[float, float, float]:
    """(seconds, CPU seconds, peak MB) of `build()` run in a forked process."""
    from django.db import connections

    connections.close_all()
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        started, started_cpu = time.perf_counter(), time.process_time()
        build()
        seconds, cpu = time.perf_counter() - started, time.process_time() - started_cpu
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
        with os.fdopen(write_end, "w") as pipe:
            pipe.write(json.dumps([seconds, cpu, peak_mb]))
        os._exit(0)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        seconds, cpu, peak_mb = json.loads(pipe.read() or "[0, 0, 0]")
    _, status = os.waitpid(pid, 0)
    if status != 0:
        raise RuntimeError("The export failed in its process.")
    return float(seconds), float(cpu), float(peak_mb)


def _profiled(build):
    """`build`, printing the 25 functions with the most time of their own."""

    def run() -> None:
        profile = cProfile.Profile()
        profile.runcall(build)
        pstats.Stats(profile, stream=sys.stdout).sort_stats("tottime").print_stats(25)

    return run


# The techniques of docs/performance.md this benchmark can turn off, to measure what they bring.
TECHNIQUES = ("page-references", "cycle-pause")


def _turn_off(techniques: list[str]) -> None:
    """Undo, in this process and the builds it forks, what larlabb/core/pdf.py does."""
    if "page-references" in techniques:
        import pydyf  # type: ignore[import-untyped]

        kept = pydyf.PDF.__dict__["page_references"].fget
        pydyf.PDF.page_references = property(kept.__wrapped__)
    if "cycle-pause" in techniques:
        from larlabb.documentation import export_pdf

        export_pdf.cycle_collector_paused = contextlib.nullcontext  # type: ignore[attr-defined,assignment]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small project, same code path")
    parser.add_argument(
        "--profile", action="store_true", help="print where the PDF's time goes (slower)"
    )
    parser.add_argument("--formats", default=",".join(FORMATS), help="which, comma-separated")
    parser.add_argument("--repeat", type=int, default=1, help="builds per format (median)")
    parser.add_argument("--without", action="append", choices=TECHNIQUES, default=[])
    args = parser.parse_args()
    formats = [fmt for fmt in args.formats.split(",") if fmt in FORMATS]
    workshops, groups, notes = (2, 4, 25) if args.quick else (6, 10, 100)

    with tempfile.TemporaryDirectory(prefix="larlabb-bench-exports-") as workdir:
        _setup(workdir)
        from django.utils import translation

        from larlabb.documentation.content import project_documentation
        from larlabb.documentation.exports import FORMATS as EXPORT_FORMATS
        from larlabb.documentation.search import search_documentation

        translation.activate("sv")
        # A worker that has built one export has WeasyPrint, its fonts and the templates loaded;
        # what is measured is a build, not the first loading of the libraries.
        from django.template.loader import get_template

        from larlabb.core.pdf import pdf_from_html

        get_template("documentation/export/document.html")
        pdf_from_html(html='<p style="font-family: DejaVu Sans">Lärlabb</p>', base_url="/")
        _turn_off(args.without)
        started = time.perf_counter()
        project = _build_project(workshops, groups, notes)
        print(
            f"Project: {workshops} workshops × {groups} groups × {notes} notes "
            f"built in {time.perf_counter() - started:.1f} s"
        )

        figures: dict[str, float] = {}
        read_s, _, read_mb = _measure_in_child(
            lambda: project_documentation(project=project, public=False)
        )
        figures["read_model_s"] = round(read_s, 3)
        print(f"read model        {read_s:7.2f} s   peak {read_mb:6.0f} MB")
        for fmt in formats:

            def build(fmt: str = fmt) -> None:
                doc = project_documentation(project=project, public=False)
                out = io.BytesIO()
                EXPORT_FORMATS[fmt].build(doc, out)
                print(f"  {fmt:<7} {len(out.getvalue()) / 1024:9.0f} KiB")

            if args.profile and fmt == "pdf":
                build = _profiled(build)
            load = os.getloadavg()[0]
            runs = [_measure_in_child(build) for _ in range(max(args.repeat, 1))]
            seconds, cpu, peak_mb = (statistics.median(run[i] for run in runs) for i in range(3))
            key = fmt.replace(".zip", "")
            figures[f"{key}_s"] = round(seconds, 2)
            figures[f"{key}_cpu_s"] = round(cpu, 2)
            figures[f"{key}_peak_mb"] = round(peak_mb)
            print(
                f"{fmt:<17} {seconds:7.2f} s ({cpu:.2f} s of CPU, load {load:.1f})"
                f"   peak {peak_mb:6.0f} MB"
            )

        timings = []
        hits = 0
        for _ in range(SEARCH_REPEATS):
            started = time.perf_counter()
            hits = len(search_documentation(project=project, query=SEARCH_QUERY, public=False))
            timings.append((time.perf_counter() - started) * 1000)
        figures["search_ms"] = round(statistics.median(timings), 1)
        figures["search_hits"] = hits
        print(f"search '{SEARCH_QUERY}'  median {figures['search_ms']:.0f} ms, {hits} hits")
        figures["notes"] = workshops * groups * notes
        figures["load_average_1min"] = round(os.getloadavg()[0], 1)
        figures["without"] = args.without
        print(json.dumps(figures))


if __name__ == "__main__":
    main()
