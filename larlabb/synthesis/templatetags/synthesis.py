from django import template

from larlabb.synthesis.forms import StatementForm
from larlabb.synthesis.presentation import Statement

register = template.Library()


@register.simple_tag
def statement_form(forms: dict[str, StatementForm], statement: Statement) -> StatementForm:
    """The form that came back with an error for this statement, or a fresh one holding its
    current text; the statement's key is the prefix, so every form on the page has its ids."""
    return forms.get(statement.key) or StatementForm(
        prefix=statement.key, initial={"text": statement.text}
    )
