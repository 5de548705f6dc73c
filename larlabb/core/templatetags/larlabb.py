from datetime import datetime

from django import template
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.utils.safestring import SafeString

from larlabb.core.access import is_staff
from larlabb.core.formatting import format_date_span, format_sek, format_time_span
from larlabb.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str, top_heading: int = 3) -> SafeString:
    """`{{ text|markdown }}` under an h2; `{{ text|markdown:2 }}` directly under the h1."""
    return render_markdown(text, top_heading=int(top_heading))


@register.filter(name="is_staff")
def is_staff_filter(user: AbstractBaseUser | AnonymousUser | None) -> bool:
    """`{% if user|is_staff %}`: the same answer as every staff page and socket."""
    return is_staff(user)


@register.filter
def sek(amount: int | None) -> str:
    return "" if amount is None else format_sek(int(amount))


@register.simple_tag
def time_span(starts_at: datetime, ends_at: datetime, lunch_to_lunch: bool = False) -> str:
    return format_time_span(starts_at, ends_at, lunch_to_lunch=lunch_to_lunch)


@register.simple_tag
def date_span(starts_at: datetime, ends_at: datetime) -> str:
    return format_date_span(starts_at, ends_at)
