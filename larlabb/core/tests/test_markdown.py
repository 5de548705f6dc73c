import re

from django.template import Context, Template

from larlabb.core.markdown import render_markdown


def test_markdown_renders_lists_and_emphasis():
    html = render_markdown("Läroprojektet kommer att:\n\n- Identifiera\n- *Reflektera*")
    assert "<li>Identifiera</li>" in html
    assert "<em>Reflektera</em>" in html


def test_markdown_removes_script_tags_and_their_content():
    html = render_markdown("Före\n\n<script>alert('x')</script>\n\nEfter <script>alert(2)</script>")
    assert "<script" not in html
    assert "alert" not in html
    assert "Före" in html and "Efter" in html


def test_markdown_removes_javascript_links_whatever_their_spelling():
    html = render_markdown(
        "[klicka](javascript:alert(1)) [igen](JaVaScRiPt:alert(1)) "
        '<a href="javascript:alert(1)">rå</a> [data](data:text/html,hej)'
    )
    assert "javascript:" not in html.lower()
    assert "data:" not in html
    assert "klicka" in html and "rå" in html


def test_markdown_removes_event_handlers_images_and_styles():
    html = render_markdown(
        '<img src=x onerror=alert(1)> <p onclick="alert(1)" style="color:red">text</p>'
        "<iframe src='https://example.com'></iframe>"
    )
    for forbidden in ("onerror", "onclick", "<img", "style=", "<iframe"):
        assert forbidden not in html


def test_links_keep_safe_schemes_and_open_safely():
    html = render_markdown("[Reglab](https://www.reglab.se) [Mejla](mailto:kansliet@reglab.se)")
    assert 'href="https://www.reglab.se"' in html
    assert 'href="mailto:kansliet@reglab.se"' in html
    assert 'rel="noopener noreferrer"' in html


def test_headings_move_under_the_heading_the_text_sits_under():
    text = "# Ett\n\ntext\n\n## Två\n\n### Tre"
    assert _headings(render_markdown(text)) == ["h3", "h4", "h5"]
    assert _headings(render_markdown(text, top_heading=2)) == ["h2", "h3", "h4"]
    assert _headings(render_markdown("### Bara en")) == ["h3"]


def test_headings_never_go_above_h2_or_below_h6():
    assert _headings(render_markdown("# A\n\n## B", top_heading=1)) == ["h2", "h3"]
    assert _headings(render_markdown("# A\n\n###### F", top_heading=3)) == ["h3", "h6"]


def test_template_filter_takes_the_top_heading_level():
    template = Template("{% load larlabb %}{{ text|markdown }}|{{ text|markdown:2 }}")
    html = template.render(Context({"text": "### Rubrik"}))
    assert html == "<h3>Rubrik</h3>|<h2>Rubrik</h2>"


def _headings(html: str) -> list[str]:
    return re.findall(r"<(h[1-6])>", html)
