"""Offline synthesis of workshop notes: themes, duplicates, goal conflicts, good examples."""

from larlabb.synthesis.engine.types import (
    Cited,
    Conflict,
    ExerciseDraft,
    InputNote,
    Point,
    SynthesisResult,
    Theme,
)

__all__ = [
    "Cited",
    "Conflict",
    "ExerciseDraft",
    "InputNote",
    "Point",
    "SynthesisResult",
    "Theme",
]
