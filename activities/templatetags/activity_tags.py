"""Components of the activity pages.

The result card and the filter options are built in Python with format_html rather than as
included templates: a search page shows 20 cards and about 45 options, and rendering them
through the template engine took a third of the page's time (measured with `make bench`).
"""

import numpy as np
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from activities import facet_index
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
    """One activity (an activities.cards.ActivityCard) as an NHS.UK card."""
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
    return format_html(
        '<div class="nhsuk-card"><div class="nhsuk-card__content">'
        '<h3 class="nhsuk-card__heading nhsuk-heading-m"><a href="{}">{}</a></h3>'
        '<p class="nhsuk-body-s cm-result__meta">Run by {}{}</p>'
        '<p class="nhsuk-card__description">{}</p>'
        '<dl class="nhsuk-summary-list nhsuk-u-margin-bottom-0">{}</dl>'
        "</div></div>",
        card.url,
        card.title,
        card.partner_title,
        distance,
        card.summary,
        rows,
    )


@register.simple_tag
def facet_fieldset(facet, input_type):
    """A facet (activities.selectors.Facet) as NHS.UK radios or checkboxes, each with its count."""
    kind = "radios" if input_type == "radio" else "checkboxes"
    options = [
        (kind, kind, facet.name, option.value, facet.name, input_type, option.value,
         " checked" if option.selected else "", kind, facet.name, option.value, option.label,
         format_html(' <span class="cm-count">({})</span>', option.count) if option.count is not None else "")
        for option in facet.options
    ]  # fmt: skip
    if input_type == "radio":
        # "All" clears the choice, since a radio cannot be unticked.
        options.insert(
            0,
            (kind, kind, facet.name, "all", facet.name, "radio", "", "" if facet.any_selected else " checked",
             kind, facet.name, "all", "All", ""),
        )  # fmt: skip
    items = format_html_join(
        "",
        '<div class="nhsuk-{}__item"><input class="nhsuk-{}__input" id="{}-{}" name="{}" type="{}" '
        'value="{}"{}><label class="nhsuk-label nhsuk-{}__label" for="{}-{}">{}{}</label></div>',
        options,
    )
    return format_html(
        '<div class="nhsuk-form-group"><fieldset class="nhsuk-fieldset">'
        '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{}</legend>'
        '<div class="nhsuk-{} nhsuk-{}--small">{}</div></fieldset></div>',
        facet.label,
        kind,
        kind,
        items,
    )
