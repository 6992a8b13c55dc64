from django import template

from openita.measures.published import is_photo as _is_photo

register = template.Library()


@register.filter
def is_photo(name: str) -> bool:
    """A file name of a picture (shown as a thumbnail on the measures page)."""
    return _is_photo(str(name))
