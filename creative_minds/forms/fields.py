"""Form fields that go with the NHS.UK widgets."""

import datetime

from django import forms

from creative_minds.forms.widgets import DateInput


class DateField(forms.DateField):
    """A date typed into NHS.UK's day, month and year boxes.

    Accepts what people type: "7" or "07", a month as a number, a four-digit year. Anything else
    is the field's "invalid" message, and the boxes show again exactly what was typed.
    """

    widget = DateInput

    def to_python(self, value):
        if not isinstance(value, list | tuple):
            return super().to_python(value)
        day, month, year = (str(part or "").strip() for part in value)
        if not (day or month or year):
            return None
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error
