"""Markdown for staff-written long texts, sanitised so no text can inject markup or script."""

import xml.etree.ElementTree as etree
from functools import lru_cache

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
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
    *_HEADINGS[1:],
    "code",
    "hr",
}
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


class _HeadingLevels(Treeprocessor):
    """Moves a text's headings under the page's own, keeping their steps.

    Staff write "### Rubrik" or "# Rubrik" as they please; a text shown under an h2 must start
    at h3 and a text directly under the page's h1 at h2, or screen-reader users lose the outline.
    """

    def __init__(self, parser: markdown.Markdown, top: int) -> None:
        super().__init__(parser)
        self.top = top

    def run(self, root: etree.Element) -> None:
        headings = [el for el in root.iter() if el.tag in _HEADINGS]
        if not headings:
            return
        shift = self.top - min(int(el.tag[1]) for el in headings)
        for element in headings:
            element.tag = f"h{min(int(element.tag[1]) + shift, 6)}"


class _HeadingLevelsExtension(Extension):
    def __init__(self, top: int) -> None:
        super().__init__()
        self.top = top

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_HeadingLevels(md, self.top), "larlabb_heading_levels", 5)


def render_markdown(text: str, *, top_heading: int = 3) -> SafeString:
    """Render Markdown to HTML that keeps only a small, safe set of tags and attributes.

    `top_heading` is the level the text's highest heading gets: 3 for a text under an h2.
    """
    # Safe: _render has sanitised it with nh3.
    return mark_safe(_render(text or "", max(2, min(top_heading, 6))))


# Rendering is a pure function of the text and costs a millisecond or more per field (the
# Markdown parser loads its extensions each time); a page renders a dozen such fields.
@lru_cache(maxsize=1024)
def _render(text: str, top_heading: int) -> str:
    html = markdown.markdown(
        text,
        extensions=["sane_lists", _HeadingLevelsExtension(top_heading)],
        output_format="html",
    )
    cleaned = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return cleaned
