"""Search across a project's documentation: staff's texts, file and recording titles and every
note on the boards, each hit linking to its place on the documentation pages.

What is searched is the project's documentation as content.py builds it for the audience,
so a private attachment, a hidden session's board or a workshop that is not public can never
be found by the public: the search sees exactly what the pages show.
Staff (`public=False`) search everything; their hits link to the staff documentation page of
the workshop, since a workshop that is not public has no public page to link into.

Two engines, one per database:

- PostgreSQL (the scale-out path): full-text search with the built-in `swedish` configuration.
  `to_tsvector('swedish', …)` reduces words to their Snowball stems and the query is stemmed
  the same way and matched as a prefix (`samverkan:*`), so "samverkan" also finds
  "samverkansparter" and "region" finds "regionerna". `ts_headline` marks the hit.
- SQLite (the embedded default): FTS5 with the `unicode61` tokenizer, keeping å, ä and ö
  apart from a, o. FTS5 has no Swedish stemmer, so each query word is first cut to its
  Snowball stem here (PyStemmer) and searched as a prefix: "samverkan" finds "samverkan",
  "samverkansparter" and "samverkande"; "regionerna" finds "region", "regionen" and
  "regionala". What it cannot do: find a word inside a compound ("samverkan" does not find
  "flernivåsamverkan", on PostgreSQL neither), find irregular forms whose stems differ
  ("gick" does not find "gå"), or rank by Swedish word weight.

The index is built for each query from the read model (a temporary FTS5 table on SQLite;
the texts are sent as an array on PostgreSQL) rather than kept as a table of its own: a
project's documentation is a few thousand short texts, the build costs milliseconds, and the
index can never be out of step with the content or show one audience what another may see.
"""

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

import Stemmer
from django.db import connection
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from larlabb.documentation.content import ProjectDoc
from larlabb.documentation.selectors import documentation_for_audience
from larlabb.programme.models import LearningProject

MAX_HITS: Final = 50
MAX_QUERY_WORDS: Final = 8
# Markers for the hit inside a snippet: characters no text contains (they are stripped from
# the texts first), turned into <mark> only after the snippet has been HTML-escaped.
_START: Final = "\ue000"
_STOP: Final = "\ue001"
_WORD: Final = re.compile(r"\w+")
_stemmer = Stemmer.Stemmer("swedish")


@dataclass(frozen=True)
class SearchHit:
    kind: str  # workshop, agenda, conclusions, note, attachment, recording
    kind_label: str
    title: str  # where the hit is, e.g. "Workshop 1 · Grupp 2 · Vad förväntar du dig?"
    snippet: SafeString  # the text around the hit, the hit in <mark>
    url: str  # the page with an anchor to the hit


@dataclass(frozen=True)
class _Document:
    kind: str
    title: str
    text: str
    url: str


def _kind_labels() -> dict[str, str]:
    return {
        "workshop": _("Workshop"),
        "agenda": _("Agenda"),
        "conclusions": _("Slutsatser"),
        "note": _("Lapp"),
        "attachment": _("Fil"),
        "recording": _("Inspelning"),
    }


def _documents(doc: ProjectDoc, *, public: bool) -> Iterator[_Document]:
    for workshop in doc.workshops:
        if public:
            page = reverse("documentation:workshop", args=[doc.slug, workshop.number])
        else:
            page = reverse("staff:documentation_workshop", args=[doc.slug, workshop.number])
        label = _("Workshop %(number)d") % {"number": workshop.number}
        yield _Document("workshop", label, workshop.title, page)
        if workshop.agenda_as_run:
            yield _Document("agenda", label, workshop.agenda_as_run, f"{page}#agenda")
        if workshop.conclusions:
            yield _Document("conclusions", label, workshop.conclusions, f"{page}#slutsatser")
        for attachment in workshop.attachments:
            yield _Document("attachment", label, attachment.title, f"{page}#bilaga-{attachment.id}")
        for index, recording in enumerate(workshop.recordings, start=1):
            yield _Document("recording", label, recording.title, f"{page}#inspelning-{index}")
        for session in workshop.sessions:
            for group in session.groups:
                group_label = _("Grupp %(number)d") % {"number": group.number}
                for frame in group.frames:
                    for note in frame.notes:
                        yield _Document(
                            "note",
                            f"{label} · {session.exercise_title} · {group_label} · {frame.title}",
                            note.text,
                            f"{page}#lapp-{note.id}",
                        )


