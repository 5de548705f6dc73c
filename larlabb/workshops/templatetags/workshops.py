from django import template

from larlabb.workshops.models import Note

register = template.Library()


@register.filter
def colour_label(colour: str | None) -> str:
    """The colour's name, so a note's colour is never told by colour alone."""
    if colour in Note.Colour.values:
        return str(Note.Colour(colour).label)
    return str(Note.Colour.YELLOW.label)


# A post-it keeps its square shape as its text grows: longer texts get a smaller type size,
# as on a paper note. The board's script reads the same limits from the page's config.
NOTE_SIZES: tuple[tuple[int, str], ...] = ((50, "short"), (120, "medium"), (220, "long"))
LONGEST_NOTE = "longest"


@register.filter
def note_size(text: str | None) -> str:
    length = len(text or "")
    return next((size for limit, size in NOTE_SIZES if length <= limit), LONGEST_NOTE)
