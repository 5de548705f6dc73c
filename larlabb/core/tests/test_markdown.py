from larlabb.core.markdown import render_markdown


def test_markdown_renders_lists_and_emphasis():
    html = render_markdown("Läroprojektet kommer att:\n\n- Identifiera\n- *Reflektera*")
    assert "<li>Identifiera</li>" in html
    assert "<em>Reflektera</em>" in html


def test_markdown_removes_scripts_and_javascript_links():
    html = render_markdown(
        "<script>alert(1)</script>[klicka](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert "<img" not in html


def test_links_open_safely():
    html = render_markdown("[Reglab](https://www.reglab.se)")
    assert 'href="https://www.reglab.se"' in html
    assert 'rel="noopener noreferrer"' in html
