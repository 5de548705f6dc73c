from django import template

from larlabb.workshops.models import Note

register = template.Library()


@register.filter
def colour_label(colour: str | None) -> str:
    """The colour's name, so a note's colour is never told by colour alone."""
    if colour in Note.Colour.values:
        return str(Note.Colour(colour).label)
    return str(Note.Colour.YELLOW.label)
