"""How the project's forms become NHS.UK frontend markup.

Every form on the public and members' pages renders through `NHSUKFormRenderer`: the widget
decides the input's type, value, autocomplete, inputmode and required attribute; the bound
field adds the NHS.UK classes and says which hint and error message describe it; templates in
templates/django/forms/ lay out the field group (label or legend, hint, error message, widget).

The renderer is given to forms through `default_renderer` (creative_minds.forms.NHSUKForm and
friends), not through the FORM_RENDERER setting: that setting also renders every form in the
Wagtail and Django admins, whose styles expect Django's own widget markup. FORM_RENDERER stays
Django's default, whose template engine never reads templates/, so the overrides there reach
only the forms built on this renderer.
"""

from __future__ import annotations

import copy

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.forms.widgets import Input

# The widths NHS.UK frontend has a class for (nhsuk-input--width-N), in characters.
INPUT_WIDTHS = frozenset({2, 3, 4, 5, 10, 20, 30})


class NHSUKBoundField(BoundField):
    """A field as NHS.UK frontend draws it: the classes on the widget, and the ids of its hint
    and error message for aria-describedby. `with_options()` gives a template's width and hint."""

    width: int | None = None
    hint_override: str | None = None

    def with_options(self, *, width=None, hint=None) -> NHSUKBoundField:
        """This field with an input width (NHS.UK's nhsuk-input--width-N) or another hint."""
        if width is not None and int(width) not in INPUT_WIDTHS:
            raise ValueError(f"NHS.UK has no input width {width}; use one of {sorted(INPUT_WIDTHS)}")
        configured = copy.copy(self)
        configured.width = int(width) if width is not None else None
        configured.hint_override = hint
        return configured

    @property
    def hint(self) -> str:
        return self.hint_override if self.hint_override is not None else self.help_text

    @property
    def hint_id(self) -> str:
        return f"{self.auto_id}-hint"

    @property
    def error_id(self) -> str:
        return f"{self.auto_id}-error"

    @property
    def aria_describedby(self) -> str | None:
        """The hint and the error message, read out with the input (or with the fieldset)."""
        if self.field.widget.attrs.get("aria-describedby") or not self.auto_id or self.is_hidden:
            return None
        ids = [self.hint_id] if self.hint else []
        if self.errors:
            ids.append(self.error_id)
        return " ".join(ids) or None

    @property
    def first_input_id(self) -> str:
        """Where the error summary's link goes: the input itself, or a group's first option."""
        if not self.use_fieldset:
            return self.id_for_label
        if isinstance(self.field.widget, forms.MultiWidget):
            return f"{self.auto_id}_0"
        first = next(iter(self.subwidgets), None)
        return first.id_for_label if first is not None else self.auto_id

    def build_widget_attrs(self, attrs, widget=None):
        widget = widget or self.field.widget
        attrs = super().build_widget_attrs(attrs, widget)
        classes = self._nhsuk_classes(widget)
        if classes:
            own = attrs.get("class") or widget.attrs.get("class")
            attrs["class"] = " ".join([*classes, own] if own else classes)
        return attrs

    def _nhsuk_classes(self, widget) -> list[str]:
        error = bool(self.errors)
        if isinstance(widget, forms.CheckboxSelectMultiple | forms.CheckboxInput):
            return ["nhsuk-checkboxes__input"]
        if isinstance(widget, forms.RadioSelect):
            return ["nhsuk-radios__input"]
        if isinstance(widget, forms.Select):
            return ["nhsuk-select", *(["nhsuk-select--error"] if error else [])]
        if isinstance(widget, forms.Textarea):
            return ["nhsuk-textarea", *(["nhsuk-textarea--error"] if error else [])]
        if isinstance(widget, Input) and not widget.is_hidden:
            return [
                "nhsuk-input",
                *([f"nhsuk-input--width-{self.width}"] if self.width else []),
                *(["nhsuk-input--error"] if error else []),
            ]
        # A widget of several inputs (a date) classes its own inputs; a hidden input needs none.
        return []


class NHSUKFormRenderer(TemplatesSetting):
    """Django's TemplatesSetting renderer (templates from TEMPLATES, so templates/django/forms/
    overrides Django's own) with NHS.UK bound fields."""

    bound_field_class = NHSUKBoundField


NHSUK_RENDERER = NHSUKFormRenderer()
