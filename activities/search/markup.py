"""Markup the search page and the result cards write in Python rather than through templates."""

import html


def escaped(value) -> str:
    """`value` escaped for HTML as django.utils.html.escape does it (which always escapes, safe or
    not), without its lazy-string wrapper: a search page escapes about 500 values."""
    return html.escape(str(value))


def attributes(attrs: dict) -> str:
    """A widget's attributes as django.forms.utils.flatatt writes them (name="value" pairs in
    name order, then the names whose value is True; False and None left out; a value already
    safe kept as it is), without a format_html call per attribute: the search page writes
    attributes for each of its 14 fields."""
    pairs = sorted(
        (name, value) for name, value in attrs.items() if not isinstance(value, bool) and value is not None
    )
    flags = sorted(name for name, value in attrs.items() if value is True)
    return "".join(f' {escaped(name)}="{_escaped_unless_safe(value)}"' for name, value in pairs) + "".join(
        f" {escaped(name)}" for name in flags
    )


def _escaped_unless_safe(value) -> str:
    return str(value.__html__()) if hasattr(value, "__html__") else escaped(value)
