"""Every mail's subject is plain text: a project called "Forskning & <Utveckling>" keeps its
name in the subject line instead of arriving as "Forskning &amp; &lt;Utveckling&gt;"."""

from pathlib import Path

import pytest
from django.template.loader import get_template

from larlabb.core.mail import mail_body_text, mail_subject

TITLE = "Forskning & <Utveckling>"
ROOT = Path(__file__).resolve().parents[2]
MAIL_FOLDERS = sorted(
    path.parent.as_posix().split("/templates/", 1)[1]
    for path in ROOT.glob("*/templates/*/mail/*/subject.txt")
)


class _Named(str):
    """Whatever a mail template asks of its context, it gets the hostile title."""

    def __new__(cls) -> "_Named":
        return super().__new__(cls, TITLE)

    def __getattr__(self, name: str) -> "_Named":
        if name.startswith("__"):  # not markup (__html__), whatever else it pretends
            raise AttributeError(name)
        return _Named()

    def __call__(self) -> "_Named":
        return _Named()

    def __int__(self) -> int:  # an amount, for the |sek filter
        return 23_000


def _context() -> dict[str, object]:
    names = ("project", "registration", "workshop", "participant", "signup", "network")
    context: dict[str, object] = {name: _Named() for name in names}
    return context | {"subject": TITLE, "text": TITLE}


def test_every_mail_of_the_platform_is_checked():
    assert len(MAIL_FOLDERS) >= 10


@pytest.mark.parametrize("folder", MAIL_FOLDERS)
def test_a_mail_subject_is_plain_text_on_one_line(folder):
    subject = mail_subject(folder, _context())

    assert TITLE in subject
    assert "&amp;" not in subject and "&lt;" not in subject
    assert "\n" not in subject


def test_a_text_part_holds_no_html_entities():
    body = mail_body_text("registration/mail/received", _context())

    assert TITLE in body
    assert "&amp;" not in body and "&lt;" not in body


@pytest.mark.parametrize(
    "folder",
    [
        path.parent.as_posix().split("/templates/", 1)[1]
        for path in sorted(ROOT.glob("*/templates/*/mail/*/body.html"))
    ],
)
def test_an_html_part_escapes_what_it_shows(folder):
    html = get_template(f"{folder}/body.html").render(_context())

    assert "<Utveckling>" not in html
    assert "&lt;Utveckling&gt;" in html
