"""Content page blocks that show facts kept elsewhere, so a page can never contradict them.

Editors write and move the words around them; the contact details come from the site settings
and the retention periods from the deployment's settings, as they are today."""

from django.conf import settings
from wagtail import blocks


def days_in_words(days: int) -> str:
    """365 → "365 days (12 months)", 14 → "14 days", 1 → "1 day"."""
    text = f"{days} day{'' if days == 1 else 's'}"
    if days >= 365 and days % 365 == 0:
        text += f" ({12 * days // 365} months)"
    return text


class ContactDetailsBlock(blocks.StaticBlock):
    class Meta:
        icon = "mail"
        label = "Contact details"
        admin_text = "How to contact Creative Minds, from Settings → Site settings."
        template = "components/blocks/contact_details.html"


class RetentionBlock(blocks.StaticBlock):
    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["referral_retention"] = days_in_words(settings.REFERRAL_RETENTION_DAYS)
        context["link_valid"] = days_in_words(settings.WELLBEING_LINK_VALID_DAYS)
        return context

    class Meta:
        icon = "time"
        label = "How long we keep information"
        admin_text = (
            "A table of how long each kind of information is kept, with the periods this site "
            "is set to use (REFERRAL_RETENTION_DAYS, WELLBEING_LINK_VALID_DAYS)."
        )
        template = "components/blocks/retention.html"
