"""The base classes every form on the public and members' pages is built on."""

from django import forms

from creative_minds.forms.rendering import NHSUK_RENDERER


class NHSUKFormMixin:
    """Renders the form in NHS.UK frontend markup (see creative_minds.forms.rendering)."""

    default_renderer = NHSUK_RENDERER

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field.widget, forms.RadioSelect)
                and field.required
                and isinstance(field, forms.ChoiceField)
                and not isinstance(field, forms.ModelChoiceField)  # Django leaves it out already
            ):
                # A model field's choices start with "---------"; nothing ticked already says that.
                field.choices = [(value, label) for value, label in field.choices if value not in ("", None)]
            if isinstance(field.widget, forms.Textarea):
                # The browser would cut off, without a word, whatever is typed or pasted past the
                # limit; the field's own message says what the limit is instead (as NHS.UK's
                # character count advises).
                field.widget.attrs.pop("maxlength", None)


class NHSUKForm(NHSUKFormMixin, forms.Form):
    pass


class NHSUKModelForm(NHSUKFormMixin, forms.ModelForm):
    pass
