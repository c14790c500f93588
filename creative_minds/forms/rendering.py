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
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

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


class WrittenFieldGroupBoundField(NHSUKBoundField):
    """A field group with the markup of templates/django/forms/field.html, written in Python.

    For a form drawn on every request of a busy page (the search draws 14 field groups): through
    the template engine they were a quarter of that page's time (see the README's benchmarks).
    Every other form keeps the template, which stays the one to read for the markup; a test
    checks the two give the same HTML. The widget inside is still the widget's own rendering."""

    def as_field_group(self) -> SafeString:
        errors = self.errors
        if self.use_fieldset:
            parts = self._fieldset(errors)
        elif self.widget_type == "checkbox":
            parts = self._single_checkbox(errors)
        else:
            parts = self._labelled(errors)
        group = "nhsuk-form-group nhsuk-form-group--error" if errors else "nhsuk-form-group"
        return mark_safe("\n".join([f'<div class="{group}">', *filter(None, parts), "</div>"]))  # noqa: S308

    def _fieldset(self, errors) -> list[str]:
        role = ' role="group"' if self.widget_type == "date" else ""
        described = self.aria_describedby
        described_by = f' aria-describedby="{conditional_escape(described)}"' if described else ""
        return [
            f'<fieldset class="nhsuk-fieldset"{role}{described_by}>',
            '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">'
            f"{conditional_escape(self.label)}</legend>",
            self._hint_html(),
            self._errors_html(errors),
            str(self),
            "</fieldset>",
        ]

    def _single_checkbox(self, errors) -> list[str]:
        """A single checkbox carries its own label, and its hint under it."""
        hint = self.hint
        hint_html = (
            f'<div class="nhsuk-hint nhsuk-checkboxes__hint" id="{conditional_escape(self.hint_id)}">'
            f"{conditional_escape(hint)}</div>"
            if hint
            else ""
        )
        return [
            self._errors_html(errors),
            '<div class="nhsuk-checkboxes">',
            '<div class="nhsuk-checkboxes__item">',
            str(self),
            f'<label class="nhsuk-label nhsuk-checkboxes__label" for="{self._label_for}">'
            f"{conditional_escape(self.label)}</label>",
            hint_html,
            "</div>",
            "</div>",
        ]

    def _labelled(self, errors) -> list[str]:
        return [
            f'<label class="nhsuk-label nhsuk-label--s" for="{self._label_for}">'
            f"{conditional_escape(self.label)}</label>",
            self._hint_html(),
            self._errors_html(errors),
            str(self),
        ]

    def _hint_html(self) -> str:
        hint = self.hint
        if not hint:
            return ""
        hint_id = conditional_escape(self.hint_id)
        return f'<div class="nhsuk-hint" id="{hint_id}">{conditional_escape(hint)}</div>'

    @property
    def _label_for(self) -> str:
        return conditional_escape(self.id_for_label)

    def _errors_html(self, errors) -> str:
        """One message, so one id, even when a field has two problems."""
        if not errors:
            return ""
        messages = "<br>".join(str(conditional_escape(error)) for error in errors)
        return (
            f'<span class="nhsuk-error-message" id="{conditional_escape(self.error_id)}">'
            f'<span class="nhsuk-u-visually-hidden">Error:</span> {messages}</span>'
        )


class NHSUKFormRenderer(TemplatesSetting):
    """Django's TemplatesSetting renderer (templates from TEMPLATES, so templates/django/forms/
    overrides Django's own) with NHS.UK bound fields."""

    bound_field_class = NHSUKBoundField


NHSUK_RENDERER = NHSUKFormRenderer()
