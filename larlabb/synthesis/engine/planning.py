"""Suggestions for the next workshop, from the project's aims and what earlier ones produced.

Offline, the questions come from what is unresolved: the open questions participants asked,
the goal conflicts they named, and the themes that matter most for the aims. A template that
cannot be filled grammatically (a theme label that is no noun phrase) is left out. Each suggestion
cites the notes it rests on; the language model, when there is one, may reword them under the
same citation rules as the synthesis.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from django.utils.translation import gettext as _

from larlabb.synthesis.engine.conflicts import question_for
from larlabb.synthesis.engine.grammar import is_noun_phrase
from larlabb.synthesis.engine.lexical import stems
from larlabb.synthesis.engine.llm import CitationCheck, LlmClient, LlmError
from larlabb.synthesis.engine.synthesis import synthesize
from larlabb.synthesis.engine.types import (
    Cited,
    ExerciseDraft,
    InputNote,
    SynthesisResult,
    Theme,
    cited_list_to_json,
)

SUGGESTIONS = 5
LLM_PROMPT = (
    "Du hjälper till att planera nästa workshop i ett lärprojekt om regional utveckling. "
    "Du får projektets syfte och förslag på frågor som bygger på deltagarnas lappar. Formulera "
    "om frågorna så att de blir tydliga och öppna, och skriv en kort övning. Varje fråga ska "
    "ange note_ids för lapparna den bygger på; hitta aldrig på id:n. Svara endast med JSON: "
    '{"title": "<rubrik>", "instruction": "<instruktion>", '
    '"questions": [{"text": "<fråga>", "note_ids": ["<id>"]}]}'
)


def _relevance(theme: Theme, aims: set[str]) -> float:
    keywords = set(stems(" ".join(theme.keywords)))
    return len(keywords & aims) + 0.01 * len(theme.note_ids)


def _theme_question(theme: Theme) -> str | None:
    """The question about a theme, or None when its label is no noun phrase to put after
    "inom" ("regionala och myndigheterna" would read as broken Swedish)."""
    label = _as_running_text(theme.label)
    if not is_noun_phrase(label):
        return None
    return _("Vad behöver regioner och myndigheter göra tillsammans inom ”%(theme)s”?") % {
        "theme": label
    }


def _as_running_text(label: str) -> str:
    # Lower-cased at the start unless it holds a name or an abbreviation: "Region Skåne" and
    # "SKR" keep their capitals.
    words = label.split()
    if not words or words[0].isupper() or any(w[:1].isupper() for w in words[1:]):
        return label
    return label[:1].lower() + label[1:]


def offline_suggestions(aims: str, result: SynthesisResult) -> list[Cited]:
    aim_stems = set(stems(aims))
    suggestions: list[Cited] = []
    for conflict in result.conflicts:
        asked = question_for(conflict)
        if asked is not None:
            suggestions.append(Cited(asked, conflict.note_ids))
            break
    ranked = sorted(result.themes, key=lambda t: -_relevance(t, aim_stems))
    # At most two themes, as before; a theme that cannot be asked about gives way to the next.
    themed = [(t, q) for t in ranked if (q := _theme_question(t)) is not None][:2]
    suggestions.extend(Cited(question, theme.note_ids[:5]) for theme, question in themed)
    if result.good_examples:
        suggestions.append(
            Cited(
                _("Vad kan vi lära av de goda exempel som deltagarna beskrev?"),
                result.good_examples[:5],
            )
        )
    for question in result.open_questions[:2]:
        suggestions.append(Cited(question.text, question.note_ids))
    return suggestions[:SUGGESTIONS]


def offline_draft(suggestions: Sequence[Cited], result: SynthesisResult) -> ExerciseDraft:
    labels = [_as_running_text(t.label) for t in result.themes[:1]]
    focus = labels[0] if labels and is_noun_phrase(labels[0]) else _("det gemensamma arbetet")
    return ExerciseDraft(
        title=_("Fördjupning: %(focus)s") % {"focus": focus},
        instruction=_(
            "Utgå från det som kom fram på förra workshopen. Fundera först enskilt i fem "
            "minuter, diskutera sedan i gruppen och skriv en lapp per tanke. Markera "
            "målkonflikter med taggen Målkonflikt. Avsluta med att sammanfatta vad ni vill "
            "ta med er vidare."
        ),
        questions=tuple(s.text for s in suggestions),
    )


def suggest_next_workshop(
    aims: str, notes: Sequence[InputNote], *, llm: LlmClient | None = None
) -> tuple[tuple[Cited, ...], ExerciseDraft]:
    result = synthesize(notes)
    suggestions = offline_suggestions(aims, result)
    draft = offline_draft(suggestions, result)
    if llm is None or not suggestions:
        return tuple(suggestions), draft
    try:
        answer = llm.chat_json(
            LLM_PROMPT,
            json.dumps(
                {
                    "aims": aims,
                    "suggestions": cited_list_to_json(suggestions),
                    "notes": [{"id": n.id, "text": n.text} for n in notes[:200]],
                },
                ensure_ascii=False,
            ),
        )
    except LlmError:
        # The offline suggestions already cite their notes; planning needs no notice.
        return tuple(suggestions), draft
    check = CitationCheck(known=frozenset(n.id for n in notes))
    raw_questions = answer.get("questions")
    listed = raw_questions if isinstance(raw_questions, list) else []
    rewritten = [c for c in (check.cited(q) for q in listed) if c is not None]
    if not rewritten:
        return tuple(suggestions), draft
    title = answer.get("title")
    instruction = answer.get("instruction")
    return tuple(rewritten), ExerciseDraft(
        title=title.strip() if isinstance(title, str) and title.strip() else draft.title,
        instruction=(
            instruction.strip()
            if isinstance(instruction, str) and instruction.strip()
            else draft.instruction
        ),
        questions=tuple(c.text for c in rewritten),
    )
