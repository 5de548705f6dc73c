"""Lets the programme's pages link to the documentation without the programme app knowing
about it (documentation sits above programme and may not be imported from there)."""

from django import template

from larlabb.documentation.selectors import project_has_public_documentation
from larlabb.programme.models import LearningProject

register = template.Library()


@register.simple_tag
def has_public_documentation(project: LearningProject) -> bool:
    """One query, however many workshops the project has."""
    return project_has_public_documentation(project=project)
