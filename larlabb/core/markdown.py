"""Markdown for staff-written long texts, sanitised so no text can inject markup or script."""

import html
import re
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


# --- Markdown handed on as Markdown (the documentation's Markdown export) -------------------

_SAFE_SCHEMES = frozenset({"http", "https", "mailto"})
# Whatever a browser ignores inside a scheme ("java\tscript:") is ignored when judging it.
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]+")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")
# An inline link or image: [text](destination "title"), the destination bare or in <…>.
_INLINE_LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\n]|\[[^\[\]\n]*\])*)\]"
    r"\(\s*(?P<dest><[^<>\n]*>|[^\s()<>]*(?:\([^\s()<>]*\)[^\s()<>]*)*)"
    r"(?:\s+(?:\"[^\"\n]*\"|'[^'\n]*'|\([^()\n]*\)))?\s*\)"
)
# A link reference definition: [label]: destination "title".
_REFERENCE = re.compile(r"^ {0,3}\[[^\]\n]+\]:[ \t]*(?P<dest><[^<>\n]*>|\S+).*$", re.MULTILINE)
# An autolink of a safe scheme, and a link's destination in <…> (both passes below have vetted
# it), keep their brackets; every other "<" starts no HTML.
_KEPT_BRACKETS = re.compile(r"<(?:https?://|mailto:)[^\s<>]*>|\]\(<[^<>\n]*>", re.IGNORECASE)
# Whatever link the patterns above did not take apart (deeper brackets, say): its "(" is
# escaped, so it is no link at all.
_ANY_LINK_OPENING = re.compile(r"\]\(\s*<?(?P<dest>[^\s)>]*)")


def url_is_safe(url: str) -> bool:
    """A relative address, or one of http, https and mailto; never javascript:, data:, …"""
    match = _SCHEME.match(_IGNORED_IN_URL.sub("", html.unescape(url)))
    return match is None or match.group(1).lower() in _SAFE_SCHEMES


def markdown_source_safe(text: str) -> str:
    """Staff's Markdown, still readable as Markdown, for a file others open in any Markdown
    viewer: raw HTML is escaped so it shows as the text it is, and a link or image to anything
    but a relative, http(s) or mailto address keeps only its text. "<" becomes "&lt;" rather
    than "\\<": every Markdown dialect reads the entity as text, not all read the escape."""

    def inline(match: re.Match[str]) -> str:
        destination = match.group("dest").strip("<>")
        if url_is_safe(destination):
            return match.group(0)
        return match.group("text")

    def reference(match: re.Match[str]) -> str:
        return match.group(0) if url_is_safe(match.group("dest").strip("<>")) else ""

    def leftover(match: re.Match[str]) -> str:
        if url_is_safe(match.group("dest")):
            return match.group(0)
        return "]\\(" + match.group(0)[2:]

    text = _REFERENCE.sub(reference, _INLINE_LINK.sub(inline, text))
    text = _ANY_LINK_OPENING.sub(leftover, text)
    pieces: list[str] = []
    last = 0
    for kept in _KEPT_BRACKETS.finditer(text):
        pieces.append(text[last : kept.start()].replace("<", "&lt;"))
        pieces.append(kept.group(0))
        last = kept.end()
    pieces.append(text[last:].replace("<", "&lt;"))
    return "".join(pieces)
