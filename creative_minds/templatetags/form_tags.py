from django import template
from django.forms.utils import flatatt

from creative_minds.forms import NHSUKBoundField

register = template.Library()


@register.simple_tag
def field(bound_field, *, width=None, hint=None):
    """{% field form.amount width=10 hint="..." %}: a form field as an NHS.UK form group.

    `width` is an NHS.UK input width (2, 3, 4, 5, 10, 20 or 30 characters); `hint` replaces the
    field's help text on this page. Everything else (type, value, autocomplete...) is the widget's.
    """
    if not isinstance(bound_field, NHSUKBoundField):
        raise TypeError(
            f"{bound_field!r} is not an NHS.UK field: build its form on creative_minds.forms.NHSUKForm, "
            "NHSUKModelForm or NHSUKFormMixin"
        )
    return bound_field.with_options(width=width, hint=hint).as_field_group()


@register.filter
def html_attrs(attrs: dict) -> str:
    """A widget's attributes as HTML, as Django's attrs.html writes them (True: the name alone;
    False or None: left out), in one step: the template loop costs for each of a page's options."""
    return flatatt(attrs)
