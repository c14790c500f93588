"""Components of the activity pages.

The result card is built in Python as strings, each value escaped once, rather than as an
included template or nested format_html calls: a search page shows 20 cards and a partner's page
up to 50, and the template engine took a third of the search page's time (measured with `make
bench`); format_html's per-argument escaping and formatting was still 8 ms of a partner page.
"""

import numpy as np
from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from activities.search import facet_index
from activities.search.markup import escaped
from creative_minds.templatetags.cm_tags import miles

register = template.Library()


@register.inclusion_tag("activities/components/activity_card_list.html")
def partner_activity_cards(partner):
    """The partner's published activities as cards, in name order, from the search index."""
    index = facet_index.current()
    return {
        "cards": [index.cards[row] for row in np.flatnonzero(index.partner == partner.pk)],
        "list_id": "partner-activities",
        "partner": partner,
    }


@register.simple_tag
def activity_card(card):
    """One activity (an activities.search.cards.ActivityCard) as an NHS.UK card."""
    distance = (
        f' · <span class="cm-result__distance">{escaped(miles(card.distance))} away</span>'
        if card.distance is not None
        else ""
    )
    when = "<br>".join(escaped(line) for line in card.when)
    rows = "".join(
        f'<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{key}</dt>'
        f'<dd class="nhsuk-summary-list__value">{value}</dd></div>'
        for key, value in (
            ("When", when),
            ("Where", escaped(card.where)),
            ("Cost", escaped(card.cost)),
            ("How to join", escaped(card.how_to_join)),
        )
    )
    needs = (
        '<ul class="nhsuk-list cm-tags cm-result__needs" aria-label="Access and support">'
        + "".join(
            f'<li><strong class="nhsuk-tag nhsuk-tag--white">{escaped(need)}</strong></li>'
            for need in card.needs
        )
        + "</ul>"
        if card.needs
        else ""
    )
    # Read on each showing, so a pause that has ended drops its note without a rebuild of the
    # index (only a paused activity can have one, and the date costs on each of 20 cards).
    paused_note = card.paused_note(timezone.localdate()) if card.paused else ""
    paused = (
        '<p class="nhsuk-u-margin-bottom-2 cm-result__paused">'
        f'<strong class="nhsuk-tag nhsuk-tag--orange">{escaped(paused_note)}</strong></p>'
        if paused_note
        else ""
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        '<div class="nhsuk-card"><div class="nhsuk-card__content">'
        '<h3 class="nhsuk-card__heading nhsuk-heading-m">'
        f'<a href="{escaped(card.url)}">{escaped(card.title)}</a></h3>'
        f'<p class="nhsuk-body-s cm-result__meta">Run by {escaped(card.partner_title)}{distance}</p>{paused}'
        f'<p class="nhsuk-card__description">{escaped(card.summary)}</p>{needs}'
        f'<dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">{rows}</dl>'
        "</div></div>"
    )
