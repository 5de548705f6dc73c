"""An optional language model behind an OpenAI-compatible chat API, kept on a short leash.

The offline result always exists first; the model may only rewrite labels and summaries and
add conflict candidates. Each sentence it writes must cite ids of the notes it was given: ids
it invents are removed, a sentence left citing nothing is dropped, and a slow or garbled answer
leaves the offline result in place. Every such event becomes a Swedish notice for staff.
Plain urllib: one POST per synthesis needs no HTTP library.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from msgspec.structs import replace

from larlabb.synthesis.engine.types import Cited, Conflict, InputNote, SynthesisResult

NOTES_PER_THEME = 12
MAX_LABEL_CHARS = 60
MAX_SENTENCE_CHARS = 400


class LlmError(Exception):
    """The model could not be used; the message is for logs, the notice for staff."""


class LlmTimeout(LlmError):
    pass


class LlmMalformed(LlmError):
    pass


@dataclass(frozen=True)
class LlmClient:
    base_url: str  # e.g. "https://api.example.org/v1"; /chat/completions is appended
    model: str
    api_key: str = ""
    timeout_s: float = 20.0

    def chat_json(self, system: str, user: str) -> dict[str, object]:
        body = json.dumps(
            {
                "model": self.model,
                "messages": [
                    {"role": "system", "content": system},
                    {"role": "user", "content": user},
                ],
                "temperature": 0.2,
                "response_format": {"type": "json_object"},
            }
        ).encode()
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(
            self.base_url.rstrip("/") + "/chat/completions", data=body, headers=headers
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout_s) as response:
                raw = response.read()
        except TimeoutError as error:
            raise LlmTimeout(str(error)) from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError):
                raise LlmTimeout(str(error)) from error
            raise LlmError(str(error)) from error
        except OSError as error:
            raise LlmError(str(error)) from error
        try:
            envelope = json.loads(raw)
            content = envelope["choices"][0]["message"]["content"]
            answer = json.loads(content)
        except (ValueError, KeyError, IndexError, TypeError) as error:
            raise LlmMalformed(str(error)) from error
        if not isinstance(answer, dict):
            raise LlmMalformed("answer is not a JSON object")
        return answer


def llm_from_settings() -> LlmClient | None:
    from django.conf import settings

    base_url = getattr(settings, "LLM_BASE_URL", "")
    model = getattr(settings, "LLM_MODEL", "")
    if not base_url or not model:
        return None
    return LlmClient(
        base_url=base_url,
        model=model,
        api_key=getattr(settings, "LLM_API_KEY", ""),
        timeout_s=float(getattr(settings, "LLM_TIMEOUT_S", 20)),
    )


def failure_notice(error: LlmError) -> str:
    if isinstance(error, LlmTimeout):
        return _("Språkmodellen svarade inte i tid. Den lokala sammanställningen visas i stället.")
    if isinstance(error, LlmMalformed):
        return _(
            "Språkmodellen gav ett svar som inte gick att läsa. "
            "Den lokala sammanställningen visas i stället."
        )
    return _("Språkmodellen gick inte att nå. Den lokala sammanställningen visas i stället.")


@dataclass
class CitationCheck:
    """Counts what the checks removed, so staff learn it from one notice per kind."""

    known: frozenset[str]
    dropped: int = 0
    invented: int = 0

    def cited(self, raw: object, *, max_chars: int = MAX_SENTENCE_CHARS) -> Cited | None:
        if not isinstance(raw, Mapping):
            self.dropped += 1
            return None
        text = raw.get("text", raw.get("description"))
        ids = raw.get("note_ids")
        if not isinstance(text, str) or not text.strip():
            self.dropped += 1
            return None
        given = [str(i) for i in ids] if isinstance(ids, list) else []
        valid = tuple(dict.fromkeys(i for i in given if i in self.known))
        self.invented += len(set(given) - self.known)
        if not valid:
            self.dropped += 1
            return None
        return Cited(text=" ".join(text.split())[:max_chars], note_ids=valid)

    def notices(self) -> list[str]:
        result = []
        if self.dropped:
            result.append(
                ngettext(
                    "%(count)d påstående från språkmodellen hänvisade inte till någon "
                    "befintlig lapp och visas inte.",
                    "%(count)d påståenden från språkmodellen hänvisade inte till någon "
                    "befintlig lapp och visas inte.",
                    self.dropped,
                )
                % {"count": self.dropped}
            )
        if self.invented:
            result.append(
                ngettext(
                    "Språkmodellen hänvisade till %(count)d lapp som inte finns; "
                    "hänvisningen togs bort.",
                    "Språkmodellen hänvisade till %(count)d lappar som inte finns; "
                    "hänvisningarna togs bort.",
                    self.invented,
                )
                % {"count": self.invented}
            )
        return result


SYSTEM_PROMPT = (
    "Du sammanställer post-it-lappar från workshopar om regional utveckling. Skriv på svenska, "
    "sakligt och kort. Varje mening du skriver ska bygga på lapparna och ange i note_ids id:n "
    "för de lappar den bygger på; hitta aldrig på id:n. Svara endast med ett JSON-objekt: "
    '{"themes": [{"theme": <index>, "label": "<kort etikett, högst fyra ord>", '
    '"summary": [{"text": "<mening>", "note_ids": ["<id>"]}]}], '
    '"conflicts": [{"description": "<målkonflikt mellan två mål>", "note_ids": ["<id>"]}]}'
)


def _payload(result: SynthesisResult, notes: Mapping[str, InputNote]) -> str:
    themes = [
        {
            "theme": index,
            "keywords": list(theme.keywords),
            "notes": [
                {"id": note_id, "text": notes[note_id].text}
                for note_id in theme.note_ids[:NOTES_PER_THEME]
            ],
        }
        for index, theme in enumerate(result.themes)
    ]
    return json.dumps({"themes": themes}, ensure_ascii=False)


def _items(answer: Mapping[str, object], key: str) -> list[object]:
    value = answer.get(key, [])
    if not isinstance(value, list):
        raise LlmMalformed(f"{key} is not a list")
    return value


def improve(
    result: SynthesisResult, notes: Sequence[InputNote], client: LlmClient
) -> SynthesisResult:
    """The offline result with the model's labels, summaries and conflicts where they hold up."""
    by_id = {n.id: n for n in notes}
    try:
        answer = client.chat_json(SYSTEM_PROMPT, _payload(result, by_id))
        theme_items = _items(answer, "themes")
        conflict_items = _items(answer, "conflicts")
    except LlmError as error:
        return replace(result, notices=(*result.notices, failure_notice(error)))
    themes = list(result.themes)
    accepted = 0
    checks = CitationCheck(known=frozenset(by_id))
    for item in theme_items:
        if not isinstance(item, Mapping):
            checks.dropped += 1
            continue
        index = item.get("theme")
        if not isinstance(index, int) or not 0 <= index < len(themes):
            checks.dropped += 1
            continue
        theme = themes[index]
        # Within a theme a citation must point at the theme's own notes.
        inside = CitationCheck(known=frozenset(theme.note_ids))
        summary = tuple(
            c for c in (inside.cited(s) for s in _as_list(item.get("summary"))) if c is not None
        )
        checks.dropped += inside.dropped
        checks.invented += inside.invented
        label = item.get("label")
        new_label = (
            " ".join(label.split())[:MAX_LABEL_CHARS]
            if isinstance(label, str) and label.strip()
            else theme.label
        )
        if summary or new_label != theme.label:
            accepted += 1
        themes[index] = replace(
            theme,
            label=new_label,
            summary=summary or theme.summary,
            summary_is_notes=theme.summary_is_notes and not summary,
        )
    conflicts = list(result.conflicts)
    for raw in conflict_items:
        cited = checks.cited(raw)
        if cited is not None:
            accepted += 1
            # A conflict is stated once: the model's wording of one already found adds nothing.
            if not any(set(cited.note_ids) <= set(c.note_ids) for c in conflicts):
                conflicts.append(Conflict(cited.text, cited.note_ids, "candidate", 0.75))
    notices = checks.notices()
    if not accepted and not notices:
        notices.append(
            _(
                "Språkmodellen föreslog inget som gick att använda. "
                "Den lokala sammanställningen visas i stället."
            )
        )
    return replace(
        result,
        themes=tuple(themes),
        conflicts=tuple(conflicts),
        method=f"{result.method}+llm" if accepted else result.method,
        notices=(*result.notices, *notices),
    )


def _as_list(value: object) -> Iterable[object]:
    return value if isinstance(value, list) else []
