"""Offline synthesis of workshop notes: themes, duplicates, goal conflicts, good examples.

Pure Python and numpy; Django is used only for translations and settings. Every note id in a
result is an id of the input notes.
"""

from larlabb.synthesis.engine.embeddings import embed_texts, model_name
from larlabb.synthesis.engine.llm import LlmClient, llm_from_settings
from larlabb.synthesis.engine.placement import place_notes
from larlabb.synthesis.engine.planning import suggest_next_workshop
from larlabb.synthesis.engine.synthesis import synthesize
from larlabb.synthesis.engine.types import (
    Cited,
    Conflict,
    ExerciseDraft,
    FrameSummary,
    InputNote,
    Point,
    SynthesisResult,
    Theme,
)

# Stored beside each vector so vectors of another model (or of the lexical stand-in) are
# recomputed rather than compared with these.
EMBEDDING_MODEL: str = model_name()

__all__ = [
    "EMBEDDING_MODEL",
    "Cited",
    "Conflict",
    "ExerciseDraft",
    "FrameSummary",
    "InputNote",
    "LlmClient",
    "Point",
    "SynthesisResult",
    "Theme",
    "embed_texts",
    "llm_from_settings",
    "place_notes",
    "suggest_next_workshop",
    "synthesize",
]
