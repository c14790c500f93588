"""Components of the activity pages.

The result card is built in Python with format_html rather than as an included template: a
search page shows 20 cards, and rendering them (with the filter options, then hand-written)
through the template engine took a third of the page's time (measured with `make bench`).
The filter options are now the search form's own widgets (activities.search.filters.FacetChoicesMixin).
"""

import numpy as np
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from activities.search import facet_index
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
        format_html(' · <span class="cm-result__distance">{} away</span>', miles(card.distance))
        if card.distance is not None
        else ""
    )
    rows = format_html_join(
        "",
        '<div class="nhsuk-summary-list__row"><dt class="nhsuk-summary-list__key">{}</dt>'
        '<dd class="nhsuk-summary-list__value">{}</dd></div>',
        [
            ("When", format_html_join(mark_safe("<br>"), "{}", ((line,) for line in card.when))),  # noqa: S308
            ("Where", card.where),
            ("Cost", card.cost),
            ("How to join", card.how_to_join),
        ],
    )
    needs = (
        format_html(
            '<ul class="nhsuk-list cm-tags cm-result__needs" aria-label="Access and support">{}</ul>',
            format_html_join(
                "",
                '<li><strong class="nhsuk-tag nhsuk-tag--white">{}</strong></li>',
                ((n,) for n in card.needs),
            ),
        )
        if card.needs
        else ""
    )
    return format_html(
        '<div class="nhsuk-card"><div class="nhsuk-card__content">'
        '<h3 class="nhsuk-card__heading nhsuk-heading-m"><a href="{}">{}</a></h3>'
        '<p class="nhsuk-body-s cm-result__meta">Run by {}{}</p>'
        '<p class="nhsuk-card__description">{}</p>{}'
        '<dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">{}</dl>'
        "</div></div>",
        card.url,
        card.title,
        card.partner_title,
        distance,
        card.summary,
        needs,
        rows,
    )
