"""Widgets for the kinds of answer NHS.UK frontend treats in its own way.

Numbers: the NHS.UK and GOV.UK design systems advise against `<input type="number">` (the
browser may round big numbers, change the value when someone scrolls over it, and accepts "e")
and ask for a text input that brings up a number keypad on phones. So numbers are text boxes
with `inputmode`: "numeric" for whole numbers, "decimal" for amounts of money.

Dates: NHS.UK's date input, three boxes for day, month and year, rather than the browser's
date picker, which many people using screen readers or zoom find hard to use.
"""

import datetime

from django import forms

DATE_PARTS = ("day", "month", "year")


class WholeNumberInput(forms.TextInput):
    """A whole number, like 20: a text box with the number keypad."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "numeric", "spellcheck": "false", **(attrs or {})})


class DecimalInput(forms.TextInput):
    """An amount, like 1500.50: a text box with the number keypad and a decimal point."""

    def __init__(self, attrs=None):
        super().__init__({"inputmode": "decimal", "spellcheck": "false", **(attrs or {})})


class HoneypotInput(forms.TextInput):
    """The box a page hides to catch bots, which fill in every field. People never see it, and
    their browsers must not fill it in for them either."""

    def __init__(self, attrs=None):
        super().__init__({"autocomplete": "off", "tabindex": "-1", **(attrs or {})})


class DateInput(forms.MultiWidget):
    """NHS.UK's date input: day, month and year boxes, sent as `<name>_day`, `_month`, `_year`.

    What arrives is the three texts as typed ([day, month, year]); creative_minds.forms.DateField
    turns them into a date, and shows them again as typed when they are not one.
    """

    template_name = "forms/widgets/date_input.html"
    WIDTHS = {"day": 2, "month": 2, "year": 4}

    def __init__(self, attrs=None):
        part = {"inputmode": "numeric", "spellcheck": "false"}
        super().__init__({name: forms.TextInput(part) for name in DATE_PARTS}, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, str) and value:
            # A date as the model or a link gives it (2027-03-27).
            try:
                return self.decompress(datetime.date.fromisoformat(value))
            except ValueError:
                return ["", "", ""]
        return ["", "", ""]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        error = context["widget"]["attrs"].get("aria-invalid") == "true"
        for part, subwidget in zip(DATE_PARTS, context["widget"]["subwidgets"], strict=True):
            classes = ["nhsuk-input", "nhsuk-date-input__input", f"nhsuk-input--width-{self.WIDTHS[part]}"]
            if error:
                classes.append("nhsuk-input--error")
            subwidget["attrs"]["class"] = " ".join(classes)
            subwidget["label"] = part.capitalize()
        return context
