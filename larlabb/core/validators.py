"""What a name may contain: a person's, an organisation's, a group's or a display name.

A name is shown to others (on boards, badges, lists and in mail), so it must not carry
characters that hide text or turn its direction around: a right-to-left override (U+202E)
makes the rest of a name read backwards, and a name of zero-width spaces looks empty everywhere.
Letters of every script, accents, hyphens and apostrophes are of course fine.
"""

import unicodedata
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

NAME_BLANK: Final = _(
    "Namnet består bara av mellanslag eller osynliga tecken. Skriv namnet med bokstäver."
)
NAME_DIRECTION_CONTROL: Final = _(
    "Namnet innehåller ett osynligt tecken som vänder på skrivriktningen. Skriv namnet igen "
    "för hand i stället för att klistra in det."
)
NAME_CONTROL_CHARACTER: Final = _(
    "Namnet innehåller ett osynligt styrtecken, till exempel en radbrytning eller ett "
    "tecken utan bredd. Skriv namnet igen för hand i stället för att klistra in det."
)

BIDI_CONTROLS: Final = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # direction marks
)
INVISIBLE: Final = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
# Zero-width (non-)joiners shape letters in Persian, Indic scripts and emoji, so between two
# visible characters they belong to the name; anywhere else they only hide something.
_JOINERS: Final = frozenset("\u200c\u200d")
_CONTROL_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def _is_blank(char: str) -> bool:
    return char.isspace() or char in INVISIBLE or unicodedata.category(char) == "Cf"


def name_validate(value: str) -> None:
    """Refuse a name that is blank to the eye or holds direction or control characters."""
    if not value:
        return
    if all(_is_blank(char) for char in value):
        raise ValidationError(NAME_BLANK, code="name_blank")
    if any(char in BIDI_CONTROLS for char in value):
        raise ValidationError(NAME_DIRECTION_CONTROL, code="name_direction_control")
    for index, char in enumerate(value):
        if unicodedata.category(char) not in _CONTROL_CATEGORIES:
            continue
        if char in _JOINERS and 0 < index < len(value) - 1:
            before, after = value[index - 1], value[index + 1]
            if not _is_blank(before) and not _is_blank(after):
                continue
        raise ValidationError(NAME_CONTROL_CHARACTER, code="name_control_character")
