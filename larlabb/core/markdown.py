"""Markdown for staff-written long texts, sanitised so no text can inject markup or script."""

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

_ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "em",
    "ul",
    "ol",
    "li",
    "a",
    "blockquote",
    "h3",
    "h4",
    "code",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str) -> SafeString:
    """Render Markdown to HTML that keeps only a small, safe set of tags and attributes."""
    # Safe: _render has sanitised it with nh3.
    return mark_safe(_render(text or ""))


# Rendering is a pure function of the text and costs a millisecond or more per field (the
# Markdown parser loads its extensions each time); a page renders a dozen such fields.
@lru_cache(maxsize=1024)
def _render(text: str) -> str:
    html = md.markdown(text, extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return cleaned
