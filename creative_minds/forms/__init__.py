"""Forms in NHS.UK frontend markup, rendered through Django's own widgets (see rendering.py)."""

from creative_minds.forms.base import NHSUKForm, NHSUKFormMixin, NHSUKModelForm
from creative_minds.forms.fields import DateField
from creative_minds.forms.rendering import (
    NHSUK_RENDERER,
    NHSUKBoundField,
    NHSUKFormRenderer,
    WrittenFieldGroupBoundField,
)
from creative_minds.forms.widgets import DateInput, DecimalInput, HoneypotInput, WholeNumberInput

__all__ = [
    "NHSUK_RENDERER",
    "DateField",
    "DateInput",
    "DecimalInput",
    "HoneypotInput",
    "NHSUKBoundField",
    "NHSUKForm",
    "NHSUKFormMixin",
    "NHSUKFormRenderer",
    "NHSUKModelForm",
    "WholeNumberInput",
    "WrittenFieldGroupBoundField",
]