def query_words(query: str) -> list[str]:
    """The query's words, lower-cased, at most MAX_QUERY_WORDS of them."""
    return [word.lower() for word in _WORD.findall(query)][:MAX_QUERY_WORDS]


def _stem(word: str) -> str:
    stem: str = _stemmer.stemWord(word)
    # A stem of one or two letters would match half the language as a prefix.
    return stem if len(stem) >= 3 else word


def _snippet(marked: str) -> SafeString:
    html = str(escape(marked)).replace(_START, "<mark>").replace(_STOP, "</mark>")
    # Safe: the text was escaped above; the only markup is the <mark> put in here.
    return mark_safe(html)


def _clean(text: str) -> str:
    return text.replace(_START, "").replace(_STOP, "")


def search_documentation(*, project: LearningProject, query: str, public: bool) -> list[SearchHit]:
    """The project's documentation matching every word of `query`, best first."""
    words = query_words(query)
    if not words:
        return []
    documents = list(
        _documents(documentation_for_audience(project=project, public=public), public=public)
    )
    if not documents:
        return []
    texts = [_clean(document.text) for document in documents]
    if connection.vendor == "postgresql":
        found = _search_postgresql(texts, words)
    else:
        found = _search_sqlite(texts, words)
    labels = _kind_labels()
    return [
        SearchHit(
            kind=documents[index].kind,
            kind_label=labels[documents[index].kind],
            title=documents[index].title,
            snippet=_snippet(snippet),
            url=documents[index].url,
        )
        for index, snippet in found
    ]


def _search_postgresql(texts: list[str], words: list[str]) -> list[tuple[int, str]]:
    # Only \w characters reach the tsquery, so nothing in it can be tsquery syntax.
    tsquery = " & ".join(f"{word}:*" for word in words)
    headline = (
        f"StartSel={_START}, StopSel={_STOP}, MaxWords=30, MinWords=12, "
        'MaxFragments=2, FragmentDelimiter=" … "'
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT d.idx - 1, ts_headline('swedish', d.body, q, %s)
            FROM unnest(%s::text[]) WITH ORDINALITY AS d(body, idx),
                 to_tsquery('swedish', %s) AS q
            WHERE to_tsvector('swedish', d.body) @@ q
            ORDER BY ts_rank(to_tsvector('swedish', d.body), q) DESC, d.idx
            LIMIT %s
            """,
            [headline, texts, tsquery, MAX_HITS],
        )
        return [(int(index), str(snippet)) for index, snippet in cursor.fetchall()]


def _search_sqlite(texts: list[str], words: list[str]) -> list[tuple[int, str]]:
    match = " ".join(f'"{_stem(word)}"*' for word in words)
    with connection.cursor() as cursor:
        # A temporary table lives in this connection only, so concurrent searches on other
        # connections cannot see or disturb it.
        cursor.execute("DROP TABLE IF EXISTS temp.documentation_search")
        cursor.execute(
            "CREATE VIRTUAL TABLE temp.documentation_search USING fts5("
            "body, tokenize = 'unicode61 remove_diacritics 0')"
        )
        try:
            # One statement for all rows: row by row, each insert is its own write to the
            # temporary database, and 6,000 of them take seconds instead of milliseconds.
            cursor.execute(
                "INSERT INTO temp.documentation_search (rowid, body) "
                "SELECT key, value FROM json_each(%s)",
                [json.dumps(texts)],
            )
            cursor.execute(
                "SELECT rowid, snippet(documentation_search, 0, %s, %s, ' … ', 24) "
                "FROM temp.documentation_search WHERE documentation_search MATCH %s "
                "ORDER BY rank, rowid LIMIT %s",
                [_START, _STOP, match, MAX_HITS],
            )
            return [(int(index), str(snippet)) for index, snippet in cursor.fetchall()]
        finally:
            cursor.execute("DROP TABLE temp.documentation_search")
