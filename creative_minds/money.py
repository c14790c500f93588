"""Money, written one way everywhere: pages, emails, the admin and exports' labels.

GOV.UK style in Django's en-GB number format: "£1,000" for whole pounds, "£2,500.50" otherwise,
"£0" for nothing. Templates write `{{ amount|pounds }}` (creative_minds.templatetags.cm_tags).
"""

from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format


def pounds(amount) -> str:
    """An amount of money as people read it: £1,000, £2,500.50 or -£5. Blank for no amount."""
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except InvalidOperation:
        return ""
    places = 0 if value == value.to_integral_value() else 2
    digits = number_format(abs(value), decimal_pos=places, use_l10n=True, force_grouping=True)
    return f"-£{digits}" if value < 0 else f"£{digits}"
